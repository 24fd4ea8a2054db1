/**
 * Go text/template's builtin functions (funcs.go): and, or, not, len, index, slice, print,
 * printf, println, html, js, urlquery, call, eq, ne, lt, le, gt, ge.
 *
 * Their parameters are `reflect.Value`s in Go, so they see a missing value (`undefined`) and a
 * nil interface (`null`) differently; error texts are Go's. `and`/`or` are short-circuited by
 * the executor, which recognises them by identity.
 */
import { FunctionError, FunctionMap, TemplateFunction, fn } from './function-types';
import { sprint, sprintf, sprintln } from '../go/fmt';
import { isPrint } from '../go/strconv';
import { compare as compareStrings } from '../go/strings';
import {
  GO_TYPE,
  GoInt,
  GoList,
  GoMap,
  GoNamedInt,
  GoValue,
  elementTypeName,
  floatValue,
  goKindName,
  goStringByteLength as utf8Length,
  goStringBytes,
  goStringFromBytes,
  hasRawBytes,
  goTypeName,
  isGoMethod,
  isGoObject,
  isList,
  isMap,
  isTrue,
  withGoType,
  zeroValueOf,
} from '../core/values';

/** Go's indirectInterface: a nil interface is no value at all. */
function indirectInterface(v: GoValue): GoValue {
  return v === null ? undefined : v;
}

function truth(v: GoValue): boolean {
  return isTrue(v);
}

// --- index / slice / len ------------------------------------------------------------------

/** indexArg: an integer index within [0, cap]. */
function indexArg(index: GoValue, cap: number): number {
  let x: bigint;
  if (typeof index === 'number' && Number.isInteger(index)) x = BigInt(index);
  else if (index instanceof GoInt) x = index.value;
  else if (index === undefined || index === null) throw new FunctionError('cannot index slice/array with nil');
  else throw new FunctionError(`cannot index slice/array with type ${goTypeName(index)}`);
  if (x < 0n || x > BigInt(cap)) throw new FunctionError(`index out of range: ${x}`);
  return Number(x);
}

function utf8Bytes(s: string): Buffer {
  return goStringBytes(s);
}

function byteAt(s: string, i: number): GoInt {
  const len = utf8Length(s);
  if (i >= len) throw new FunctionError('reflect: string index out of range');
  // Equal lengths mean ASCII, unless raw bytes (one unit, one byte each) are there.
  const b = len === s.length && !hasRawBytes(s) ? s.charCodeAt(i) : utf8Bytes(s)[i];
  return new GoInt('uint8', BigInt(b));
}

