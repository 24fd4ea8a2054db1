/**
 * `GET /api/v1/ips?cidr=…`: the host addresses of an IPv4 or IPv6 block, for filling an
 * inventory. Blocks are bounded: larger ones are refused rather than listed.
 */

export const MAX_ADDRESSES = 4096;

export type IpsOutcome = { readonly ok: true; readonly addresses: readonly string[] } | { readonly ok: false; readonly error: string };

function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Eight 16-bit groups, `::` and a trailing dotted IPv4 part allowed; undefined when invalid. */
function parseIPv6(text: string): bigint | undefined {
  let rest = text;
  const tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(rest);
  if (dotted !== null) {
    const v4 = parseIPv4(dotted[2]);
    if (v4 === undefined) return undefined;
    tail.push(Math.floor(v4 / 65536), v4 % 65536);
    rest = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
  }
  const halves = rest.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]);
  const back = halves.length === 2 ? groups(halves[1]) : [];
  if (head === undefined || back === undefined) return undefined;
  const given = head.length + back.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const all = [...head, ...Array<number>(8 - given).fill(0), ...back, ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run of two or more zero groups as `::`. */
function formatIPv6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt((7 - i) * 16)) & 0xffffn));
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

function tooMany(cidr: string, usable: bigint | number, smallest: string): IpsOutcome {
  return { ok: false, error: `${cidr} holds ${usable} addresses; at most ${MAX_ADDRESSES} are listed (use a ${smallest} or smaller)` };
}

function addressesOfV6(cidr: string, address: string, bitsText: string): IpsOutcome {
  const base = parseIPv6(address);
  const bits = Number(bitsText);
  if (base === undefined || !/^\d{1,3}$/.test(bitsText) || bits > 128) return { ok: false, error: `"${cidr}" is not an IPv6 CIDR like fd00::/120` };
  const size = 1n << BigInt(128 - bits);
  // No broadcast in IPv6; the all-zero host is the subnet-router anycast address, except in
  // /127 point-to-point links (RFC 6164) and a single /128.
  const usable = bits >= 127 ? size : size - 1n;
  if (usable > BigInt(MAX_ADDRESSES)) return tooMany(cidr, usable, '/116');
  const network = base - (base % size);
  const first = bits >= 127 ? network : network + 1n;
  return { ok: true, addresses: Array.from({ length: Number(usable) }, (_, i) => formatIPv6(first + BigInt(i))) };
}

export function addressesOf(cidr: string): IpsOutcome {
  const text = cidr.trim();
  const v6 = /^([0-9a-fA-F:.]*:[0-9a-fA-F:.]*)\/(\d+)$/.exec(text);
  if (v6 !== null) return addressesOfV6(cidr, v6[1], v6[2]);
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  const base = match === null ? undefined : parseIPv4(match[1]);
  const bits = match === null ? NaN : Number(match[2]);
  if (match === null || base === undefined || bits > 32) return { ok: false, error: `"${cidr}" is not a CIDR like 192.168.1.0/24 or fd00::/120` };
  const size = 2 ** (32 - bits);
  // /31 and /32 have no network or broadcast address (RFC 3021); larger blocks lose both.
  const usable = bits >= 31 ? size : size - 2;
  if (usable > MAX_ADDRESSES) return tooMany(cidr, usable, '/20');
  const network = base - (base % size);
  const first = bits >= 31 ? network : network + 1;
  return { ok: true, addresses: Array.from({ length: usable }, (_, i) => formatIPv4(first + i)) };
}
