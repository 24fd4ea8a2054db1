/**
 * Connector settings of one host, read from its `connector` variable map (`docs/connectors.md#connector-variables`).
 * Values of the wrong type are treated as absent, as the dialect prescribes.
 */
import { GoFloat, GoInt } from '../core/values';
import { shellSetting } from './login-shell';
import { DurationParseError, durationToMs, parseDuration } from '../go/time';

export type HostKeyChecking = 'strict' | 'accept-new' | 'off';
export type SessionMode = 'persistent' | 'exec';

export interface ConnectorConfig {
  /** `local`, `ssh`, `kubernetes`, `prometheus`, or undefined to decide by address. */
  readonly type?: string;
  /** Address to reach (defaults to the inventory name). */
  readonly host: string;
  readonly port: number;
  /** Login user; undefined means `root` over SSH and the controller's user locally. */
  readonly user?: string;
  readonly password?: string;
  /** Controller path of a private key. */
  readonly privateKey?: string;
  /** PEM text of a private key. */
  readonly privateKeyContent?: string;
  readonly connectTimeoutMs: number;
  /** SSH keep-alive interval; undefined disables keep-alives. */
  readonly keepaliveIntervalMs?: number;
  /** Default timeout for every command unless the call sets its own. */
  readonly commandTimeoutMs?: number;
  readonly hostKeyChecking: HostKeyChecking;
  /** `connector.shell`: the shell `command`/`shell` tasks run under instead of the login user's. */
  readonly shell?: string;
  /**
   * `connector.session`: `persistent` runs commands in long-lived shell sessions, `exec` opens an
   * SSH exec channel per command (`docs/connectors.md#persistent-sessions`). Default persistent.
   */
  readonly session?: SessionMode;
  /** Bastion to tunnel through. */
  readonly proxyJump?: ConnectorConfig;
  /**
   * The host's `connector` map as written: connector types with keys of their own (prometheus's
   * url, token, headers) read them here.
   */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export const DEFAULT_SSH_PORT = 22;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface BuildConfigOptions {
  /** Looks up another inventory host's `connector` map, for `proxy_jump: <inventory name>`. */
  readonly resolveHost?: (hostName: string) => unknown;
}

type ConnectorMap = Readonly<Record<string, unknown>>;

function asMap(value: unknown): ConnectorMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ConnectorMap) : {};
}

function stringField(map: ConnectorMap, key: string): string | undefined {
  const value = map[key];
  return typeof value === 'string' ? value : undefined;
}

/** Integer, or a string holding a base-10 integer (`docs/connectors.md#connector-variables`). */
function parsePort(value: unknown, hostName: string): number {
  if (value === undefined || value === null) return DEFAULT_SSH_PORT;
  let port: number | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) port = value;
  else if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) port = Number.parseInt(value, 10);
  else if (typeof value === 'bigint') port = Number(value);
  if (port === undefined) return DEFAULT_SSH_PORT;
  if (port < 1 || port > 65535) throw new Error(`host ${hostName}: connector.port ${port} is out of range 1-65535`);
  return port;
}

/** Accepts seconds as a number or a numeric string, or a non-negative Go duration such as `1m30s`. */
export function parseDurationMs(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  // YAML floats (`1.5`) and 64-bit ints arrive as Go values, not JavaScript numbers.
  const seconds = typeof value === 'number' ? value : value instanceof GoFloat ? value.value : value instanceof GoInt ? Number(value.value) : undefined;
  if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
    const nanos = goDurationOrUndefined(text);
    if (nanos !== undefined && nanos >= 0n) return durationToMs(nanos);
  }
  throw new Error(`${what}: ${JSON.stringify(value)} is not a duration (use seconds or e.g. "30s", "1m")`);
}

function goDurationOrUndefined(text: string): bigint | undefined {
  try {
    return parseDuration(text);
  } catch (error) {
    if (error instanceof DurationParseError) return undefined;
    throw error;
  }
}

function parseSessionMode(value: unknown, hostName: string): SessionMode | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === 'persistent' || value === 'exec') return value;
  throw new Error(`host ${hostName}: connector.session must be persistent or exec, got ${JSON.stringify(value)}`);
}

