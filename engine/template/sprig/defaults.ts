/**
 * Sprig's defaults and flow helpers. "Empty" is Sprig's notion (zero numbers, false, empty
 * strings/collections, nil) rather than JavaScript falsiness: "0" and " " are not empty.
 */
import { fn, FunctionError, FunctionMap } from '../function-types';
import { floatValue, GoInt, GoNamedInt, GoValue, isGoMethod, isGoObject } from '../../core/values';

/** Sprig's empty(): the zero value of the value's own type. */
export function isEmpty(v: GoValue): boolean {
  if (v === undefined || v === null) return true;
  switch (typeof v) {
    case 'boolean':
      return !v;
    case 'string':
      return v.length === 0;
    case 'number':
      return v === 0;
  }
  const f = floatValue(v);
  if (f !== undefined) return f === 0;
  if (v instanceof GoInt || v instanceof GoNamedInt) return v.value === 0n;
  if (Array.isArray(v)) return v.length === 0;
  if (isGoObject(v)) return v.goIsZero?.() ?? false;
  if (isGoMethod(v)) return false;
  return Object.keys(v).length === 0;
}

/** copystructure.Copy: maps and lists are copied recursively, keeping their Go types. */
export function deepCopy(v: GoValue): GoValue {
  if (Array.isArray(v)) {
    const copy: GoValue[] = v.map(deepCopy);
    copyGoType(v, copy);
    return copy;
  }
  if (v !== null && typeof v === 'object' && !(v instanceof GoInt) && floatValue(v) === undefined && !isGoObject(v) && !isGoMethod(v)) {
    const source = v as Record<string, GoValue>;
    const copy: Record<string, GoValue> = {};
    for (const key of Object.keys(source)) {
      Object.defineProperty(copy, key, { value: deepCopy(source[key]), enumerable: true, writable: true, configurable: true });
    }
    copyGoType(v, copy);
    return copy;
  }
  if (isGoObject(v) && v.goDeepCopy !== undefined) return v.goDeepCopy();
  return v;
}

/** copystructure reflects on its argument, which fails for nil before anything is copied. */
function copyableValue(v: GoValue): GoValue {
  if (v === null || v === undefined) throw new FunctionError('reflect: call of reflect.Value.Type on zero Value');
  return v;
}

function copyGoType(from: object, to: object): void {
  for (const sym of Object.getOwnPropertySymbols(from)) {
    Object.defineProperty(to, sym, { value: (from as Record<symbol, unknown>)[sym], enumerable: false, writable: true, configurable: true });
  }
}

export const defaultFunctions: FunctionMap = {
  default: fn(['any'], (d, ...given) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]), 'any'),
  empty: fn(['any'], (v) => isEmpty(v)),
  coalesce: fn([], (...vs) => vs.find((v) => !isEmpty(v)) ?? null, 'any'),
  all: fn([], (...vs) => vs.every((v) => !isEmpty(v)), 'any'),
  any: fn([], (...vs) => vs.some((v) => !isEmpty(v)), 'any'),
  ternary: fn(['any', 'any', 'bool'], (vt, vf, cond) => (cond ? vt : vf)),
  fail: fn(['string'], (msg) => {
    throw new FunctionError(msg as string);
  }),
  deepCopy: fn(['any'], (v) => deepCopy(copyableValue(v))),
  mustDeepCopy: fn(['any'], (v) => deepCopy(copyableValue(v))),
};
