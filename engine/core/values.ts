/**
 * The Go value model that templates compute with.
 *
 * Go's text/template distinguishes int from float64 (and int64, uint64, …), nil from a missing
 * map entry, and typed maps/slices from `map[string]interface{}` / `[]interface{}`. A JavaScript
 * port that collapses these prints and compares differently from Go, so every distinction Go
 * makes observable is kept here:
 *
 * | Go                          | TypeScript                                            |
 * |-----------------------------|-------------------------------------------------------|
 * | int (fits 2^53)             | `number` with an integral value (the fast path)       |
 * | float64                     | `GoFloat`, or a `number` that is not integral         |
 * | int64, uint64, int32, uint8…| `GoInt` with its kind (also `int` beyond 2^53)        |
 * | string / bool               | `string` / `boolean`                                  |
 * | nil (interface, in a map)   | `null`                                                |
 * | missing value (invalid)     | `undefined`                                           |
 * | map[string]interface{}      | plain object; other map types carry `GO_TYPE`         |
 * | []interface{}               | array; other slice types carry `GO_TYPE`              |
 * | anything else (time, semver)| an object implementing `GoObject`                     |
 */

import { isUtf8 } from 'node:buffer';

export class GoFloat {
  constructor(readonly value: number) {}
}

export type IntKind = 'int' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64';

export class GoInt {
  constructor(readonly kind: IntKind, readonly value: bigint) {}
}

/** Go type name of a map or slice that is not `map[string]interface {}` / `[]interface {}`. */
export const GO_TYPE: unique symbol = Symbol.for('kplay.goType');

/** Values with methods and a Go type of their own (semver.Version, time.Time, …). */
export interface GoObject {
  readonly goType: string;
  /** Kind name as reflect.Kind prints it ("struct", "ptr", …). */
  readonly goKind: string;
  /** What fmt's %v prints. */
  goString(): string;
  /** Field or niladic-method access `.Name`; undefined when there is no such field/method. */
  goField?(name: string): GoValue | GoMethod | undefined;
  /** What `%#v` prints (GoString() or Go syntax); goString() when absent. */
  goSyntax?(): string;
  /** What copystructure.Copy (Sprig's deepCopy) returns: unexported fields are lost. The value itself when absent. */
  goDeepCopy?(): GoValue;
  /** Go's `==` against another value (text/template's eq); identity when absent. */
  goEqual?(other: GoValue): boolean;
  /**
   * The struct's fields in order, for verbs a Stringer does not serve (`%d` prints `&{1 2 3 …}`).
   * Absent when the fields include pointers, whose printed addresses nothing could match.
   */
  goFields?(): GoValue[];
  /** True for the zero value of a basic kind with no struct behind it (complex 0): false to `if`, empty to `empty`. */
  goIsZero?(): boolean;
}

/**
 * Go types a method parameter can have: the basic ones, plus the named types of values with
 * methods (engine/go/time.ts, sprig/semver.ts). Pointer types accept nil.
 */
export type MethodParamType = 'int' | 'string' | 'time.Time' | 'time.Duration' | '*time.Location' | '*semver.Version';

/** A method value: `.Method arg…` calls it. */
export interface GoMethod {
  readonly goMethod: true;
  readonly name: string;
  /** Declared parameters: the executor checks count and types as for a function. Unchecked (variadic) when absent. */
  readonly params?: readonly MethodParamType[];
  call(args: GoValue[]): GoValue;
}

/** A method value with declared parameters. */
export function goMethod(name: string, params: readonly MethodParamType[], call: (args: GoValue[]) => GoValue): GoMethod {
  return { goMethod: true, name, params, call };
}

/** A Go `[]byte` (what MarshalJSON/MarshalText return), which templates print as `[34 49 …]`. */
export function byteSlice(text: string): GoList {
  return withGoType(
    [...goStringBytes(text)].map((b) => new GoInt('uint8', BigInt(b))),
    '[]uint8',
  );
}

/**
 * A value of a named integer type with methods (time.Month, time.Weekday, time.Duration): an
 * integer to `%d`/`%#v`, JSON, truth, eq/lt and `empty`; its String() to `%v`, `%s` and `toString`.
 */
export abstract class GoNamedInt implements GoObject {
  abstract readonly goType: string;
  constructor(
    readonly goKind: IntKind,
    readonly value: bigint,
  ) {}
  abstract goString(): string;
}

export interface GoMap {
  [key: string]: GoValue;
  [GO_TYPE]?: string;
}

export interface GoList extends Array<GoValue> {
  [GO_TYPE]?: string;
}

export type GoValue =
  | undefined
  | null
  | boolean
  | string
  | number
  | GoFloat
  | GoInt
  | GoList
  | GoMap
  | GoObject
  | GoMethod;

export function isGoFloat(v: unknown): v is GoFloat | number {
  return v instanceof GoFloat || (typeof v === 'number' && !Number.isInteger(v));
}

