/** Sprig's urlParse/urlJoin (url.go) over Go's net/url (engine/go/url.ts). */
import { FunctionError, fn, type FunctionMap } from '../function-types';
import { type GoMap, type GoValue, goKindName } from '../../core/values';
import { formatUrl, fromBytes, hostname, parseUrl, toBytes, UrlError, userInfoString, type ParsedUrl } from '../../go/url';

function urlParse(raw: string): GoMap {
  let url: ParsedUrl;
  try {
    url = parseUrl(toBytes(raw));
  } catch (e) {
    if (e instanceof UrlError) throw new FunctionError(`unable to parse url: ${e.message}`);
    throw e;
  }
  return {
    scheme: fromBytes(url.scheme),
    host: fromBytes(url.host),
    hostname: fromBytes(hostname(url.host)),
    path: fromBytes(url.path),
    query: fromBytes(url.rawQuery),
    opaque: fromBytes(url.opaque),
    fragment: fromBytes(url.fragment),
    userinfo: url.user === undefined ? '' : fromBytes(userInfoString(url.user)),
  };
}

/** Sprig's dictGetOrEmpty: missing → "", a non-string value panics. */
function stringEntry(d: GoMap, key: string): string {
  if (!Object.prototype.hasOwnProperty.call(d, key)) return '';
  const v: GoValue = d[key];
  if (v === null || v === undefined) throw new FunctionError('runtime error: invalid memory address or nil pointer dereference');
  if (typeof v !== 'string') {
    throw new FunctionError(`unable to parse ${key} key, must be of type string, but ${goKindName(v)} found`);
  }
  return toBytes(v);
}

function urlJoin(d: GoMap): string {
  const url: ParsedUrl = {
    scheme: stringEntry(d, 'scheme'),
    host: stringEntry(d, 'host'),
    path: stringEntry(d, 'path'),
    rawQuery: stringEntry(d, 'query'),
    opaque: stringEntry(d, 'opaque'),
    fragment: stringEntry(d, 'fragment'),
  };
  const userinfo = stringEntry(d, 'userinfo');
  if (userinfo !== '') {
    try {
      url.user = parseUrl(`proto://${userinfo}@host`).user;
    } catch (e) {
      if (!(e instanceof UrlError)) throw e;
      throw new FunctionError(`unable to parse userinfo in dict: ${e.message}`);
    }
  }
  return fromBytes(formatUrl(url));
}

export const urlFunctions: FunctionMap = {
  urlParse: fn(['string'], (s) => urlParse(s as string)),
  urlJoin: fn(['map'], (d) => urlJoin(d as GoMap)),
};
