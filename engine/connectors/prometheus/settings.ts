/** The prometheus connector's settings, read from a host's `connector` map (`docs/modules.md#prometheus`). */
import { parseDurationMs } from '../config';

export interface PrometheusSettings {
  /** Always ends in `/`. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly token?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 10_000;

export class PrometheusSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusSettingsError';
  }
}

function text(map: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = map[key];
  // Non-strings count as absent, as for every connector key.
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function normalisePrometheusUrl(raw: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new PrometheusSettingsError(`connector.url "${raw}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PrometheusSettingsError(`connector.url "${raw}": only http and https are supported`);
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  url.search = '';
  url.hash = '';
  return url.href;
}

export function prometheusSettingsFrom(connector: unknown, hostName: string): PrometheusSettings {
  const map = typeof connector === 'object' && connector !== null && !Array.isArray(connector) ? (connector as Record<string, unknown>) : {};
  const url = text(map, 'url');
  if (url === undefined) throw new PrometheusSettingsError(`host ${hostName}: connector.url is required for the prometheus connector`);
  const headers: Record<string, string> = {};
  const rawHeaders = map.headers;
  if (typeof rawHeaders === 'object' && rawHeaders !== null && !Array.isArray(rawHeaders)) {
    for (const [name, value] of Object.entries(rawHeaders as Record<string, unknown>)) if (typeof value === 'string') headers[name] = value;
  }
  let timeoutMs: number | undefined;
  try {
    timeoutMs = parseDurationMs(map.timeout, `host ${hostName}: connector.timeout`);
  } catch (error) {
    throw new PrometheusSettingsError((error as Error).message);
  }
  const username = text(map, 'username');
  const password = text(map, 'password');
  const token = text(map, 'token');
  return {
    url: normalisePrometheusUrl(url),
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(token !== undefined ? { token } : {}),
    headers,
    timeoutMs: timeoutMs !== undefined && timeoutMs > 0 ? timeoutMs : DEFAULT_PROMETHEUS_TIMEOUT_MS,
  };
}
