/** KubeKey's IP helpers: `ipInCIDR`, `ipFamily`, `isIP`. */

import { fn, FunctionError, type FunctionMap } from '../function-types';
import { withGoType, type GoValue } from '../../core/values';
import {
  bigIntToBytes,
  bigIntToMinimalBytes,
  bytesToBigInt,
  ipString,
  parseCIDR,
  parseIP,
  splitHostPort,
  to4,
  type IPBytes,
} from '../../go/net';

/**
 * Go would happily enumerate a /64 until memory runs out; refuse instead of hanging the process.
 * 2^24 addresses (a /8) is far beyond anything a playbook indexes into.
 */
const MAX_ADDRESSES = 1n << 24n;

function checkSize(count: bigint, spec: string): void {
  if (count > MAX_ADDRESSES) throw new FunctionError(`ipInCIDR: ${spec.trim()} has ${count} addresses, more than kplay enumerates (${MAX_ADDRESSES})`);
}

function enumerateV4(first: bigint, last: bigint, spec: string): string[] {
  const out: string[] = [];
  if (last >= first) checkSize(last - first + 1n, spec);
  for (let n = first; n <= last; n++) out.push(ipString(bigIntToBytes(n, 4)));
  return out;
}

/** KubeKey converts IPv6 numbers back to addresses without padding leading zero bytes. */
function enumerateV6(first: bigint, last: bigint, spec: string): string[] {
  const out: string[] = [];
  if (last >= first) checkSize(last - first + 1n, spec);
  for (let n = first; n <= last; n++) out.push(ipString(bigIntToMinimalBytes(n)));
  return out;
}

function rangeAddresses(from: string, to: string, spec: string): string[] {
  const a = parseIP(from);
  const b = parseIP(to);
  if (!a || !b) return [];
  const a4 = to4(a);
  const b4 = to4(b);
  if (a4 && b4) return enumerateV4(bytesToBigInt(a4), bytesToBigInt(b4), spec);
  return enumerateV6(bytesToBigInt(a), bytesToBigInt(b), spec);
}

function dottedMaskBits(mask: string): string {
  const parts = mask.split('.');
  if (parts.length !== 4) return '0';
  const bytes = parts.map((p) => {
    // strconv.Atoi failure yields 0; byte() wraps.
    const n = /^[+-]?[0-9]+$/.test(p) ? Number(p) : 0;
    return ((n % 256) + 256) % 256;
  });
  // IPMask.Size(): ones followed by zeros only, otherwise 0.
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  return /^1*0*$/.test(bits) ? String(bits.indexOf('0') < 0 ? 32 : bits.indexOf('0')) : '0';
}

function networkAddresses(spec: string): string[] {
  let text = spec.trim();
  const [addr, mask] = text.split('/');
  if (mask !== undefined && mask.includes('.')) text = `${addr}/${dottedMaskBits(mask)}`;
  const cidr = parseCIDR(text);
  if (!cidr) return [];
  const first: IPBytes = cidr.network;
  const last = first.map((b, i) => b | (~cidr.mask[i] & 0xff));
  const first4 = to4(first);
  if (first4) {
    const last4 = to4(last);
    const end = last4 ? bytesToBigInt(last4) : 0n;
    // IPv4 networks lose their network and broadcast addresses.
    return enumerateV4(bytesToBigInt(first4) + 1n, end - 1n, spec);
  }
  return enumerateV6(bytesToBigInt(first), bytesToBigInt(last), spec);
}

function expandIPSpec(raw: string): string[] {
  const spec = raw.replace(/\/+$/, '');
  if (spec.includes('/')) {
    if (spec.endsWith('/32') || spec.endsWith('/128')) return [spec.split('/')[0]];
    return networkAddresses(spec);
  }
  if (spec.includes('-')) {
    const dash = spec.indexOf('-');
    return rangeAddresses(spec.slice(0, dash), spec.slice(dash + 1), spec);
  }
  return [spec];
}

export function ipInCIDR(cidrs: string): string[] {
  return cidrs.split(',').flatMap(expandIPSpec);
}

export function ipFamily(addrOrCIDR: string): string {
  const ip = parseIP(addrOrCIDR) ?? parseCIDR(addrOrCIDR)?.ip;
  if (!ip) throw new FunctionError(`${addrOrCIDR} is not ip or cidr`);
  return to4(ip) ? 'IPv4' : 'IPv6';
}

export function isIP(s: string): boolean {
  let host = s;
  const split = splitHostPort(s);
  if (split) host = split.host;
  else if (s.startsWith('[') && s.endsWith(']')) host = s.slice(1, -1);
  return parseIP(host) !== undefined;
}

export const networkFunctions: FunctionMap = {
  ipInCIDR: fn(['string'], (s): GoValue => withGoType(ipInCIDR(s as string), '[]string')),
  ipFamily: fn(['string'], (s) => ipFamily(s as string)),
  isIP: fn(['string'], (s) => isIP(s as string)),
};