function indexFn(item0: GoValue, ...indexes: GoValue[]): GoValue {
  let item = indirectInterface(item0);
  if (item === undefined) throw new FunctionError('index of untyped nil');
  for (const raw of indexes) {
    const index = indirectInterface(raw);
    if (item === null) throw new FunctionError('index of nil pointer');
    if (typeof item === 'string') {
      const x = indexArg(index, utf8Length(item));
      item = byteAt(item, x);
    } else if (isList(item)) {
      const x = indexArg(index, item.length);
      if (x >= item.length) throw new FunctionError('reflect: slice index out of range');
      item = item[x];
    } else if (isMap(item)) {
      if (index === undefined) throw new FunctionError('value is nil; should be of type string');
      if (typeof index !== 'string') {
        throw new FunctionError(`value has type ${goTypeName(index)}; should be string`);
      }
      const m: GoMap = item;
      item = Object.prototype.hasOwnProperty.call(m, index) ? m[index] : zeroValueOf(elementTypeName(m));
    } else {
      throw new FunctionError(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function sliceFn(item0: GoValue, ...indexes: GoValue[]): GoValue {
  const item = indirectInterface(item0);
  if (item === undefined) throw new FunctionError('slice of untyped nil');
  if (indexes.length > 3) throw new FunctionError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  if (typeof item === 'string') {
    if (indexes.length === 3) throw new FunctionError('cannot 3-index slice a string');
    len = utf8Length(item);
  } else if (isList(item)) {
    len = item.length;
  } else {
    throw new FunctionError(`can't slice item of type ${goTypeName(item)}`);
  }
  const idx = [0, len, len];
  indexes.forEach((index, i) => {
    idx[i] = indexArg(indirectInterface(index), len);
  });
  if (idx[0] > idx[1]) throw new FunctionError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) {
    throw new FunctionError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  }
  if (typeof item === 'string') {
    return len === item.length && !hasRawBytes(item) ? item.slice(idx[0], idx[1]) : goStringFromBytes(utf8Bytes(item).subarray(idx[0], idx[1]));
  }
  const out: GoList = item.slice(idx[0], idx[1]);
  const typeName = item[GO_TYPE];
  return typeName === undefined ? out : withGoType(out, typeName);
}

function lenFn(item: GoValue): GoValue {
  if (item === null) throw new FunctionError('len of nil pointer');
  if (item === undefined) throw new FunctionError('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return utf8Length(item);
  if (isList(item)) return item.length;
  if (isMap(item)) return Object.keys(item).length;
  throw new FunctionError(`len of type ${goTypeName(item)}`);
}

// --- call ---------------------------------------------------------------------------------

function callFn(f0: GoValue, ...args: GoValue[]): GoValue {
  const f = indirectInterface(f0);
  if (f === undefined) throw new FunctionError('call of nil');
  if (!isGoMethod(f)) throw new FunctionError(`non-function of type ${goTypeName(f)}`);
  return f.call(args.map(indirectInterface));
}

// --- comparisons --------------------------------------------------------------------------

const enum Kind {
  Invalid,
  Bool,
  Int,
  Float,
  String,
  Uint,
}

function basicKind(v: GoValue): Kind {
  switch (typeof v) {
    case 'boolean':
      return Kind.Bool;
    case 'string':
      return Kind.String;
    case 'number':
      return Number.isInteger(v) ? Kind.Int : Kind.Float;
  }
  if (v instanceof GoInt) return v.kind.startsWith('u') ? Kind.Uint : Kind.Int;
  if (v instanceof GoNamedInt) return v.goKind.startsWith('u') ? Kind.Uint : Kind.Int;
  if (floatValue(v) !== undefined) return Kind.Float;
  return Kind.Invalid;
}

function intOf(v: GoValue): bigint {
  return typeof v === 'number' ? BigInt(v) : (v as GoInt | GoNamedInt).value;
}

function floatOf(v: GoValue): number {
  return floatValue(v) as number;
}

const BAD_COMPARISON_TYPE = 'invalid type for comparison';
const BAD_COMPARISON = 'incompatible types for comparison';

/** reflect.Kind of a non-basic value, for canCompare. */
function reflectKind(v: GoValue): string {
  return v === undefined ? 'invalid' : v === null ? 'interface' : goKindName(v);
}

function isNilValue(v: GoValue): boolean {
  return v === undefined || v === null;
}

function isComparable(v: GoValue): boolean {
  return !(isList(v) || isMap(v) || isGoMethod(v));
}

function eqFn(arg1In: GoValue, ...arg2: GoValue[]): GoValue {
  const arg1 = indirectInterface(arg1In);
  if (arg2.length === 0) throw new FunctionError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const raw of arg2) {
    const arg = indirectInterface(raw);
    // Fast path for the common string/int comparisons.
    if (typeof arg1 === typeof arg && (typeof arg === 'string' || typeof arg === 'boolean')) {
      if (arg1 === arg) return true;
      continue;
    }
    const k2 = basicKind(arg);
    let result = false;
    if (k1 !== k2) {
      if (k1 === Kind.Int && k2 === Kind.Uint) {
        const a = intOf(arg1);
        result = a >= 0n && a === intOf(arg);
      } else if (k1 === Kind.Uint && k2 === Kind.Int) {
        const b = intOf(arg);
        result = b >= 0n && intOf(arg1) === b;
      } else if (arg1 !== undefined && arg !== undefined) {
        throw new FunctionError(BAD_COMPARISON);
      }
    } else {
      switch (k1) {
        case Kind.Bool:
        case Kind.String:
          result = arg1 === arg;
          break;
        case Kind.Float:
          result = floatOf(arg1) === floatOf(arg);
          break;
        case Kind.Int:
        case Kind.Uint:
          result = typeof arg1 === 'number' && typeof arg === 'number' ? arg1 === arg : intOf(arg1) === intOf(arg);
          break;
        default: {
          const kind1 = reflectKind(arg1);
          const kind2 = reflectKind(arg);
          if (kind1 !== kind2 && arg1 !== undefined && arg !== undefined) {
            throw new FunctionError(
              sprintf('non-comparable types %s: %v, %s: %v', [arg1, goTypeName(arg1), goTypeName(arg), arg]),
            );
          }
          if (isNilValue(arg1) || isNilValue(arg)) {
            result = isNilValue(arg) === isNilValue(arg1);
          } else {
            if (!isComparable(arg)) {
              throw new FunctionError(sprintf('non-comparable type %s: %v', [arg, goTypeName(arg)]));
            }
            result = isGoObject(arg1) && arg1.goEqual !== undefined ? arg1.goEqual(arg) : arg1 === arg;
          }
        }
      }
    }
    if (result) return true;
  }
  return false;
}

function ltFn(a: GoValue, b: GoValue): boolean {
  const arg1 = indirectInterface(a);
  const arg2 = indirectInterface(b);
  if (typeof arg1 === 'string' && typeof arg2 === 'string') return compareStrings(arg1, arg2) < 0;
  const k1 = basicKind(arg1);
  if (k1 === Kind.Invalid) throw new FunctionError(BAD_COMPARISON_TYPE);
  const k2 = basicKind(arg2);
  if (k2 === Kind.Invalid) throw new FunctionError(BAD_COMPARISON_TYPE);
  if (k1 !== k2) {
    if (k1 === Kind.Int && k2 === Kind.Uint) return intOf(arg1) < 0n || intOf(arg1) < intOf(arg2);
    if (k1 === Kind.Uint && k2 === Kind.Int) return intOf(arg2) >= 0n && intOf(arg1) < intOf(arg2);
    throw new FunctionError(BAD_COMPARISON);
  }
  switch (k1) {
    case Kind.Bool:
      throw new FunctionError(BAD_COMPARISON_TYPE);
    case Kind.Float:
      return floatOf(arg1) < floatOf(arg2);
    case Kind.String:
      return compareStrings(arg1 as string, arg2 as string) < 0;
    default:
      return typeof arg1 === 'number' && typeof arg2 === 'number' ? arg1 < arg2 : intOf(arg1) < intOf(arg2);
  }
}

function leFn(a: GoValue, b: GoValue): boolean {
  return ltFn(a, b) || (eqFn(a, b) as boolean);
}

// --- escapers -----------------------------------------------------------------------------

/** evalArgs: the text of the arguments as Sprint prints them, missing values as <no value>. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === undefined || a === null ? '<no value>' : a)));
}

const HTML_ESCAPES: Record<string, string> = {
  '\0': '\uFFFD',
  '"': '&#34;',
  "'": '&#39;',
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

export function htmlEscapeString(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => HTML_ESCAPES[c]);
}

const JS_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    const esc = JS_ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (cp < 0x20) out += '\\u00' + cp.toString(16).toUpperCase().padStart(2, '0');
    // A raw byte decodes as U+FFFD, which is printable: Go writes the byte as it is.
    else if (cp < 0x80 || isPrint(cp) || (cp >= 0xdc80 && cp <= 0xdcff)) out += ch;
    else out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape */
export function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of goStringBytes(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

// --- the map ------------------------------------------------------------------------------

function andOr(isOr: boolean): (first: GoValue, ...rest: GoValue[]) => GoValue {
  // Only reached through `call`-like paths; the executor short-circuits and/or itself.
  return (first, ...rest) => {
    let v = first;
    for (const arg of [first, ...rest]) {
      v = arg;
      if (truth(arg) === isOr) return arg;
    }
    return v;
  };
}

const andFunction: TemplateFunction = fn(['reflect'], andOr(false), 'reflect');
const orFunction: TemplateFunction = fn(['reflect'], andOr(true), 'reflect');

export const goBuiltins: FunctionMap = Object.freeze({
  and: andFunction,
  or: orFunction,
  not: fn(['reflect'], (v) => !truth(v)),
  len: fn(['reflect'], lenFn),
  index: fn(['reflect'], indexFn, 'reflect'),
  slice: fn(['reflect'], sliceFn, 'reflect'),
  call: fn(['reflect'], callFn, 'reflect'),
  print: fn([], (...args) => sprint(args), 'any'),
  printf: fn(['string'], (format, ...args) => sprintf(format as string, args), 'any'),
  println: fn([], (...args) => sprintln(args), 'any'),
  html: fn([], (...args) => htmlEscapeString(evalArgs(args)), 'any'),
  js: fn([], (...args) => jsEscapeString(evalArgs(args)), 'any'),
  urlquery: fn([], (...args) => urlQueryEscape(evalArgs(args)), 'any'),
  eq: fn(['reflect'], eqFn, 'reflect'),
  ne: fn(['reflect', 'reflect'], (a, b) => !eqFn(a, b)),
  lt: fn(['reflect', 'reflect'], ltFn),
  le: fn(['reflect', 'reflect'], leFn),
  gt: fn(['reflect', 'reflect'], (a, b) => !leFn(a, b)),
  ge: fn(['reflect', 'reflect'], (a, b) => !ltFn(a, b)),
});
