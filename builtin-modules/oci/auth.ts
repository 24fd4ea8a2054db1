/**
 * Registry authentication (distribution's token spec): a 401 names the scheme in
 * WWW-Authenticate. `Basic` → send the credentials; `Bearer realm=…,service=…` → fetch a token
 * from the realm (with the credentials as basic auth when given) for the scope the request needs,
 * and cache it per scope.
 */
import { httpRequest, readBody, type TlsOptions } from '../../engine/modules/module-api';
import { errorText } from './registry-errors';

export interface Credentials {
  readonly username?: string;
  readonly password?: string;
}

export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

export class RegistryAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryAuthError';
  }
}

/** Parses `Bearer realm="https://auth",service="reg",scope="repository:a:pull"`. */
export function parseChallenge(header: string): Challenge {
  const trimmed = header.trim();
  const space = trimmed.search(/\s/);
  const scheme = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const rest = space < 0 ? '' : trimmed.slice(space + 1);
  for (const match of rest.matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[match[1].toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3];
  }
  return { scheme, params };
}

function basicHeader(credentials: Credentials): string | undefined {
  if (!credentials.username && !credentials.password) return undefined;
  return `Basic ${Buffer.from(`${credentials.username ?? ''}:${credentials.password ?? ''}`).toString('base64')}`;
}

/** Authorization state for one registry host. */
export class AuthSession {
  private challenge?: Challenge;
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly registry: string,
    private readonly credentials: Credentials,
    private readonly tls: TlsOptions,
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** The Authorization header for a request needing `scope`, when the scheme is already known. */
  headerFor(scope: string): string | undefined {
    if (this.challenge?.scheme === 'basic') return basicHeader(this.credentials);
    if (this.challenge?.scheme === 'bearer') {
      const token = this.tokens.get(scope);
      return token !== undefined ? `Bearer ${token}` : undefined;
    }
    return undefined;
  }

  /**
   * Learns from a 401 and prepares credentials for `scope`. Returns false when retrying cannot
   * help (no credentials for Basic, or the header was already sent and refused).
   */
  async handleUnauthorized(wwwAuthenticate: string | undefined, scope: string, alreadySent: boolean): Promise<boolean> {
    if (wwwAuthenticate === undefined) return false;
    const challenge = parseChallenge(wwwAuthenticate);
    const wasKnown = this.challenge?.scheme === challenge.scheme;
    this.challenge = challenge;
    if (challenge.scheme === 'basic') return basicHeader(this.credentials) !== undefined && !(alreadySent && wasKnown);
    if (challenge.scheme !== 'bearer') throw new RegistryAuthError(`${this.registry}: unsupported authentication scheme "${challenge.scheme}"`);
    if (alreadySent && this.tokens.has(scope)) return false;
    this.tokens.set(scope, await this.fetchToken(challenge, scope));
    return true;
  }

  private async fetchToken(challenge: Challenge, scope: string): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm) throw new RegistryAuthError(`${this.registry}: Bearer challenge without realm`);
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', scope);
    const basic = basicHeader(this.credentials);
    const response = await httpRequest({
      method: 'GET',
      url: url.href,
      headers: { accept: 'application/json', ...(basic ? { authorization: basic } : {}) },
      tls: this.tls,
      timeoutMs: this.timeoutMs,
      signal: this.signal,
    });
    if (response.status !== 200) {
      throw new RegistryAuthError(`${this.registry}: token request to ${url.origin}${url.pathname} failed with status ${response.status}: ${await errorText(response)}`);
    }
    const doc = JSON.parse((await readBody(response, 1024 * 1024)).toString('utf8')) as { token?: string; access_token?: string };
    const token = doc.token ?? doc.access_token;
    if (!token) throw new RegistryAuthError(`${this.registry}: token response from ${url.origin}${url.pathname} has no token`);
    return token;
  }
}