export function isGoIntValue(v: unknown): v is number | GoInt {
  return (typeof v === 'number' && Number.isInteger(v)) || v instanceof GoInt;
}

export function isGoObject(v: unknown): v is GoObject {
  return typeof v === 'object' && v !== null && typeof (v as GoObject).goString === 'function' && 'goType' in v;
}

export function isGoMethod(v: unknown): v is GoMethod {
  return typeof v === 'object' && v !== null && (v as GoMethod).goMethod === true;
}

export function isList(v: unknown): v is GoList {
  return Array.isArray(v);
}

export function isMap(v: unknown): v is GoMap {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  if (v instanceof GoFloat || v instanceof GoInt || isGoObject(v) || isGoMethod(v)) return false;
  return true;
}

/** Go's reflect type name as `printf "%T"` and Sprig's typeOf print it. */
export function goTypeName(v: GoValue): string {
  if (v === undefined || v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float64';
  }
  if (v instanceof GoFloat) return 'float64';
  if (v instanceof GoInt) return v.kind;
  if (Array.isArray(v)) return v[GO_TYPE] ?? '[]interface {}';
  if (isGoObject(v)) return v.goType;
  if (isGoMethod(v)) return 'func';
  return v[GO_TYPE] ?? 'map[string]interface {}';
}

/** reflect.Kind name as Sprig's kindOf prints it. */
export function goKindName(v: GoValue): string {
  if (v === undefined || v === null) return 'invalid';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float64';
  }
  if (v instanceof GoFloat) return 'float64';
  if (v instanceof GoInt) return v.kind;
  if (Array.isArray(v)) return 'slice';
  if (isGoObject(v)) return v.goKind;
  if (isGoMethod(v)) return 'func';
  return 'map';
}

/** Go template truthiness (text/template `isTrue`): zero values and empty collections are false. */
export function isTrue(v: GoValue): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
  }
  if (v instanceof GoFloat) return v.value !== 0;
  if (v instanceof GoInt || v instanceof GoNamedInt) return v.value !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (isGoObject(v)) return v.goIsZero === undefined || !v.goIsZero();
  if (isGoMethod(v)) return true;
  return Object.keys(v).length > 0;
}

/** A float64 value as a JS number, or undefined when `v` is not a float. */
export function floatValue(v: GoValue): number | undefined {
  if (v instanceof GoFloat) return v.value;
  if (typeof v === 'number' && !Number.isInteger(v)) return v;
  return undefined;
}

/** An integer value of any kind as a bigint, or undefined when `v` is not an integer. */
export function intValue(v: GoValue): bigint | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
  if (v instanceof GoInt) return v.value;
  return undefined;
}

/** Makes a Go int from a bigint, using the plain-number fast path when it is exact. */
export function makeInt(value: bigint, kind: IntKind = 'int'): number | GoInt {
  if (kind === 'int' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(value);
  }
  return new GoInt(kind, value);
}

export function makeFloat(value: number): GoFloat {
  return new GoFloat(value);
}

/** Marks a map or list with a Go type other than the interface{} default. */
export function withGoType<T extends GoMap | GoList>(v: T, typeName: string): T {
  Object.defineProperty(v, GO_TYPE, { value: typeName, enumerable: false, configurable: true, writable: true });
  return v;
}

/**
 * Go tells a nil slice (`[]T(nil)`) from an empty one: JSON prints `null`, `%#v` prints `T(nil)`.
 * Functions that return a nil slice in Go (rest/initial of an empty list, regexFindAll without a
 * match, concat of nothing, …) return an empty list carrying this mark.
 */
export const GO_NIL: unique symbol = Symbol.for('kplay.goNilSlice');

export function nilList(typeName?: string): GoList {
  const list: GoList = [];
  if (typeName !== undefined && typeName !== '[]interface {}') withGoType(list, typeName);
  Object.defineProperty(list, GO_NIL, { value: true, enumerable: false });
  return list;
}

export function isNilList(v: GoList): boolean {
  return v.length === 0 && (v as { [GO_NIL]?: boolean })[GO_NIL] === true;
}

/**
 * A nil map (`map[string]interface {}(nil)`): reads as empty, but JSON prints `null` and `%#v`
 * `T(nil)`. Sprig returns one where Go's code hands back a nil map argument unchanged (unset of
 * nil, merge of nothing but nils).
 */
export function nilMap(typeName?: string): GoMap {
  const map: GoMap = {};
  if (typeName !== undefined && typeName !== 'map[string]interface {}') withGoType(map, typeName);
  Object.defineProperty(map, GO_NIL, { value: true, enumerable: false });
  return map;
}

export function isNilMap(v: GoMap): boolean {
  return (v as { [GO_NIL]?: boolean })[GO_NIL] === true && Object.keys(v).length === 0;
}

