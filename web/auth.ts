/**
 * The server's one secret: a bearer token made at start, kept in `<workdir>/web/token` (0600)
 * and printed with a one-time login URL. A request is authenticated by the `Authorization:
 * Bearer` header or by the HttpOnly SameSite=Strict cookie the login sets. A cookie alone never
 * changes anything: state-changing requests need the header, or the cookie plus the page's custom
 * header (which a cross-site form cannot send and a cross-site script cannot add without a CORS
 * preflight this server never grants).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync } from 'node:fs';
import { writeFileAtomic } from './workspace';

export const COOKIE_NAME = 'kplay_session';
/** The custom header the page sends with every state-changing request. */
export const CSRF_HEADER = 'x-kplay-request';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function writeTokenFile(file: string, token: string): void {
  writeFileAtomic(file, `${token}\n`, 0o600);
  chmodSync(file, 0o600);
}

export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function bearer(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  return match === null ? undefined : match[1];
}

export type AuthVerdict = 'ok' | 'unauthenticated' | 'csrf';

export interface AuthInput {
  readonly method: string;
  readonly authorization?: string;
  readonly cookie?: string;
  readonly csrfHeader?: string;
  /** `Sec-Fetch-Site` as the browser sent it. */
  readonly fetchSite?: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authorize(input: AuthInput, token: string): AuthVerdict {
  if (sameSecret(bearer(input.authorization), token)) return 'ok';
  if (!sameSecret(cookieValue(input.cookie, COOKIE_NAME), token)) return 'unauthenticated';
  if (SAFE_METHODS.has(input.method)) return 'ok';
  if (input.csrfHeader !== '1') return 'csrf';
  if (input.fetchSite !== undefined && input.fetchSite !== 'same-origin') return 'csrf';
  return 'ok';
}

/** One-time login codes: the printed URL carries one; using it sets the cookie and spends it. */
export class LoginCodes {
  private readonly codes = new Set<string>();

  issue(): string {
    const code = newSecret();
    this.codes.add(code);
    return code;
  }

  spend(code: string | undefined): boolean {
    if (code === undefined) return false;
    for (const c of this.codes) {
      if (sameSecret(code, c)) {
        this.codes.delete(c);
        return true;
      }
    }
    return false;
  }
}

export function sessionCookie(token: string, secure: boolean): string {
  return `${COOKIE_NAME}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
