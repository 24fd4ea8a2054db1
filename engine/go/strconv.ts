/**
 * Go's strconv number formatting/parsing and quoting, as fmt, encoding/json and the `cast`
 * library observe it. JavaScript's own toFixed/toPrecision round ties away from zero and stop
 * at 100 digits, while Go rounds the exact binary value half-to-even, so fixed-precision digits
 * are computed here from the exact decimal expansion of the double.
 */
import { goStringFromBytes } from '../core/values';

/** Decimal digits d1d2…dn with the decimal point before digit `dp` (value = 0.d1d2… × 10^dp). */
export interface DecimalDigits {
  digits: string;
  dp: number;
}

interface FloatBits {
  negative: boolean;
  /** Mantissa with the implicit bit, and the binary exponent so that |x| = mant × 2^exp. */
  mant: bigint;
  exp: number;
}

function decompose(x: number): FloatBits {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biasedExp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (biasedExp === 0) {
    exp = 1 - 1023 - 52;
  } else {
    mant |= 1n << 52n;
    exp = biasedExp - 1023 - 52;
  }
  return { negative, mant, exp };
}

function trimZeros(d: DecimalDigits): DecimalDigits {
  const digits = d.digits.replace(/0+$/, '');
  return digits === '' ? { digits: '', dp: 0 } : { digits, dp: d.dp };
}

/** The exact decimal expansion of |x| (finite). */
function exactDigits(x: number): DecimalDigits {
  const { mant, exp } = decompose(x);
  if (mant === 0n) return { digits: '', dp: 0 };
  if (exp >= 0) {
    const s = (mant << BigInt(exp)).toString();
    return trimZeros({ digits: s, dp: s.length });
  }
  const k = -exp;
  const s = (mant * 5n ** BigInt(k)).toString();
  const stripped = s.replace(/^0+/, '');
  return trimZeros({ digits: stripped, dp: s.length - k - (s.length - stripped.length) });
}

/** Rounds to `nd` significant digits, half to even on the exact value (Go's decimal.Round). */
function roundDigits(d: DecimalDigits, nd: number): DecimalDigits {
  if (nd < 0 || nd >= d.digits.length) return d;
  const next = d.digits.charCodeAt(nd) - 48;
  let up: boolean;
  if (next === 5 && nd + 1 === d.digits.length) {
    up = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  } else {
    up = next >= 5;
  }
  if (!up) return trimZeros({ digits: d.digits.slice(0, nd), dp: d.dp });
  for (let i = nd - 1; i >= 0; i--) {
    const c = d.digits.charCodeAt(i);
    if (c < 57) {
      return { digits: d.digits.slice(0, i) + String.fromCharCode(c + 1), dp: d.dp };
    }
  }
  return { digits: '1', dp: d.dp + 1 };
}

/** Shortest digits that round-trip (JavaScript and Go agree on shortest round-trip output). */
export function shortestDigits(x: number): DecimalDigits {
  if (x === 0) return { digits: '', dp: 0 };
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  return { digits, dp: Number(exponent) + 1 };
}

function formatE(neg: boolean, d: DecimalDigits, prec: number, letter: string): string {
  let out = neg ? '-' : '';
  out += d.digits.length > 0 ? d.digits[0] : '0';
  if (prec > 0) {
    out += '.';
    const frac = d.digits.slice(1, prec + 1);
    out += frac + '0'.repeat(prec - frac.length);
  }
  let exp = d.digits.length === 0 ? 0 : d.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return out + letter + sign + (exp < 10 ? '0' + exp : String(exp));
}

function formatF(neg: boolean, d: DecimalDigits, prec: number): string {
  let out = neg ? '-' : '';
  if (d.dp > 0) {
    const intDigits = d.digits.slice(0, d.dp);
    out += intDigits + '0'.repeat(d.dp - intDigits.length);
  } else {
    out += '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      const j = d.dp + i;
      out += j >= 0 && j < d.digits.length ? d.digits[j] : '0';
    }
  }
  return out;
}

