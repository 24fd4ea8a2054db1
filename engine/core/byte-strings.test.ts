/**
 * Go strings that are not valid UTF-8 in the value model (docs/templates.md#byte-strings): a raw
 * byte is held as a lone low surrogate, and the conversions to and from bytes are exact inverses.
 */
import { canonicalGoString, goStringByteLength, goStringBytes, goStringFromBytes, hasRawBytes, validUtf8 } from './values';

/** A small deterministic generator, so a failure names bytes that can be replayed. */
function* byteArrays(seed: number, count: number): Generator<Uint8Array> {
  let x = seed;
  const next = (): number => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x >> 8;
  };
  // Bytes biased towards UTF-8 lead and continuation bytes, where the edge cases are.
  const alphabet = [0x41, 0x80, 0x9f, 0xa0, 0xbf, 0xc2, 0xc3, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x00, 0x90, 0x8f];
  for (let i = 0; i < count; i++) {
    const n = next() % 9;
    yield Uint8Array.from({ length: n }, () => alphabet[next() % alphabet.length]);
  }
}

describe('byte strings', () => {
  test('bytes → string → bytes is the identity, and length counts bytes', () => {
    for (const bytes of byteArrays(7, 5000)) {
      const s = goStringFromBytes(bytes);
      expect([...goStringBytes(s)]).toEqual([...bytes]);
      expect(goStringByteLength(s)).toBe(bytes.length);
      expect(hasRawBytes(s)).toBe(!Buffer.from(bytes).equals(Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8')));
    }
  });

  test('valid UTF-8 decodes as usual and pays nothing', () => {
    const text = 'plain é 日本 😀';
    expect(goStringFromBytes(Buffer.from(text, 'utf8'))).toBe(text);
    expect(goStringBytes(text).toString('utf8')).toBe(text);
    expect(hasRawBytes(text)).toBe(false);
    expect(canonicalGoString(text)).toBe(text);
  });

  test('each invalid byte is one raw byte, as Go decodes it (surrogates and overlongs are invalid)', () => {
    expect(goStringFromBytes(Uint8Array.from([0xff]))).toBe('\udcff');
    expect(goStringFromBytes(Uint8Array.from([0xc3]))).toBe('\udcc3');
    expect(goStringFromBytes(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe('\udced\udca0\udc80');
    expect(goStringFromBytes(Uint8Array.from([0xc0, 0xaf]))).toBe('\udcc0\udcaf');
    expect(goStringFromBytes(Uint8Array.from([0xe2, 0x82, 0x41]))).toBe('\udce2\udc82A');
  });

  test('a supplementary character whose low half looks like a raw byte is not one', () => {
    const s = String.fromCodePoint(0x10080); // \ud800\udc80
    expect(hasRawBytes(s)).toBe(false);
    expect([...goStringBytes(s)]).toEqual([0xf0, 0x90, 0x82, 0x80]);
  });

  test('raw bytes joined into valid UTF-8 become that character; JSON sees U+FFFD per byte', () => {
    expect(canonicalGoString('\udcc3\udca9')).toBe('é');
    expect(canonicalGoString('x\udcffy')).toBe('x\udcffy');
    expect(validUtf8('a\udcff\udcfeb')).toBe('a\ufffd\ufffdb');
  });
});
