/**
 * Go literal syntax as text/template's parser applies it: strconv.Unquote / UnquoteChar for
 * string and character constants, and strconv.ParseUint / ParseInt / ParseFloat (base 0, with
 * `_` separators) for numbers. Failures throw an Error whose message is Go's.
 */
import { goQuote } from './errors';

const SYNTAX_ERROR = 'invalid syntax';

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

interface UnquotedChar {
  /** Code point, or a raw byte when `isByte` (from \x.. or octal escapes). */
  readonly value: number;
  readonly isByte: boolean;
  /** Index after the character. */
  readonly next: number;
}

/** strconv.UnquoteChar on s starting at index i. */
function unquoteChar(s: string, i: number, quote: string): UnquotedChar {
  const c = s.codePointAt(i);
  if (c === undefined) throw new Error(SYNTAX_ERROR);
  const ch = String.fromCodePoint(c);
  if (ch === quote && (quote === "'" || quote === '"')) throw new Error(SYNTAX_ERROR);
  if (c !== 0x5c) return { value: c, isByte: false, next: i + ch.length };
  if (i + 1 >= s.length) throw new Error(SYNTAX_ERROR);
  const e = s[i + 1];
  let j = i + 2;
  switch (e) {
    case 'a':
      return { value: 7, isByte: false, next: j };
    case 'b':
      return { value: 8, isByte: false, next: j };
    case 'f':
      return { value: 12, isByte: false, next: j };
    case 'n':
      return { value: 10, isByte: false, next: j };
    case 'r':
      return { value: 13, isByte: false, next: j };
    case 't':
      return { value: 9, isByte: false, next: j };
    case 'v':
      return { value: 11, isByte: false, next: j };
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      if (j + n > s.length) throw new Error(SYNTAX_ERROR);
      let v = 0;
      for (let k = 0; k < n; k++) {
        const d = hexDigit(s.charCodeAt(j + k));
        if (d < 0) throw new Error(SYNTAX_ERROR);
        v = v * 16 + d;
      }
      j += n;
      if (e === 'x') return { value: v, isByte: true, next: j };
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new Error(SYNTAX_ERROR);
      return { value: v, isByte: false, next: j };
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      let v = e.charCodeAt(0) - 0x30;
      if (j + 2 > s.length) throw new Error(SYNTAX_ERROR);
      for (let k = 0; k < 2; k++) {
        const x = s.charCodeAt(j + k) - 0x30;
        if (x < 0 || x > 7) throw new Error(SYNTAX_ERROR);
        v = (v << 3) | x;
      }
      j += 2;
      if (v > 255) throw new Error(SYNTAX_ERROR);
      return { value: v, isByte: true, next: j };
    }
    case '\\':
      return { value: 0x5c, isByte: false, next: j };
    case "'":
    case '"':
      if (e !== quote) throw new Error(SYNTAX_ERROR);
      return { value: e.charCodeAt(0), isByte: false, next: j };
    default:
      throw new Error(SYNTAX_ERROR);
  }
}

