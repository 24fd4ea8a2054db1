/**
 * Sprig's b64enc/b64dec/b32enc/b32dec over Go's StdEncoding (padded). Decoding errors are not
 * raised: Sprig returns the error text ("illegal base64 data at input byte N") as the result, so
 * the offending byte offset has to match Go's decoder.
 */
import { fn, type FunctionMap } from '../function-types';
import { goStringBytes, goStringFromBytes } from '../../core/values';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d; // '='
const isNewline = (b: number): boolean => b === 0x0a || b === 0x0d;

function decodeTable(alphabet: string): Int16Array {
  const table = new Int16Array(256).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const BASE64_TABLE = decodeTable(BASE64_ALPHABET);
const BASE32_TABLE = decodeTable(BASE32_ALPHABET);

/** Byte offset of the first problem as Go's base64.StdEncoding reports it, or -1 when valid. */
function base64ErrorOffset(src: Uint8Array): number {
  let si = 0;
  for (;;) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) return j === 0 ? -1 : si - j;
      const b = src[si++];
      if (BASE64_TABLE[b] >= 0) continue;
      if (isNewline(b)) {
        j--;
        continue;
      }
      if (b !== PAD || j < 2) return si - 1;
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== PAD) return si - 1;
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      return si < src.length ? si : -1;
    }
  }
}

export function base64Decode(s: string): string {
  const src = goStringBytes(s);
  const bad = base64ErrorOffset(src);
  if (bad >= 0) return `illegal base64 data at input byte ${bad}`;
  return goStringFromBytes(Buffer.from(src.toString('latin1').replace(/[\r\n]/g, ''), 'base64'));
}

/** Go's base32 decoder (after it strips newlines): decoded bytes, or the error offset. */
function base32DecodeBytes(src: Uint8Array): Uint8Array | number {
  const out: number[] = [];
  let pos = 0;
  const total = src.length;
  let end = false;
  while (pos < total && !end) {
    const quantum = new Array<number>(8).fill(0);
    let len = 8;
    for (let j = 0; j < 8; ) {
      if (pos === total) return total - j;
      const b = src[pos++];
      const remaining = total - pos;
      if (b === PAD && j >= 2 && remaining < 8) {
        if (remaining + j < 7) return total;
        for (let k = 0; k < 7 - j; k++) {
          if (remaining > k && src[pos + k] !== PAD) return pos + k - 1;
        }
        len = j;
        end = true;
        if (len === 1 || len === 3 || len === 6) return pos - 1;
        break;
      }
      const v = BASE32_TABLE[b];
      if (v < 0) return pos - 1;
      quantum[j++] = v;
    }
    let bits = 0n;
    for (const q of quantum) bits = (bits << 5n) | BigInt(q);
    const bytesFor: Record<number, number> = { 8: 5, 7: 4, 5: 3, 4: 2, 2: 1 };
    for (let i = 0; i < (bytesFor[len] ?? 0); i++) out.push(Number((bits >> BigInt(32 - 8 * i)) & 0xffn));
  }
  return Uint8Array.from(out);
}

export function base32Decode(s: string): string {
  const src = Uint8Array.from(goStringBytes(s).filter((b) => !isNewline(b)));
  const decoded = base32DecodeBytes(src);
  if (typeof decoded === 'number') return `illegal base32 data at input byte ${decoded}`;
  return goStringFromBytes(decoded);
}

export function base32Encode(s: string): string {
  const bytes = goStringBytes(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const chars = Math.ceil((chunk.length * 8) / 5);
    for (let k = 0; k < 8; k++) {
      out += k < chars ? BASE32_ALPHABET[Number((bits >> BigInt(35 - 5 * k)) & 31n)] : '=';
    }
  }
  return out;
}

export const encodingFunctions: FunctionMap = {
  b64enc: fn(['string'], (s) => goStringBytes(s as string).toString('base64')),
  b64dec: fn(['string'], (s) => base64Decode(s as string)),
  b32enc: fn(['string'], (s) => base32Encode(s as string)),
  b32dec: fn(['string'], (s) => base32Decode(s as string)),
};
