/**
 * The parts of Go's `net` package KubeKey's IP helpers rely on: ParseIP (16-byte form, IPv4
 * without leading zeros), ParseCIDR, SplitHostPort and IP.String.
 */

export type IPBytes = Uint8Array;

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): number[] | undefined {
  let head = s;
  let tail = '';
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    head = s.slice(0, dbl);
    tail = s.slice(dbl + 2);
    if (tail.includes('::')) return undefined;
  }
  const groups = (part: string, allowV4: boolean): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const fields = part.split(':');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (allowV4 && i === fields.length - 1 && f.includes('.')) {
        const v4 = parseIPv4(f);
        if (!v4) return undefined;
        out.push(...v4);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(f)) return undefined;
      const n = parseInt(f, 16);
      out.push(n >> 8, n & 0xff);
    }
    return out;
  };
  const h = groups(head, dbl < 0);
  const t = dbl >= 0 ? groups(tail, true) : [];
  if (!h || !t) return undefined;
  if (dbl < 0) return h.length === 16 ? h : undefined;
  if (h.length + t.length > 14) return undefined;
  return [...h, ...new Array<number>(16 - h.length - t.length).fill(0), ...t];
}

/** Go's net.ParseIP: always the 16-byte form (IPv4 as ::ffff:a.b.c.d), undefined when invalid. */
export function parseIP(s: string): IPBytes | undefined {
  const v4 = parseIPv4(s);
  if (v4) return Uint8Array.from([...V4_MAPPED_PREFIX, ...v4]);
  if (!s.includes(':')) return undefined;
  const v6 = parseIPv6(s);
  return v6 ? Uint8Array.from(v6) : undefined;
}

/** IP.To4(): the 4 IPv4 bytes when `ip` is an IPv4(-mapped) address. */
export function to4(ip: IPBytes): IPBytes | undefined {
  if (ip.length === 4) return ip;
  if (ip.length === 16 && V4_MAPPED_PREFIX.every((b, i) => ip[i] === b)) return ip.slice(12);
  return undefined;
}

export interface CIDR {
  ip: IPBytes;
  /** Network address: 4 bytes for an IPv4 CIDR, 16 otherwise. */
  network: IPBytes;
  mask: IPBytes;
}

/** Go's net.ParseCIDR. */
export function parseCIDR(s: string): CIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const maskText = s.slice(slash + 1);
  const v4 = parseIPv4(addr);
  const ip = parseIP(addr);
  if (!ip || !/^[0-9]+$/.test(maskText)) return undefined;
  const ipLen = v4 ? 4 : 16;
  const bits = Number(maskText);
  if (bits > ipLen * 8 || maskText.length > 8) return undefined;
  const mask = new Uint8Array(ipLen);
  for (let i = 0; i < ipLen; i++) mask[i] = bits >= (i + 1) * 8 ? 0xff : bits <= i * 8 ? 0 : (0xff << (8 - (bits - i * 8))) & 0xff;
  const base = v4 ? ip.slice(12) : ip;
  const network = base.map((b, i) => b & mask[i]);
  return { ip, network, mask };
}

/** Go's net.SplitHostPort; undefined where Go returns an error. */
export function splitHostPort(s: string): { host: string; port: string } | undefined {
  const colon = s.lastIndexOf(':');
  if (colon < 0) return undefined;
  let host: string;
  if (s[0] === '[') {
    const end = s.indexOf(']');
    if (end < 0) return undefined;
    if (end + 1 === s.length || end + 1 !== colon) return undefined;
    host = s.slice(1, end);
    if (s.slice(1).includes('[') || s.slice(end + 1).includes(']')) return undefined;
  } else {
    host = s.slice(0, colon);
    if (host.includes(':') || host.includes('[') || host.includes(']')) return undefined;
  }
  return { host, port: s.slice(colon + 1) };
}

function hex(bytes: IPBytes): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Go's IP.String(), including its forms for odd lengths (`<nil>`, `?hex`). */
export function ipString(ip: IPBytes): string {
  if (ip.length === 0) return '<nil>';
  const v4 = ip.length === 4 || ip.length === 16 ? to4(ip) : undefined;
  if (v4) return Array.from(v4).join('.');
  if (ip.length !== 16) return '?' + hex(ip);
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip[i] << 8) | ip[i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += groups[i].toString(16);
  }
  return out;
}

export function bytesToBigInt(ip: IPBytes): bigint {
  let n = 0n;
  for (const b of ip) n = (n << 8n) | BigInt(b);
  return n;
}

/** big.Int.Bytes(): minimal big-endian bytes (empty for zero). */
export function bigIntToMinimalBytes(n: bigint): IPBytes {
  const out: number[] = [];
  while (n > 0n) {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return Uint8Array.from(out);
}

export function bigIntToBytes(n: bigint, size: number): IPBytes {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** IP.Equal: a 4-byte IPv4 address equals its IPv4-mapped 16-byte form. */
export function ipEqual(a: IPBytes, b: IPBytes): boolean {
  const x = a.length === 4 ? Uint8Array.from([...V4_MAPPED_PREFIX, ...a]) : a;
  const y = b.length === 4 ? Uint8Array.from([...V4_MAPPED_PREFIX, ...b]) : b;
  return x.length === y.length && x.every((byte, i) => byte === y[i]);
}