function pushUtf8(bytes: number[], cp: number): void {
  if (cp < 0x80) bytes.push(cp);
  else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/** strconv.Unquote for "…" and `…` literals as the lexer delivers them. */
export function unquoteString(quoted: string): string {
  const quote = quoted[0];
  if (quote === '`') return quoted.slice(1, -1).replace(/\r/g, '');
  const body = quoted.slice(1, -1);
  if (body.indexOf('\\') < 0) {
    if (body.indexOf('"') >= 0 || body.indexOf('\n') >= 0) throw new Error(SYNTAX_ERROR);
    return body;
  }
  if (body.indexOf('\n') >= 0) throw new Error(SYNTAX_ERROR);
  // Escapes may produce raw bytes (\xNN, octal) that only form text together, so decode bytes.
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const r = unquoteChar(body, i, quote);
    if (r.isByte) bytes.push(r.value);
    else pushUtf8(bytes, r.value);
    i = r.next;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Value of a character constant such as 'a' or '\n'. */
export function unquoteCharConstant(text: string): number {
  const r = unquoteChar(text, 1, text[0]);
  if (text.slice(r.next) !== "'") throw new Error(`malformed character constant: ${text}`);
  return r.value;
}

function lower(c: string): string {
  return c.toLowerCase();
}

/** strconv's underscoreOK: `_` only between digits (or after a base prefix). */
function underscoreOK(str: string): boolean {
  let s = str;
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(lower(s[1]))) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
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

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_INT64 = (1n << 63n) - 1n;

/** strconv.ParseUint(s, 0, 64); undefined on any error. */
export function parseGoUint(s0: string): bigint | undefined {
  if (s0.length === 0) return undefined;
  let s = s0;
  let base = 10;
  if (s[0] === '0') {
    const p = s.length >= 3 ? lower(s[1]) : '';
    if (p === 'b') base = 2;
    else if (p === 'o') base = 8;
    else if (p === 'x') base = 16;
    else base = 8;
    s = base === 8 && p !== 'o' ? s.slice(1) : s.slice(2);
  }
  let n = 0n;
  const b = BigInt(base);
  let underscores = false;
  for (const c of s) {
    if (c === '_') {
      underscores = true;
      continue;
    }
    const d = hexDigit(c.charCodeAt(0));
    if (d < 0 || d >= base) return undefined;
    n = n * b + BigInt(d);
    if (n > MAX_UINT64) return undefined;
  }
  if (underscores && !underscoreOK(s0)) return undefined;
  return n;
}

/** strconv.ParseInt(s, 0, 64); undefined on any error. */
export function parseGoInt(s: string): bigint | undefined {
  if (s.length === 0) return undefined;
  let neg = false;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    body = s.slice(1);
  }
  const u = parseGoUint(body);
  if (u === undefined) return undefined;
  // underscoreOK must see the sign too; parseGoUint checked the unsigned part, which is equivalent.
  if (neg) return u > MAX_INT64 + 1n ? undefined : -u;
  return u > MAX_INT64 ? undefined : u;
}

const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;

/** strconv.ParseFloat(s, 64) for the forms the lexer can produce; undefined on error/overflow. */
export function parseGoFloat(s0: string): number | undefined {
  let s = s0;
  if (s.includes('_')) {
    if (!underscoreOK(s)) return undefined;
    s = s.replace(/_/g, '');
  }
  let f: number;
  if (DECIMAL_FLOAT.test(s)) {
    f = Number(s);
  } else {
    const m = HEX_FLOAT.exec(s);
    if (m === null) return undefined;
    const intPart = m[2];
    const fracPart = m[3] ?? '';
    if (intPart.length + fracPart.length === 0) return undefined;
    const mantissa = BigInt('0x' + (intPart + fracPart || '0'));
    const exp = Number(m[4]) - 4 * fracPart.length;
    f = Number(mantissa) * Math.pow(2, exp);
    if (m[1] === '-') f = -f;
  }
  return Number.isFinite(f) ? f : undefined;
}

export interface NumberLiteral {
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
}

const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;

function withFloat(n: NumberLiteral, f: number): NumberLiteral {
  n.isFloat = true;
  n.float64 = f;
  if (Number.isInteger(f) && f >= -TWO_63 && f < TWO_63) {
    n.isInt = true;
    n.int64 = BigInt(f);
  }
  if (Number.isInteger(f) && f >= 0 && f < TWO_64) {
    n.isUint = true;
    n.uint64 = BigInt(f);
  }
  return n;
}

function emptyLiteral(): NumberLiteral {
  return { isInt: false, isUint: false, isFloat: false, isComplex: false, int64: 0n, uint64: 0n, float64: 0 };
}

/** A complex literal: only its real/imaginary split matters, to know whether it is real. */
function complexLiteral(real: number, imag: number): NumberLiteral {
  const n = emptyLiteral();
  n.isComplex = true;
  if (imag === 0) withFloat(n, real);
  return n;
}

/** parse.NumberNode's interpretation of a number, char constant or complex literal. */
export function parseNumberLiteral(text: string, kind: 'number' | 'char' | 'complex'): NumberLiteral {
  if (kind === 'char') {
    const v = unquoteCharConstant(text);
    const n = emptyLiteral();
    n.isInt = n.isUint = n.isFloat = true;
    n.int64 = n.uint64 = BigInt(v);
    n.float64 = v;
    return n;
  }
  if (kind === 'complex') {
    const m = /^(.*[^eEpP])([+-].*)i$/.exec(text);
    const re = m ? parseGoFloat(m[1]) : undefined;
    const im = m ? parseGoFloat(m[2]) : undefined;
    if (re === undefined || im === undefined) throw new Error(`expected integer`);
    return complexLiteral(re, im);
  }
  if (text.endsWith('i')) {
    const f = parseGoFloat(text.slice(0, -1));
    if (f !== undefined) return complexLiteral(0, f);
  }
  const n = emptyLiteral();
  const u = parseGoUint(text);
  if (u !== undefined) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = parseGoInt(text);
  if (i !== undefined) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) {
      n.isUint = true;
      n.uint64 = u ?? 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseGoFloat(text);
    if (f !== undefined) {
      // Looks like an integer but only parsed as a float: too large.
      if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${goQuote(text)}`);
      withFloat(n, f);
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new Error(`illegal number syntax: ${goQuote(text)}`);
  return n;
}
