/** Sprig's reflection helpers: typeOf, typeIs, typeIsLike, kindOf, kindIs, deepEqual. */
import { fn, type FunctionMap } from '../function-types';
import {
  type GoList,
  type GoMap,
  type GoValue,
  floatValue,
  goKindName,
  goTypeName,
  intValue,
  isGoMethod,
  isGoObject,
  isMap,
} from '../../core/values';

/**
 * reflect.DeepEqual on the shared value model: types must match exactly (int 1 ≠ int64 1, a
 * []string never equals a []interface{}), NaN never equals itself, collections compare element-wise.
 * A missing value and nil are the same here because both arrive in Go as a nil interface.
 */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  const aNil = a === undefined || a === null;
  const bNil = b === undefined || b === null;
  if (aNil || bNil) return aNil && bNil;
  if (goTypeName(a) !== goTypeName(b)) return false;
  if (typeof a === 'string' || typeof a === 'boolean') return a === b;
  const af = floatValue(a);
  if (af !== undefined) return af === floatValue(b);
  const ai = intValue(a);
  if (ai !== undefined) return ai === intValue(b);
  if (Array.isArray(a)) {
    const bl = b as GoList;
    return a.length === bl.length && a.every((item, i) => deepEqual(item, bl[i]));
  }
  if (isGoObject(a)) return isGoObject(b) && a.goString() === b.goString() && a.goSyntax?.() === b.goSyntax?.();
  if (isGoMethod(a)) return false; // Go: func values are only DeepEqual when both are nil
  if (isMap(a) && isMap(b)) return mapsDeepEqual(a, b);
  return false;
}

function mapsDeepEqual(a: GoMap, b: GoMap): boolean {
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

/** `printf "%T"`: nil prints `<nil>`. */
export function typeOf(v: GoValue): string {
  return goTypeName(v);
}

/** reflect.Value.Kind().String(); nil is the invalid Value. */
export function kindOf(v: GoValue): string {
  return goKindName(v);
}




export const reflectFunctions: FunctionMap = {
  typeOf: fn(['any'], (v) => typeOf(v)),
  typeIs: fn(['string', 'any'], (target, v) => target === typeOf(v)),
  typeIsLike: fn(['string', 'any'], (target, v) => {
    const t = typeOf(v);
    return target === t || `*${target as string}` === t;
  }),
  kindOf: fn(['any'], (v) => kindOf(v)),
  kindIs: fn(['string', 'any'], (target, v) => target === kindOf(v)),
  deepEqual: fn(['any', 'any'], (a, b) => deepEqual(a, b)),
};