function formatB(x: number): string {
  const { negative, mant, exp } = decompose(x);
  return `${negative ? '-' : ''}${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

function formatHexFloat(x: number, prec: number, letter: 'x' | 'X'): string {
  const bits = decompose(x);
  let { mant } = bits;
  let exp = bits.exp + 52;
  if (mant === 0n) exp = 0;
  // Normalise so that the leading 1 sits at bit 60, as Go does.
  mant <<= 8n;
  const bit60 = 1n << 60n;
  while (mant !== 0n && (mant & bit60) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & (bit60 - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = letter === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  const mask64 = (1n << 64n) - 1n;
  let out = (bits.negative ? '-' : '') + '0' + letter + String((mant >> 60n) & 1n);
  mant = (mant << 4n) & mask64;
  if (prec < 0 && mant !== 0n) {
    out += '.';
    while (mant !== 0n) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & mask64;
    }
  } else if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      out += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & mask64;
    }
  }
  out += letter === 'X' ? 'P' : 'p';
  out += exp < 0 ? '-' : '+';
  const absExp = Math.abs(exp);
  return out + (absExp < 10 ? '0' + absExp : String(absExp));
}

export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G' | 'b' | 'x' | 'X';

/** strconv.FormatFloat(x, fmt, prec, 64); prec < 0 means shortest. */
export function formatFloat(x: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (fmt === 'b') return formatB(x);
  if (fmt === 'x' || fmt === 'X') return formatHexFloat(x, prec, fmt);
  const neg = x < 0 || Object.is(x, -0);
  const shortest = prec < 0;
  let digs: DecimalDigits;
  if (shortest) {
    digs = shortestDigits(x);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(digs.digits.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(digs.digits.length - digs.dp, 0);
    else prec = digs.digits.length;
  } else {
    const exact = exactDigits(x);
    if (fmt === 'e' || fmt === 'E') digs = roundDigits(exact, prec + 1);
    else if (fmt === 'f') digs = roundDigits(exact, exact.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digs = roundDigits(exact, prec);
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return formatE(neg, digs, prec, fmt);
    case 'f':
      return formatF(neg, digs, prec);
    default: {
      const nd = digs.digits.length;
      let eprec = prec;
      if (eprec > nd && nd >= digs.dp) eprec = nd;
      if (shortest) eprec = 6;
      const exp = digs.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        return formatE(neg, digs, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > digs.dp) prec = nd;
      return formatF(neg, digs, Math.max(prec - digs.dp, 0));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Quoting

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's strconv.IsPrint (letters, marks, numbers, punctuation, symbols and the ASCII space). */
export function isPrint(codePoint: number): boolean {
  if (codePoint < 0x20 || codePoint === 0x7f) return false;
  if (codePoint < 0x7f) return true;
  return PRINTABLE.test(String.fromCodePoint(codePoint));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeRune(cp: number, quote: number, asciiOnly: boolean): string {
  if (cp === quote || cp === 0x5c) return '\\' + String.fromCodePoint(cp);
  // A raw byte (docs/templates.md#byte-strings): Go quotes an invalid byte as \xNN.
  if (cp >= 0xdc80 && cp <= 0xdcff) return '\\x' + hex(cp - 0xdc00, 2);
  if (asciiOnly) {
    if (cp < 0x80 && isPrint(cp)) return String.fromCodePoint(cp);
  } else if (isPrint(cp)) {
    return String.fromCodePoint(cp);
  }
  switch (cp) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd'; // lone surrogate: Go would hold U+FFFD
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  const q = String.fromCharCode(quote);
  let out = q;
  for (const ch of s) out += escapeRune(ch.codePointAt(0) as number, quote, asciiOnly);
  return out + q;
}

/** strconv.Quote */
export function quote(s: string): string {
  return quoteWith(s, 0x22, false);
}

/** strconv.QuoteToASCII */
export function quoteToAscii(s: string): string {
  return quoteWith(s, 0x22, true);
}

/** strconv.QuoteRune / QuoteRuneToASCII (invalid code points become U+FFFD, like Go). */
export function quoteRune(codePoint: number, asciiOnly = false): string {
  const valid = codePoint >= 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
  return quoteWith(String.fromCodePoint(valid ? codePoint : 0xfffd), 0x27, asciiOnly);
}

/** strconv.CanBackquote */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp === 0xfeff) return false;
    if (cp >= 0xd800 && cp <= 0xdfff) return false;
    if ((cp < 0x20 && cp !== 0x09) || cp === 0x60 || cp === 0x7f) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Unquoting

/** strconv.ErrSyntax. */
export class StrconvSyntaxError extends Error {
  constructor() {
    super('invalid syntax');
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c };

export interface UnquotedChar {
  /** Code point, or a raw byte when `isByte` (from `\xNN` and octal escapes). */
  readonly value: number;
  readonly isByte: boolean;
  /** Index after the character. */
  readonly next: number;
}

/** strconv.UnquoteChar on `s` from index `i`; throws StrconvSyntaxError. */
export function unquoteChar(s: string, i: number, quote: string): UnquotedChar {
  const c = s.codePointAt(i);
  if (c === undefined) throw new StrconvSyntaxError();
  const ch = String.fromCodePoint(c);
  if (ch === quote && (quote === "'" || quote === '"')) throw new StrconvSyntaxError();
  if (c !== 0x5c) return { value: c, isByte: false, next: i + ch.length };
  const e = s[i + 1];
  if (e === undefined) throw new StrconvSyntaxError();
  let j = i + 2;
  if (Object.hasOwn(SIMPLE_ESCAPES, e)) return { value: SIMPLE_ESCAPES[e], isByte: false, next: j };
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    if (j + n > s.length) throw new StrconvSyntaxError();
    let v = 0;
    for (let k = 0; k < n; k++) {
      const d = hexDigit(s.charCodeAt(j + k));
      if (d < 0) throw new StrconvSyntaxError();
      v = v * 16 + d;
    }
    j += n;
    if (e === 'x') return { value: v, isByte: true, next: j };
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new StrconvSyntaxError();
    return { value: v, isByte: false, next: j };
  }
  if (e >= '0' && e <= '7') {
    let v = e.charCodeAt(0) - 0x30;
    if (j + 2 > s.length) throw new StrconvSyntaxError();
    for (let k = 0; k < 2; k++) {
      const x = s.charCodeAt(j + k) - 0x30;
      if (x < 0 || x > 7) throw new StrconvSyntaxError();
      v = (v << 3) | x;
    }
    if (v > 255) throw new StrconvSyntaxError();
    return { value: v, isByte: true, next: j + 2 };
  }
  if (e === "'" || e === '"') {
    if (e !== quote) throw new StrconvSyntaxError();
    return { value: e.charCodeAt(0), isByte: false, next: j };
  }
  throw new StrconvSyntaxError();
}

function pushUtf8(bytes: number[], cp: number): void {
  if (cp < 0x80) bytes.push(cp);
  else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/**
 * strconv.Unquote for `"…"`, `'…'` and `` `…` `` literals; throws StrconvSyntaxError. Raw bytes
 * from `\xNN`/octal escapes that do not form UTF-8 come out as U+FFFD.
 */
export function unquote(s: string): string {
  if (s.length < 2) throw new StrconvSyntaxError();
  const quote = s[0];
  const end = s.indexOf(quote, 1);
  if (end < 0) throw new StrconvSyntaxError();
  if (quote === '`') {
    if (end !== s.length - 1) throw new StrconvSyntaxError();
    return s.slice(1, end).replace(/\r/g, '');
  }
  if (quote !== '"' && quote !== "'") throw new StrconvSyntaxError();
  const simple = s.slice(1, end);
  if (!simple.includes('\\') && !simple.includes('\n')) {
    // Go's fast path; for `'` it also accepts the empty literal `''`.
    const valid = quote === '"' || [...simple].length <= 1;
    if (valid) {
      if (end !== s.length - 1) throw new StrconvSyntaxError();
      return simple;
    }
  }
  const bytes: number[] = [];
  let i = 1;
  while (i < s.length && s[i] !== quote) {
    if (s[i] === '\n') throw new StrconvSyntaxError();
    const r = unquoteChar(s, i, quote);
    if (r.isByte) bytes.push(r.value);
    else pushUtf8(bytes, r.value);
    i = r.next;
    if (quote === "'") break;
  }
  if (i !== s.length - 1 || s[i] !== quote) throw new StrconvSyntaxError();
  return goStringFromBytes(Uint8Array.from(bytes));
}

