/**
 * Go literal syntax as text/template's parser applies it: strconv.Unquote / UnquoteChar for
 * string and character constants, and strconv.ParseUint / ParseInt / ParseFloat (base 0, with
 * `_` separators) for numbers. Failures throw an Error whose message is Go's.
 */
import { parseFloat64, parseInt64, parseUint64, quote, unquote, unquoteChar } from '../go/strconv';

/** strconv.Unquote for "…" and `…` literals as the lexer delivers them. */
export function unquoteString(quoted: string): string {
  return unquote(quoted);
}

/** Value of a character constant such as 'a' or '\n'. */
export function unquoteCharConstant(text: string): number {
  const r = unquoteChar(text, 1, text[0]);
  if (text.slice(r.next) !== "'") throw new Error(`malformed character constant: ${text}`);
  return r.value;
}

/** strconv.ParseUint(s, 0, 64); undefined on any error. */
function parseGoUint(s: string): bigint | undefined {
  const r = parseUint64(s, 0);
  return r.ok ? r.value : undefined;
}

/** strconv.ParseInt(s, 0, 64); undefined on any error. */
function parseGoInt(s: string): bigint | undefined {
  const r = parseInt64(s, 0);
  return r.ok ? r.value : undefined;
}

/** strconv.ParseFloat(s, 64); undefined on a syntax or range error. */
function parseGoFloat(s: string): number | undefined {
  const f = parseFloat64(s);
  return f !== undefined && Number.isFinite(f) ? f : undefined;
}

export interface NumberLiteral {
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  /** Real and imaginary parts of a complex literal (Go's Complex128); null for other numbers. */
  complex: [number, number] | null;
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
  return { isInt: false, isUint: false, isFloat: false, isComplex: false, int64: 0n, uint64: 0n, float64: 0, complex: null };
}

/** A complex literal: only its real/imaginary split matters, to know whether it is real. */
function complexLiteral(real: number, imag: number): NumberLiteral {
  const n = emptyLiteral();
  n.isComplex = true;
  n.complex = [real, imag];
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
      if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${quote(text)}`);
      withFloat(n, f);
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new Error(`illegal number syntax: ${quote(text)}`);
  return n;
}
