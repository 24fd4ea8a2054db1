/**
 * Go's net/url: url.Parse, URL.String, URL.Hostname and Userinfo.String. Go works on bytes, so a
 * URL's fields are "binary strings" (one char per UTF-8 byte); toBytes/fromBytes convert.
 */
import { goStringBytes, goStringFromBytes } from '../core/values';
import { quote } from './strconv';

type Mode = 'path' | 'host' | 'zone' | 'userPassword' | 'fragment';

/** A JavaScript string as a Go string: one char per UTF-8 byte. */
export const toBytes = (s: string): string => goStringBytes(s).toString('latin1');
/** A Go string (one char per byte) as a kplay string (raw bytes kept: docs/templates.md#byte-strings). */
export const fromBytes = (s: string): string => goStringFromBytes(Buffer.from(s, 'latin1'));
const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/** What goes after `parse "…": ` in a *url.Error. */
class UrlProblem extends Error {}

/** Go's *url.Error from url.Parse: `parse "URL": problem`. */
export class UrlError extends Error {}

function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    switch (mode) {
      case 'path':
        return c === '?';
      case 'userPassword':
        return '@/?:'.includes(c);
      case 'fragment':
        return false;
      default:
        break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

/** %q of a Go string held as bytes. */
const goQuote = (s: string): string => quote(fromBytes(s));

function unescape(s: string, mode: Mode): string {
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '%') {
      if (!isHex(s[i + 1]) || !isHex(s[i + 2])) throw new UrlProblem(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      const v = parseInt(s.slice(i + 1, i + 3), 16);
      if (mode === 'host' && v >> 4 < 8 && s.slice(i, i + 3) !== '%25') {
        throw new UrlProblem(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      }
      if (mode === 'zone' && s.slice(i, i + 3) !== '%25' && v !== 0x20 && shouldEscape(String.fromCharCode(v), 'host')) {
        throw new UrlProblem(`invalid URL escape ${goQuote(s.slice(i, i + 3))}`);
      }
      i += 3;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && shouldEscape(c, mode)) {
      throw new UrlProblem(`invalid character ${goQuote(c)} in host name`);
    }
    i++;
  }
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function escape(s: string, mode: Mode): string {
  let out = '';
  for (const c of s) {
    out += shouldEscape(c, mode) ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : c;
  }
  return out;
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new UrlProblem("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlProblem(`invalid port ${goQuote(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      return unescape(host.slice(0, zone), 'host') + unescape(host.slice(zone, i), 'zone') + unescape(host.slice(i), 'host');
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1 && !validOptionalPort(host.slice(i))) {
      throw new UrlProblem(`invalid port ${goQuote(host.slice(i))} after host`);
    }
  }
  return unescape(host, 'host');
}

export interface UserInfo {
  username: string;
  password?: string;
}

/** A *url.URL; every field a Go string held as bytes (see toBytes). */
export interface ParsedUrl {
  scheme: string;
  opaque: string;
  user?: UserInfo;
  host: string;
  path: string;
  rawQuery: string;
  fragment: string;
}

function parseAuthority(authority: string): { user?: UserInfo; host: string } {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return { host };
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new UrlProblem('net/url: invalid userinfo');
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { host, user: { username: unescape(userinfo, 'userPassword') } };
  return {
    host,
    user: {
      username: unescape(userinfo.slice(0, colon), 'userPassword'),
      password: unescape(userinfo.slice(colon + 1), 'userPassword'),
    },
  };
}

function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlProblem('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

/** url.Parse of text without a `#fragment`, throwing UrlProblem (Go's parse(rawURL, false)). */
function parseWithoutFragment(raw: string): ParsedUrl {
   
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlProblem('net/url: invalid control character in URL');
  const url: ParsedUrl = { scheme: '', opaque: '', host: '', path: '', rawQuery: '', fragment: '' };
  if (raw === '*') return { ...url, path: '*' };
  const [scheme, afterScheme] = splitScheme(raw);
  url.scheme = scheme.toLowerCase();
  let rest = afterScheme;
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) [rest, url.rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') return { ...url, opaque: rest };
    if (rest.split('/')[0].includes(':')) throw new UrlProblem('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    const { user, host } = parseAuthority(authority);
    url.user = user;
    url.host = host;
  }
  url.path = unescape(rest, 'path');
  return url;
}

/** url.Parse of a Go string (bytes); throws UrlError with Go's text. */
export function parseUrl(raw: string): ParsedUrl {
  const hash = raw.indexOf('#');
  const beforeFragment = hash < 0 ? raw : raw.slice(0, hash);
  const fail = (subject: string, e: unknown): never => {
    if (e instanceof UrlProblem) throw new UrlError(`parse ${goQuote(subject)}: ${e.message}`);
    throw e;
  };
  let url: ParsedUrl;
  try {
    url = parseWithoutFragment(beforeFragment);
  } catch (e) {
    return fail(beforeFragment, e);
  }
  try {
    if (hash >= 0) url.fragment = unescape(raw.slice(hash + 1), 'fragment');
  } catch (e) {
    return fail(raw, e);
  }
  return url;
}

/** Userinfo.String(). */
export function userInfoString(user: UserInfo): string {
  const name = escape(user.username, 'userPassword');
  return user.password === undefined ? name : `${name}:${escape(user.password, 'userPassword')}`;
}

/** URL.Hostname() of a URL's host. */
export function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon !== -1 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** Go's URL.String(); the path and fragment are re-escaped from their decoded form. */
export function formatUrl(url: ParsedUrl): string {
  let out = url.scheme === '' ? '' : `${url.scheme}:`;
  if (url.opaque !== '') {
    out += url.opaque;
  } else {
    if (url.scheme !== '' || url.host !== '' || url.user !== undefined) {
      if (url.host !== '' || url.path !== '' || url.user !== undefined) out += '//';
      if (url.user !== undefined) out += `${userInfoString(url.user)}@`;
      if (url.host !== '') out += escape(url.host, 'host');
    }
    const path = url.path === '*' ? '*' : escape(url.path, 'path');
    if (path !== '' && path[0] !== '/' && url.host !== '') out += '/';
    if (out === '' && path.split('/')[0].includes(':')) out += './';
    out += path;
  }
  if (url.rawQuery !== '') out += `?${url.rawQuery}`;
  if (url.fragment !== '') out += `#${escape(url.fragment, 'fragment')}`;
  return out;
}