// ---------------------------------------------------------------------------------------------
// Parsing

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Go's rule for `_` digit separators in literals (strconv's underscoreOK). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let isHex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(s[1].toLowerCase())) {
    i = 2;
    saw = '0';
    isHex = s[1].toLowerCase() === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (isHex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

export type ParseResult = { ok: true; value: bigint } | { ok: false; value: bigint; range: boolean };

const UINT64_MAX = (1n << 64n) - 1n;

/**
 * strconv.ParseUint(s, base, 64). Base 0 takes Go prefixes (0x, 0o, 0b, a leading 0 for octal)
 * and `_` separators; a sign is a syntax error. On overflow Go returns the maximum with a range error.
 */
export function parseUint64(s: string, base: number): ParseResult {
  const fail: ParseResult = { ok: false, value: 0n, range: false };
  if (s.length === 0) return fail;
  let body = s;
  const base0 = base === 0;
  if (base0) {
    base = 10;
    if (body[0] === '0') {
      const p = body.length >= 3 ? body[1].toLowerCase() : '';
      if (p === 'b' || p === 'o' || p === 'x') {
        base = p === 'b' ? 2 : p === 'o' ? 8 : 16;
        body = body.slice(2);
      } else {
        base = 8;
        body = body.slice(1);
      }
    }
  }
  let value = 0n;
  let sawUnderscore = false;
  const bigBase = BigInt(base);
  for (const c of body) {
    if (c === '_' && base0) {
      sawUnderscore = true;
      continue;
    }
    const d = /^[0-9a-zA-Z]$/.test(c) ? parseInt(c, 36) : NaN;
    if (Number.isNaN(d) || d >= base) return fail;
    value = value * bigBase + BigInt(d);
    if (value > UINT64_MAX) return { ok: false, value: UINT64_MAX, range: true };
  }
  if (sawUnderscore && !underscoreOK(s)) return fail;
  return { ok: true, value };
}

/** strconv.ParseInt(s, base, 64): an optional sign, then ParseUint's syntax; out of range clamps. */
export function parseInt64(s: string, base: number): ParseResult {
  if (s.length === 0) return { ok: false, value: 0n, range: false };
  const negative = s[0] === '-';
  const body = s[0] === '+' || s[0] === '-' ? s.slice(1) : s;
  const unsigned = parseUint64(body, base);
  if (!unsigned.ok && !unsigned.range) return unsigned;
  if (!negative && (!unsigned.ok || unsigned.value > INT64_MAX)) return { ok: false, value: INT64_MAX, range: true };
  if (negative && (!unsigned.ok || unsigned.value > -INT64_MIN)) return { ok: false, value: INT64_MIN, range: true };
  return { ok: true, value: negative ? -unsigned.value : unsigned.value };
}

const DECIMAL_FLOAT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const HEX_FLOAT = /^[+-]?0[xX](?:_?[0-9a-fA-F])*(?:\.[0-9a-fA-F]*(?:_?[0-9a-fA-F])*)?[pP][+-]?\d+$/;

/** strconv.ParseFloat(s, 64); undefined when Go reports a syntax error (range errors give ±Inf). */
export function parseFloat64(s: string): number | undefined {
  const lower = s.toLowerCase();
  const unsigned = lower.replace(/^[+-]/, '');
  if (unsigned === 'inf' || unsigned === 'infinity') return lower.startsWith('-') ? -Infinity : Infinity;
  if (lower === 'nan') return NaN;
  if (DECIMAL_FLOAT.test(s)) {
    if (s.includes('_') && !underscoreOK(s)) return undefined;
    return Number(s.replace(/_/g, ''));
  }
  if (HEX_FLOAT.test(s) && /^[+-]?0[xX][_.]*[0-9a-fA-F]/.test(s)) {
    if (s.includes('_') && !underscoreOK(s)) return undefined;
    return parseHexFloat(s.replace(/_/g, ''));
  }
  return undefined;
}

function parseHexFloat(s: string): number {
  const negative = s[0] === '-';
  const body = s.replace(/^[+-]/, '').slice(2);
  const [mantissa, exponent] = body.split(/[pP]/);
  const [intPart, fracPart = ''] = mantissa.split('.');
  const digits = (intPart + fracPart) || '0';
  const value = Number(BigInt('0x' + digits)) * 2 ** (Number(exponent) - 4 * fracPart.length);
  return negative ? -value : value;
}
