/**
 * Sprig's string functions. Go strings are byte sequences: trunc, substr, abbrev and wrap index
 * UTF-8 bytes, and goutils' nospace/initials even look at single bytes as runes; this module
 * reproduces that on Buffers instead of JavaScript's UTF-16 indexes.
 */
import { hash as oneShotHash } from 'node:crypto';
import { formatValue, sprintf } from '../../go/fmt';
import { sortStrings } from '../../go/strings';
import { fn, FunctionError, FunctionMap } from '../function-types';
import {
  codePoints,
  isDigit,
  isLetter,
  isLower,
  isNumber,
  isPunct,
  isSpace,
  isTitle,
  isUpper,
  mapRunes,
  toLower,
  toTitle,
  toUpper,
} from '../../go/unicode';
import { canonicalGoString, GoInt, GoValue, goStringByteLength, goStringBytes, goStringFromBytes, hasRawBytes, validUtf8, withGoType } from '../../core/values';
import { makeStringList, strval, toGoStringList } from './conversion';

// Go strings are bytes: these keep bytes that are not UTF-8 (docs/templates.md#byte-strings).
const bytesOf = (s: string): Buffer => goStringBytes(s);
const text = (b: Buffer): string => goStringFromBytes(b);
const byteLength = (s: string): number => goStringByteLength(s);
const num = (v: GoValue): number => (v instanceof GoInt ? Number(v.value) : (v as number));
const str = (v: GoValue): string => v as string;

/** A Go panic from slicing out of range, with the runtime's message. */
function sliceBoundsError(detail: string): FunctionError {
  return new FunctionError(`runtime error: slice bounds out of range ${detail}`);
}

/** s[start:end] on bytes, panicking like Go when the bounds are invalid. */
function sliceBytes(s: string, start: number | undefined, end: number | undefined): string {
  const b = bytesOf(s);
  const len = b.length;
  if (end !== undefined) {
    if (end < 0 || end > len) throw sliceBoundsError(end > len ? `[:${end}] with length ${len}` : `[:${end}]`);
    if (start !== undefined && start > end) throw sliceBoundsError(`[${start}:${end}]`);
  } else if (start !== undefined && start > len) {
    throw sliceBoundsError(`[${start}:${len}]`);
  }
  if (start !== undefined && start < 0) throw sliceBoundsError(`[${start}:]`);
  return text(b.subarray(start ?? 0, end ?? len));
}

/**
 * Runs a strings-package function the way Go does, on bytes, when any argument holds raw bytes
 * (docs/templates.md#byte-strings: `hasPrefix "\xc3" "é"` is true). The arguments then arrive as
 * latin1 strings, one char per byte, and `back` turns a resulting string into a Go string again;
 * otherwise they arrive as they are and `back` leaves results alone.
 */
function inBytes<T>(args: GoValue[], op: (args: string[], back: (s: string) => string) => T): T {
  const strings = args.map(str);
  if (!strings.some(hasRawBytes)) return op(strings, (x) => x);
  return op(
    strings.map((x) => goStringBytes(x).toString('latin1')),
    (x) => goStringFromBytes(Buffer.from(x, 'latin1')),
  );
}

function repeat(s: string, count: number): string {
  if (count < 0) throw new FunctionError('strings: negative Repeat count');
  if (count > 0 && byteLength(s) * count > 2 ** 31) throw new FunctionError('strings: Repeat count causes overflow');
  return s.repeat(count);
}

// --- strings package ----------------------------------------------------------------------

/** ASCII whitespace as unicode.IsSpace sees it: \t \n \v \f \r and space. */
function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function trimSpace(s: string): string {
  // Fast path: the trimming stops at ASCII characters on both ends (no code-point array).
  let start = 0;
  let end = s.length;
  while (start < end && isAsciiSpace(s.charCodeAt(start))) start++;
  while (end > start && isAsciiSpace(s.charCodeAt(end - 1))) end--;
  if (start === end || (s.charCodeAt(start) < 0x80 && s.charCodeAt(end - 1) < 0x80)) return s.slice(start, end);
  return trimUnicodeSpace(s);
}

