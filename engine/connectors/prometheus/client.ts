/** Instant queries against the Prometheus HTTP API with the connector's auth and headers. */
import { HttpError, httpRequest, readBody } from '../../http';
import type { PrometheusSettings } from './settings';

export interface QueryParams {
  readonly query: string;
  readonly time?: string;
}

export class PrometheusRequestError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'PrometheusRequestError';
  }
}

export class PrometheusClient {
  constructor(private readonly settings: PrometheusSettings) {}

  get url(): string {
    return this.settings.url;
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'kplay' };
    const { username, password, token } = this.settings;
    if (username && password) headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (token) headers.authorization = `Bearer ${token}`;
    // Custom headers last: they may override anything above, as in KubeKey.
    for (const [name, value] of Object.entries(this.settings.headers)) headers[name.toLowerCase()] = value;
    return headers;
  }

  async get(path: string, signal?: AbortSignal): Promise<{ status: number; body: string }> {
    const url = new URL(path, this.settings.url);
    try {
      const response = await httpRequest({ method: 'GET', url: url.href, headers: this.headers(), timeoutMs: this.settings.timeoutMs, ...(signal ? { signal } : {}) });
      // Whatever the server answers is the result: answers are not size-limited.
      return { status: response.status, body: (await readBody(response, Infinity)).toString('utf8') };
    } catch (error) {
      // Messages name the endpoint, not the whole query string.
      if (error instanceof HttpError) throw new PrometheusRequestError(error.message.replace(url.href, `${url.origin}${url.pathname}`));
      throw error;
    }
  }

  /** The reachability check of the connector's Init. */
  async checkBuildInfo(signal?: AbortSignal): Promise<void> {
    const { status } = await this.get('api/v1/status/buildinfo', signal);
    if (status !== 200) throw new PrometheusRequestError(`failed to connect to Prometheus: status code ${status}`, status);
  }

  /** The answer body; a non-200 status is an error naming status and body. */
  async query(params: QueryParams, signal?: AbortSignal): Promise<string> {
    const search = new URLSearchParams({ query: params.query });
    if (params.time !== undefined && params.time !== '') search.set('time', params.time);
    const { status, body } = await this.get(`api/v1/query?${search.toString()}`, signal);
    if (status !== 200) throw new PrometheusRequestError(`prometheus query failed with status ${status}: ${body}`, status);
    return body;
  }
}