function parseHostKeyChecking(value: unknown, hostName: string): HostKeyChecking {
  if (value === undefined || value === null) return 'accept-new';
  if (value === false) return 'off';
  if (value === true) return 'strict';
  if (value === 'strict' || value === 'accept-new' || value === 'off') return value;
  if (value === 'yes') return 'strict';
  if (value === 'no') return 'off';
  throw new Error(`host ${hostName}: connector.host_key_checking must be strict, accept-new or off, got ${JSON.stringify(value)}`);
}

/** `user@host:port`, `host:port`, `[v6]:port`, `user@host`. */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } {
  let rest = spec.trim();
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  let host = rest;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2] === undefined ? undefined : Number(bracketed[2]);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon >= 0 && rest.indexOf(':') === colon) {
      host = rest.slice(0, colon);
      port = Number(rest.slice(colon + 1));
      if (!Number.isInteger(port)) throw new Error(`proxy_jump ${JSON.stringify(spec)}: bad port`);
    }
  }
  if (host === '') throw new Error(`proxy_jump ${JSON.stringify(spec)}: missing host`);
  return { user, host, port };
}

export function buildConnectorConfig(
  hostName: string,
  connector: unknown,
  options: BuildConfigOptions = {},
  seenJumps: ReadonlySet<string> = new Set(),
): ConnectorConfig {
  const map = asMap(connector);
  const keepalive = parseDurationMs(map.keepalive ?? map.keepalive_interval, `host ${hostName}: connector.keepalive`);
  return {
    type: stringField(map, 'type'),
    host: stringField(map, 'host') || hostName,
    port: parsePort(map.port, hostName),
    user: stringField(map, 'user') || undefined,
    password: stringField(map, 'password'),
    privateKey: stringField(map, 'private_key') || undefined,
    privateKeyContent: stringField(map, 'private_key_content') || undefined,
    connectTimeoutMs:
      parseDurationMs(map.connect_timeout, `host ${hostName}: connector.connect_timeout`) ?? DEFAULT_CONNECT_TIMEOUT_MS,
    keepaliveIntervalMs: keepalive === 0 ? undefined : keepalive,
    commandTimeoutMs: parseDurationMs(map.command_timeout, `host ${hostName}: connector.command_timeout`),
    hostKeyChecking: parseHostKeyChecking(map.host_key_checking, hostName),
    ...(shellSetting(map) !== undefined ? { shell: shellSetting(map) } : {}),
    ...(parseSessionMode(map.session, hostName) !== undefined ? { session: parseSessionMode(map.session, hostName) } : {}),
    proxyJump: buildJump(hostName, map.proxy_jump, options, seenJumps, map),
    settings: map,
  };
}

function buildJump(
  hostName: string,
  value: unknown,
  options: BuildConfigOptions,
  seenJumps: ReadonlySet<string>,
  parent: ConnectorMap,
): ConnectorConfig | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const chain = new Set(seenJumps).add(hostName);
  if (typeof value === 'object') return { ...buildConnectorConfig(`${hostName} (proxy_jump)`, value, options, chain), type: 'ssh' };
  if (typeof value !== 'string') return undefined;
  if (chain.has(value)) throw new Error(`host ${hostName}: proxy_jump loops back to ${value}`);
  const inventoryConnector = options.resolveHost?.(value);
  if (inventoryConnector !== undefined) {
    return { ...buildConnectorConfig(value, inventoryConnector, options, chain), type: 'ssh' };
  }
  const spec = parseJumpSpec(value);
  return {
    type: 'ssh',
    host: spec.host,
    port: spec.port ?? DEFAULT_SSH_PORT,
    user: spec.user,
    // A bare `user@host:port` bastion usually accepts the same key as the target.
    privateKey: stringField(parent, 'private_key') || undefined,
    privateKeyContent: stringField(parent, 'private_key_content') || undefined,
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
    hostKeyChecking: parseHostKeyChecking(parent.host_key_checking, hostName),
  };
}
