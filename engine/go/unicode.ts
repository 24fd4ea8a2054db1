/**
 * Go's `unicode` package predicates and simple (one-to-one) case mappings on code points.
 * JavaScript's toUpperCase/toLowerCase apply full, context-dependent mappings (ß → SS, final
 * sigma); Go maps each rune on its own and leaves runes without a simple mapping alone.
 */

const SPACE = /^\p{White_Space}$/u;
const LETTER = /^\p{L}$/u;
const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const TITLE = /^\p{Lt}$/u;
const NUMBER = /^\p{N}$/u;
const DIGIT = /^\p{Nd}$/u;
const PUNCT = /^\p{P}$/u;

function test(re: RegExp, cp: number): boolean {
  return cp >= 0 && cp <= 0x10ffff && re.test(String.fromCodePoint(cp));
}

export const isSpace = (cp: number): boolean => test(SPACE, cp);
export const isLetter = (cp: number): boolean => test(LETTER, cp);
export const isUpper = (cp: number): boolean => test(UPPER, cp);
export const isLower = (cp: number): boolean => test(LOWER, cp);
export const isTitle = (cp: number): boolean => test(TITLE, cp);
export const isNumber = (cp: number): boolean => test(NUMBER, cp);
export const isDigit = (cp: number): boolean => test(DIGIT, cp);
export const isPunct = (cp: number): boolean => test(PUNCT, cp);

function simpleMapping(cp: number, mapped: string): number {
  const first = mapped.codePointAt(0);
  return first !== undefined && String.fromCodePoint(first).length === mapped.length ? first : cp;
}

export function toUpper(cp: number): number {
  if (cp < 0x80) return cp >= 0x61 && cp <= 0x7a ? cp - 32 : cp;
  return simpleMapping(cp, String.fromCodePoint(cp).toUpperCase());
}

export function toLower(cp: number): number {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp;
  if (cp === 0x130) return 0x69; // İ: the simple mapping, not JavaScript's i + combining dot
  return simpleMapping(cp, String.fromCodePoint(cp).toLowerCase());
}

/** Title case differs from upper case only for the Latin digraphs and Georgian. */
const TITLE_CASE: Record<number, number> = {
  0x1c4: 0x1c5,
  0x1c5: 0x1c5,
  0x1c6: 0x1c5,
  0x1c7: 0x1c8,
  0x1c8: 0x1c8,
  0x1c9: 0x1c8,
  0x1ca: 0x1cb,
  0x1cb: 0x1cb,
  0x1cc: 0x1cb,
  0x1f1: 0x1f2,
  0x1f2: 0x1f2,
  0x1f3: 0x1f2,
};

export function toTitle(cp: number): number {
  const special = TITLE_CASE[cp];
  if (special !== undefined) return special;
  if ((cp >= 0x10d0 && cp <= 0x10fa) || (cp >= 0x10fd && cp <= 0x10ff)) return cp;
  return toUpper(cp);
}

/** Applies a rune mapping to every code point (strings.Map). */
export function mapRunes(s: string, f: (cp: number) => number): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    // A raw byte (docs/templates.md#byte-strings) reads as U+FFFD, and strings.Map writes what that maps to.
    out += String.fromCodePoint(f(cp >= 0xdc80 && cp <= 0xdcff ? 0xfffd : cp));
  }
  return out;
}

export function codePoints(s: string): number[] {
  return Array.from(s, (ch) => ch.codePointAt(0) as number);
}