function trimUnicodeSpace(s: string): string {
  const cps = codePoints(s);
  let start = 0;
  let end = cps.length;
  while (start < end && isSpace(cps[start])) start++;
  while (end > start && isSpace(cps[end - 1])) end--;
  return String.fromCodePoint(...cps.slice(start, end));
}

/** strings.Trim(s, cutset) */
function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const cut = new Set(codePoints(cutset));
  const cps = codePoints(s);
  let start = 0;
  let end = cps.length;
  while (start < end && cut.has(cps[start])) start++;
  while (end > start && cut.has(cps[end - 1])) end--;
  return String.fromCodePoint(...cps.slice(start, end));
}

/** strings.Title's word boundary rule. */
function isSeparator(cp: number): boolean {
  if (cp <= 0x7f) return !/[0-9A-Za-z_]/.test(String.fromCharCode(cp));
  if (isLetter(cp) || isDigit(cp)) return false;
  return isSpace(cp);
}

function title(s: string): string {
  let prev = 0x20;
  return mapRunes(s, (cp) => {
    const out = isSeparator(prev) ? toTitle(cp) : cp;
    prev = cp;
    return out;
  });
}

/** strings.Split; an empty separator splits into UTF-8 sequences. */
function split(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const chars = Array.from(s);
    if (n < 0 || n >= chars.length) return chars;
    return [...chars.slice(0, n - 1), chars.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || n >= parts.length) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** strings.Replace(s, old, new, -1): an empty `old` matches before every UTF-8 sequence and at the end. */
function replaceAll(s: string, old: string, replacement: string): string {
  if (old === '') return replacement + Array.from(s).map((ch) => ch + replacement).join('');
  return s.split(old).join(replacement);
}

function indexedMap(parts: string[]): GoValue {
  const m: Record<string, GoValue> = {};
  parts.forEach((p, i) => {
    m['_' + i] = p;
  });
  return withGoType(m, 'map[string]string');
}

// --- goutils ------------------------------------------------------------------------------

function abbreviateFull(s: string, offset: number, maxWidth: number): string {
  if (s === '') return '';
  if (maxWidth < 4) return '';
  const b = bytesOf(s);
  const len = b.length;
  if (len <= maxWidth) return s;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  const marker = '...';
  if (offset <= 4) return text(b.subarray(0, maxWidth - 3)) + marker;
  if (maxWidth < 7) return '';
  if (offset + maxWidth - 3 < len) return marker + abbreviateFull(text(b.subarray(offset)), 0, maxWidth - 3);
  return marker + text(b.subarray(len - (maxWidth - 3)));
}

function abbrev(width: number, s: string): string {
  return width < 4 ? s : abbreviateFull(s, 0, width);
}

function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  return abbreviateFull(s, left, right);
}

/** goutils reads bytes as runes here, so non-ASCII text comes out as Latin-1 mojibake. */
function byteRunes(s: string): number[] {
  return Array.from(bytesOf(s));
}

function deleteWhiteSpace(s: string): string {
  const bytes = byteRunes(s);
  const kept = bytes.filter((c) => !isSpace(c));
  return kept.length === bytes.length ? s : String.fromCodePoint(...kept);
}

function initials(s: string): string {
  let out = '';
  let lastWasGap = true;
  for (const c of byteRunes(s)) {
    if (isSpace(c)) {
      lastWasGap = true;
    } else if (lastWasGap) {
      out += String.fromCodePoint(c);
      lastWasGap = false;
    }
  }
  return out;
}

function uncapitalize(s: string): string {
  let next = true;
  return mapRunes(s, (cp) => {
    if (isSpace(cp)) {
      next = true;
      return cp;
    }
    if (next) {
      next = false;
      return toLower(cp);
    }
    return cp;
  });
}

function swapCase(s: string): string {
  let whitespace = true;
  return mapRunes(s, (cp) => {
    if (isUpper(cp) || isTitle(cp)) {
      whitespace = false;
      return toLower(cp);
    }
    if (isLower(cp)) {
      if (whitespace) {
        whitespace = false;
        return toTitle(cp);
      }
      return toUpper(cp);
    }
    whitespace = isSpace(cp);
    return cp;
  });
}

