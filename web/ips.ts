/** `GET /api/v1/ips?cidr=…`: the host addresses of an IPv4 block, for filling an inventory. */

/** Larger blocks are refused rather than listed. */
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

export function addressesOf(cidr: string): IpsOutcome {
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(cidr.trim());
  const base = match === null ? undefined : parseIPv4(match[1]);
  const bits = match === null ? NaN : Number(match[2]);
  if (match === null || base === undefined || bits > 32) return { ok: false, error: `"${cidr}" is not an IPv4 CIDR like 192.168.1.0/24` };
  const size = 2 ** (32 - bits);
  // /31 and /32 have no network or broadcast address (RFC 3021); larger blocks lose both.
  const usable = bits >= 31 ? size : size - 2;
  if (usable > MAX_ADDRESSES) return { ok: false, error: `${cidr} holds ${usable} addresses; at most ${MAX_ADDRESSES} are listed (use a /20 or smaller)` };
  const network = base - (base % size);
  const first = bits >= 31 ? network : network + 1;
  return { ok: true, addresses: Array.from({ length: usable }, (_, i) => formatIPv4(first + i)) };
}
