/**
 * Go's string order (`<` on strings, strings.Compare, sort.Strings): byte-wise on UTF-8, which is
 * code point order. JavaScript compares UTF-16 code units, which differs once astral characters
 * (surrogate pairs) meet characters from U+E000 up. Map-key printing (fmt, encoding/json,
 * BurntSushi/toml), `lt`/`le` and Sprig's sortAlpha all order strings through here.
 */

import { goStringBytes, hasRawBytes } from '../core/values';

/** strings.Compare(a, b): negative, zero or positive. */
export function compare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral code points) sort after the rest of the BMP in code point order.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      // A raw byte (docs/templates.md#byte-strings) sorts by its value among UTF-8 bytes.
      if ((xs || ys) && (hasRawBytes(a) || hasRawBytes(b))) return Buffer.compare(goStringBytes(a), goStringBytes(b));
      if (xs !== ys && (x >= 0xe000 || y >= 0xe000)) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

/** sort.Strings: sorts `list` in place and returns it. */
export function sortStrings(list: string[]): string[] {
  return list.sort(compare);
}
