/**
 * base64.StdEncoding.DecodeString as Go does it: padding is mandatory, `\r` and `\n` are skipped
 * anywhere, and the first problem is reported as `illegal base64 data at input byte N` (Sprig's
 * decryptAES surfaces that message). Buffer.from(…, 'base64') silently accepts all of these.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map<number, number>([...ALPHABET].map((char, index) => [char.charCodeAt(0), index]));
const PAD = 0x3d; // '='

export class Base64Error extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
    this.name = 'Base64Error';
  }
}

const isNewline = (byte: number): boolean => byte === 0x0a || byte === 0x0d;

/** Decodes `text` (taken as its UTF-8 bytes); throws Base64Error at the offending byte. */
export function decodeGoBase64(text: string): Buffer {
  const src = Buffer.from(text, 'utf8');
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const quantum: number[] = [];
    let finished = false;
    while (quantum.length < 4) {
      if (si === src.length) {
        if (quantum.length === 0) return Buffer.from(out);
        // A partial quantum without padding.
        throw new Base64Error(si - quantum.length);
      }
      const byte = src[si++];
      const value = VALUE.get(byte);
      if (value !== undefined) {
        quantum.push(value);
        continue;
      }
      if (isNewline(byte)) continue;
      if (byte !== PAD) throw new Base64Error(si - 1);
      // Padding: only after 2 or 3 symbols; after 2 a second '=' must follow.
      if (quantum.length < 2) throw new Base64Error(si - 1);
      if (quantum.length === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) throw new Base64Error(src.length);
        if (src[si] !== PAD) throw new Base64Error(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) throw new Base64Error(si);
      finished = true;
      break;
    }
    const [a, b, c = 0, d = 0] = quantum;
    const bits = (a << 18) | (b << 12) | (c << 6) | d;
    out.push((bits >> 16) & 0xff);
    if (quantum.length > 2) out.push((bits >> 8) & 0xff);
    if (quantum.length > 3) out.push(bits & 0xff);
    if (finished) break;
    // Skip newlines between quanta so that trailing ones do not start an empty quantum.
    while (si < src.length && isNewline(src[si])) si++;
  }
  return Buffer.from(out);
}

/** Capacity Go allocates for the decoded bytes (DecodedLen), which shows up in slice panics. */
export function goBase64DecodedCapacity(text: string): number {
  return Math.floor(Buffer.byteLength(text, 'utf8') / 4) * 3;
}