/** Go type of the elements of a list or the values of a map (`interface {}` unless tagged). */
export function elementTypeName(v: GoList | GoMap): string {
  const t = (v as { [GO_TYPE]?: string })[GO_TYPE];
  if (t === undefined) return 'interface {}';
  if (t.startsWith('[]')) return t.slice(2);
  if (t.startsWith('map[')) return t.slice(t.indexOf(']') + 1);
  return 'interface {}';
}

/**
 * Go's reflect.Zero for an element type name, as a missing map entry reads under
 * missingkey=zero or `index`: nil for interfaces, "" / 0 / false for basic types.
 */
export function zeroValueOf(typeName: string): GoValue {
  switch (typeName) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
      return 0;
    case 'float64':
    case 'float32':
      return new GoFloat(0);
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      return new GoInt(typeName, 0n);
  }
  if (typeName === '[]interface {}') return [];
  if (typeName === 'map[string]interface {}') return {};
  if (typeName.startsWith('[]')) return withGoType([] as GoList, typeName);
  if (typeName.startsWith('map[')) return withGoType({}, typeName);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Go strings that are not valid UTF-8 (docs/templates.md#byte-strings)
//
// A Go string is a sequence of bytes; almost always UTF-8, but `substr` inside a multi-byte
// character, `"\xff"`, `b64dec` of binary data and the like make strings that are not. Such a
// string is still a JS string here: every byte that is not part of a valid UTF-8 sequence is
// held as the lone low surrogate U+DC80…U+DCFF (U+DC00 + the byte, which is ≥ 0x80). Lone
// surrogates cannot come from UTF-8, so the mapping is one to one: goStringBytes gives back the
// exact bytes, and strings that are valid UTF-8 (nearly all) pay nothing.

/** Any UTF-16 surrogate: only strings containing one can hold a raw byte. */
const SURROGATE = /[\ud800-\udfff]/;
/** A raw byte held as a lone low surrogate (not the second half of a pair). */
const RAW_BYTE = /(?<![\ud800-\udbff])[\udc80-\udcff]/;

/** True when `s` holds at least one byte that is not valid UTF-8 (so Go's string is not UTF-8). */
export function hasRawBytes(s: string): boolean {
  return SURROGATE.test(s) && RAW_BYTE.test(s);
}

/** The bytes of the Go string `s` (`[]byte(s)`). */
export function goStringBytes(s: string): Buffer {
  if (!SURROGATE.test(s)) return Buffer.from(s, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out.push(c);
    } else if (c < 0x800) {
      out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    } else if (c >= 0xdc80 && c <= 0xdcff) {
      out.push(c - 0xdc00);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out.push(0xef, 0xbf, 0xbd); // any other lone surrogate cannot occur in a Go string: U+FFFD
    } else {
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
  }
  return Buffer.from(out);
}

/** `len(s)` in Go: the number of bytes. */
export function goStringByteLength(s: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) return SURROGATE.test(s) ? goStringBytes(s).length : Buffer.byteLength(s, 'utf8');
  }
  return s.length;
}

/** Length of the valid UTF-8 sequence at `i` by Go's utf8.DecodeRune rules, or 0 when invalid. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const b0 = b[i];
  if (b0 < 0x80) return 1;
  const n = b.length - i;
  const cont = (k: number): boolean => (b[i + k] & 0xc0) === 0x80;
  if (b0 >= 0xc2 && b0 <= 0xdf) return n >= 2 && cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    if (n < 3) return 0;
    const b1 = b[i + 1];
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return b1 >= lo && b1 <= hi && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    if (n < 4) return 0;
    const b1 = b[i + 1];
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return b1 >= lo && b1 <= hi && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** The Go string `string(b)`: valid UTF-8 decodes as usual, every other byte becomes its raw-byte code unit. */
export function goStringFromBytes(b: Uint8Array): string {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (isUtf8(buf)) return buf.toString('utf8');
  let out = '';
  let start = 0;
  let i = 0;
  while (i < buf.length) {
    const n = utf8SequenceLength(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += buf.toString('utf8', start, i) + String.fromCharCode(0xdc00 + buf[i]);
    i++;
    start = i;
  }
  return out + buf.toString('utf8', start, i);
}

/**
 * The canonical form of a Go string built by joining pieces: raw bytes next to each other may
 * now form valid UTF-8 (`"\xc3"` + `"\xa9"` is `é`). Strings without raw bytes are returned as they are.
 */
export function canonicalGoString(s: string): string {
  return hasRawBytes(s) ? goStringFromBytes(goStringBytes(s)) : s;
}

/** What Go's encoding/json and strings.ToValidUTF8(s, "\uFFFD") make of `s`: every raw byte becomes U+FFFD. */
export function validUtf8(s: string): string {
  return hasRawBytes(s) ? s.replace(/(?<![\ud800-\udbff])[\udc80-\udcff]/g, '\ufffd') : s;
}
