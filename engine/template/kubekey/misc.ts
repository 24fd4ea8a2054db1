/**
 * KubeKey's small helpers: pow, subtractList, fileExists, unquote, getStringSlice,
 * mapToNamedStringArgs, toLowerByteUnit, toBool.
 */

import { statSync } from 'node:fs';
import { fn, FunctionError, type FunctionMap } from '../function-types';
import { formatValue } from '../../go/fmt';
import { floatValue, GoFloat, goTypeName, intValue, isGoObject, isList, isMap, withGoType, type GoList, type GoMap, type GoValue } from '../../core/values';
import { quote, StrconvSyntaxError, unquote as goUnquote } from '../../go/strconv';
import { sortStrings } from '../../go/strings';

export function pow(base: number, exp: number): GoFloat {
  return new GoFloat(Math.pow(base, exp));
}

function asList(v: GoValue): GoList {
  if (v === null || v === undefined) return [];
  if (!isList(v)) throw new FunctionError(`subtractList: expected a list, got ${goTypeName(v)}`);
  return v;
}

/**
 * The identity a Go `map[interface{}]` lookup uses: dynamic type plus value. Maps and lists are
 * not hashable in Go (a runtime panic); objects with methods compare by identity.
 */
function hashKey(v: GoValue): string | object {
  if (v === null || v === undefined) return 'nil';
  if (isList(v) || isMap(v)) throw new FunctionError(`runtime error: hash of unhashable type ${goTypeName(v)}`);
  if (isGoObject(v)) return v;
  const f = floatValue(v);
  if (f !== undefined) return Number.isNaN(f) ? {} : `float64:${f === 0 ? 0 : f}`;
  const i = intValue(v);
  if (i !== undefined) return `${goTypeName(v)}:${i}`;
  // What is left is a bool or a string: the only other hashable kinds.
  return `${typeof v}:${v as string | boolean}`;
}

/** Elements of `a` that are not in `b` (Go `==` on dynamic values), order and duplicates of `a` kept. */
export function subtractList(a: GoValue, b: GoValue): GoList {
  const as = asList(a);
  const exclude = new Set<string | object>(asList(b).map(hashKey));
  return as.filter((v) => !exclude.has(hashKey(v)));
}

export function fileExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

export function unquote(v: GoValue): string {
  if (typeof v !== 'string') return '';
  try {
    return goUnquote(v);
  } catch (error) {
    if (error instanceof StrconvSyntaxError) return v;
    throw error;
  }
}

export function getStringSlice(m: GoValue, key: string): GoValue {
  const value = (m as GoMap)[key];
  return value === undefined ? withGoType([], '[]string') : value;
}

/** `{k: v}` → `[{name: k, value: "%v of v"}]`, sorted by key (Go's map order is random). */
export function mapToNamedStringArgs(m: GoValue): GoList {
  const out = withGoType<GoList>([], '[]map[string]string');
  if (!isMap(m)) return out;
  for (const key of sortStrings(Object.keys(m))) {
    out.push(withGoType<GoMap>({ name: key, value: formatValue(m[key] ?? null) }, 'map[string]string'));
  }
  return out;
}

const BYTE_UNIT = /^(\d+)([KMGTPE])i$/;

export function toLowerByteUnit(s: string): string {
  const m = BYTE_UNIT.exec(s);
  return m ? m[1] + m[2].toLowerCase() : s;
}

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export function toBool(v: GoValue): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (TRUE_WORDS.has(v)) return true;
    if (FALSE_WORDS.has(v)) return false;
    throw new FunctionError(`strconv.ParseBool: parsing ${quote(v)}: invalid syntax`);
  }
  const f = floatValue(v);
  if (f !== undefined) return f !== 0;
  const i = intValue(v);
  if (i !== undefined) return i !== 0n;
  throw new FunctionError(`cannot convert ${goTypeName(v ?? null)} to bool`);
}

export const miscFunctions: FunctionMap = {
  pow: fn(['float64', 'float64'], (b, e) => pow(floatOrInt(b), floatOrInt(e))),
  subtractList: fn(['any', 'any'], (a, b) => subtractList(a, b)),
  fileExists: fn(['string'], (p) => fileExists(p as string)),
  unquote: fn(['any'], (v) => unquote(v)),
  getStringSlice: fn(['stringListMap', 'string'], (m, k) => getStringSlice(m, k as string)),
  mapToNamedStringArgs: fn(['any'], (m) => mapToNamedStringArgs(m)),
  toLowerByteUnit: fn(['string'], (s) => toLowerByteUnit(s as string)),
  toBool: fn(['any'], (v) => toBool(v)),
};

/** The executor hands float64 parameters over as GoFloat or number; both mean the same float. */
function floatOrInt(v: GoValue): number {
  const f = floatValue(v);
  if (f !== undefined) return f;
  const i = intValue(v);
  return i !== undefined ? Number(i) : NaN;
}