/** goutils.WrapCustom on UTF-8 bytes. */
function wrapCustom(s: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (s === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const b = bytesOf(s);
  const len = b.length;
  const SPACE = 0x20;
  const out: Buffer[] = [];
  const nl = bytesOf(newLine);
  let offset = 0;
  while (len - offset > wrapLength) {
    if (b[offset] === SPACE) {
      offset++;
      continue;
    }
    const end = wrapLength + offset + 1;
    const spaceToWrapAt = b.subarray(offset, end).lastIndexOf(SPACE) + offset;
    if (spaceToWrapAt >= offset) {
      out.push(b.subarray(offset, spaceToWrapAt), nl);
      offset = spaceToWrapAt + 1;
    } else if (wrapLongWords) {
      out.push(b.subarray(offset, wrapLength + offset), nl);
      offset += wrapLength;
    } else {
      const from = wrapLength + offset;
      const index = b.subarray(from).indexOf(SPACE);
      if (index === -1) {
        out.push(b.subarray(offset));
        offset = len;
      } else {
        out.push(b.subarray(offset, index + from), nl);
        offset = index + from + 1;
      }
    }
  }
  out.push(b.subarray(offset));
  return text(Buffer.concat(out));
}

// --- xstrings 1.3.3 -----------------------------------------------------------------------

const isConnector = (cp: number): boolean => cp === 0x2d || cp === 0x5f || isSpace(cp);

/** A letter that is not CJK. */
function isAlphabet(cp: number): boolean {
  if (!isLetter(cp)) return false;
  if (cp < 0x3400) return true;
  if (cp >= 0x4e00 && cp <= 0x9fcc) return false;
  if (cp >= 0x3400 && cp <= 0x4d85) return false;
  if (cp >= 0x20000 && cp <= 0x2b81d) return false;
  return true;
}

function toCamelCase(s: string): string {
  if (s === '') return '';
  const cps = codePoints(s);
  let out = '';
  let i = 0;
  let r0 = 0;
  let took = false;
  while (i < cps.length) {
    r0 = cps[i++];
    took = true;
    if (!isConnector(r0)) {
      r0 = toUpper(r0);
      break;
    }
    out += String.fromCodePoint(r0);
  }
  if (i >= cps.length) {
    // xstrings writes the last rune again even when it was a connector ("__" → "___").
    if (took) out += String.fromCodePoint(r0);
    return out;
  }
  while (i < cps.length) {
    const r1 = r0;
    r0 = cps[i++];
    if (isConnector(r0) && isConnector(r1)) {
      out += String.fromCodePoint(r1);
      continue;
    }
    if (isConnector(r1)) {
      r0 = toUpper(r0);
    } else {
      r0 = toLower(r0);
      out += String.fromCodePoint(r1);
    }
  }
  return out + String.fromCodePoint(r0);
}

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

interface Word {
  type: WordType;
  word: number[];
  rest: number[];
}

function nextWord(s: number[]): Word {
  if (s.length === 0) return { type: 'invalid', word: [], rest: [] };
  const r = s[0];
  let n = 1;
  const takeWhile = (pred: (cp: number) => boolean): void => {
    while (n < s.length && pred(s[n])) n++;
  };
  let type: WordType;
  if (isConnector(r)) {
    type = 'connector';
    takeWhile(isConnector);
  } else if (isPunct(r)) {
    type = 'punct';
    takeWhile(isPunct);
  } else if (isUpper(r)) {
    type = 'upper';
    if (n < s.length) {
      if (isUpper(s[n])) {
        takeWhile(isUpper);
        if (n < s.length && isAlphabet(s[n])) n--;
      } else if (isAlphabet(s[n])) {
        takeWhile((cp) => isAlphabet(cp) && !isUpper(cp));
      }
    }
  } else if (isAlphabet(r)) {
    type = 'alphabet';
    takeWhile((cp) => isAlphabet(cp) && !isUpper(cp));
  } else if (isNumber(r)) {
    type = 'number';
    takeWhile(isNumber);
  } else {
    type = 'other';
    takeWhile((cp) => !(isConnector(cp) || isAlphabet(cp) || isNumber(cp) || isPunct(cp)));
  }
  return { type, word: s.slice(0, n), rest: s.slice(n) };
}

function camelCaseToLowerCase(s: string, connector: number): string {
  if (s === '') return '';
  let out = '';
  const write = (cp: number): void => {
    out += String.fromCodePoint(cp);
  };
  const lower = (type: WordType, word: number[]): void => {
    if (type !== 'upper' && type !== 'connector') {
      word.forEach(write);
      return;
    }
    for (const cp of word) {
      if (isConnector(cp)) write(connector);
      else if (isUpper(cp)) write(toLower(cp));
      else write(cp);
    }
  };
  let { type, word, rest } = nextWord(codePoints(s));
  while (rest.length > 0) {
    if (type !== 'connector') lower(type, word);
    const prev = type;
    const last = word;
    ({ type, word, rest } = nextWord(rest));
    switch (prev) {
      case 'number':
        while (type === 'alphabet' || type === 'number') {
          lower(type, word);
          ({ type, word, rest } = nextWord(rest));
        }
        if (type !== 'invalid' && type !== 'punct' && type !== 'connector') write(connector);
        break;
      case 'connector':
        lower(prev, last);
        break;
      case 'punct':
        break;
      default: {
        if (type !== 'number') {
          if (type !== 'connector' && type !== 'punct') write(connector);
          break;
        }
        if (rest.length === 0) break;
        const numberWord = word;
        ({ type, word, rest } = nextWord(rest));
        if (type !== 'alphabet') {
          lower('number', numberWord);
          if (type !== 'connector' && type !== 'punct') write(connector);
          break;
        }
        write(connector);
        lower('number', numberWord);
        while (type === 'alphabet' || type === 'number') {
          lower(type, word);
          ({ type, word, rest } = nextWord(rest));
        }
        if (type !== 'invalid' && type !== 'connector' && type !== 'punct') write(connector);
      }
    }
  }
  lower(type, word);
  return out;
}

// --- Sprig wrappers -------------------------------------------------------------------------

function trunc(c: number, s: string): string {
  const b = bytesOf(s);
  if (c < 0 && b.length + c > 0) return text(b.subarray(b.length + c));
  if (c >= 0 && b.length > c) return text(b.subarray(0, c));
  return s;
}

function substring(start: number, end: number, s: string): string {
  if (start < 0) return sliceBytes(s, undefined, end);
  if (end < 0 || end > byteLength(s)) return sliceBytes(s, start, undefined);
  return sliceBytes(s, start, end);
}

function indent(spaces: number, v: string): string {
  const pad = repeat(' ', spaces);
  return pad + v.replaceAll('\n', '\n' + pad);
}

const ASCII_ONLY = /^[\u0000-\u007f]*$/;
/** Printable ASCII other than `"` and `\`: %q writes such a string unchanged between quotes. */
const QUOTES_AS_IS = /^[\u0020\u0021\u0023-\u005b\u005d-\u007e]*$/;

function quoteOne(s: string): string {
  return QUOTES_AS_IS.test(s) ? '"' + s + '"' : sprintf('%q', [s]);
}

const present = (args: GoValue[]): GoValue[] => args.filter((a) => a !== null && a !== undefined);

function hash(algorithm: 'sha1' | 'sha256', s: string): string {
  // The one-shot API costs half of createHash().update().digest() for short inputs.
  return oneShotHash(algorithm, bytesOf(s), 'hex');
}

function adler32(s: string): string {
  const MOD = 65521;
  let a = 1;
  let b = 0;
  for (const byte of bytesOf(s)) {
    a = (a + byte) % MOD;
    b = (b + a) % MOD;
  }
  return String((b * 65536 + a) >>> 0);
}

function sortAlpha(list: GoValue): GoValue {
  if (!Array.isArray(list)) return makeStringList([strval(list)]);
  const sorted = sortStrings(toGoStringList(list));
  return makeStringList(sorted);
}

export const stringFunctions: FunctionMap = {
  hello: fn([], () => 'Hello!'),
  abbrev: fn(['int', 'string'], (w, s) => abbrev(num(w), str(s))),
  abbrevboth: fn(['int', 'int', 'string'], (l, r, s) => abbrevboth(num(l), num(r), str(s))),
  trunc: fn(['int', 'string'], (c, s) => trunc(num(c), str(s))),
  trim: fn(['string'], (s) => trimSpace(str(s))),
  // For ASCII, JavaScript's case mapping is Go's simple one.
  upper: fn(['string'], (s) => (ASCII_ONLY.test(str(s)) ? str(s).toUpperCase() : mapRunes(str(s), toUpper))),
  lower: fn(['string'], (s) => (ASCII_ONLY.test(str(s)) ? str(s).toLowerCase() : mapRunes(str(s), toLower))),
  title: fn(['string'], (s) => title(str(s))),
  untitle: fn(['string'], (s) => uncapitalize(str(s))),
  substr: fn(['int', 'int', 'string'], (a, b, s) => substring(num(a), num(b), str(s))),
  repeat: fn(['int', 'string'], (c, s) => canonicalGoString(repeat(str(s), num(c)))),
  trimall: fn(['string', 'string'], (a, b) => trimCutset(str(b), str(a))),
  trimAll: fn(['string', 'string'], (a, b) => trimCutset(str(b), str(a))),
  trimSuffix: fn(['string', 'string'], (a, b) => inBytes([a, b], ([x, y], back) => back(y.endsWith(x) ? y.slice(0, y.length - x.length) : y))),
  trimPrefix: fn(['string', 'string'], (a, b) => inBytes([a, b], ([x, y], back) => back(y.startsWith(x) ? y.slice(x.length) : y))),
  nospace: fn(['string'], (s) => deleteWhiteSpace(str(s))),
  initials: fn(['string'], (s) => initials(str(s))),
  // swapcase and camelcase read the string as runes: a raw byte is U+FFFD (docs/templates.md#byte-strings).
  swapcase: fn(['string'], (s) => swapCase(validUtf8(str(s)))),
  snakecase: fn(['string'], (s) => camelCaseToLowerCase(str(s), 0x5f)),
  camelcase: fn(['string'], (s) => toCamelCase(validUtf8(str(s)))),
  kebabcase: fn(['string'], (s) => camelCaseToLowerCase(str(s), 0x2d)),
  wrap: fn(['int', 'string'], (l, s) => wrapCustom(str(s), num(l), '', false)),
  wrapWith: fn(['int', 'string', 'string'], (l, sep, s) => wrapCustom(str(s), num(l), str(sep), true)),
  contains: fn(['string', 'string'], (sub, s) => inBytes([sub, s], ([x, y]) => y.includes(x))),
  hasPrefix: fn(['string', 'string'], (p, s) => inBytes([p, s], ([x, y]) => y.startsWith(x))),
  hasSuffix: fn(['string', 'string'], (p, s) => inBytes([p, s], ([x, y]) => y.endsWith(x))),
  quote: fn([], (...args) => present(args).map((a) => quoteOne(strval(a))).join(' '), 'any'),
  squote: fn([], (...args) => present(args).map((a) => `'${formatValue(a)}'`).join(' '), 'any'),
  cat: fn([], (...args) => canonicalGoString(present(args).map(formatValue).join(' ')), 'any'),
  indent: fn(['int', 'string'], (n, s) => indent(num(n), str(s))),
  nindent: fn(['int', 'string'], (n, s) => '\n' + indent(num(n), str(s))),
  replace: fn(['string', 'string', 'string'], (o, n, s) => inBytes([o, n, s], ([x, y, z], back) => back(replaceAll(z, x, y)))),
  plural: fn(['string', 'string', 'int'], (one, many, count) => (num(count) === 1 ? one : many)),
  sha1sum: fn(['string'], (s) => hash('sha1', str(s))),
  sha256sum: fn(['string'], (s) => hash('sha256', str(s))),
  adler32sum: fn(['string'], (s) => adler32(str(s))),
  split: fn(['string', 'string'], (sep, s) => indexedMap(inBytes([sep, s], ([x, y], back) => split(y, x).map(back)))),
  splitList: fn(['string', 'string'], (sep, s) => makeStringList(inBytes([sep, s], ([x, y], back) => split(y, x).map(back)))),
  splitn: fn(['string', 'int', 'string'], (sep, n, s) => indexedMap(inBytes([sep, s], ([x, y], back) => split(y, x, num(n)).map(back)))),
  join: fn(['string', 'any'], (sep, v) => canonicalGoString(toGoStringList(v).join(str(sep)))),
  sortAlpha: fn(['any'], (list) => sortAlpha(list)),
};
