/** Sprig's dict functions (dict.go) with mergo 0.3.12's merge semantics. */
import { FunctionError, fn, type FunctionMap } from '../function-types';
import { type GoMap, type GoValue, goTypeName, isMap, isTrue, nilMap, withGoType } from '../../core/values';
import { strval } from './conversion';
import { compareGoStrings } from './lists';

const hasOwn = (m: GoMap, key: string): boolean => Object.prototype.hasOwnProperty.call(m, key);

/** mergo's isEmptyValue: zero values, empty collections, nil. */
const isEmptyValue = (v: GoValue): boolean => !isTrue(v);

/**
 * mergo.Merge (overwrite=false) / mergo.MergeWithOverwrite (overwrite=true) of one source into
 * `dst`, mutating it and any nested destination maps in place as mergo does:
 * - a nil source value only lands with overwrite;
 * - a source map is merged key by key into an existing destination map (never replaces it);
 * - otherwise the source value replaces the destination value when overwriting, or when the
 *   destination is missing or empty ("", 0, false, nil, empty list/map).
 */
export function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const key of Object.keys(src)) {
    const s = src[key];
    const present = hasOwn(dst, key);
    const d = dst[key];
    if (s === null || s === undefined) {
      if (overwrite) dst[key] = null;
      continue;
    }
    if (isMap(s) && present && isMap(d)) mergeInto(d, s, overwrite);
    const nested = isMap(s) || Array.isArray(s);
    // Re-check emptiness after a nested merge: an empty destination map that was just filled counts as set.
    if (present && nested && !isEmptyValue(dst[key])) {
      if (Array.isArray(s) && overwrite) dst[key] = s;
      continue;
    }
    if (overwrite || !present || isEmptyValue(d)) dst[key] = s;
  }
}

/**
 * A `map` parameter given a missing value or nil receives a nil map, which Go reads as empty.
 * Reading functions treat it so; writing into it panics as in Go.
 */
const EMPTY: GoMap = Object.freeze({});
const readable = (m: GoValue): GoMap => (m === null || m === undefined ? EMPTY : (m as GoMap));

function writable(m: GoValue): GoMap {
  if (m === null || m === undefined) throw new FunctionError('assignment to entry in nil map');
  return m as GoMap;
}

/** mergo skips nil sources and allocates a nil destination at the first map it merges; all nil stays nil. */
function mergeAll(dst: GoValue, srcs: GoValue[], overwrite: boolean): GoValue {
  let target = dst === null || dst === undefined ? undefined : (dst as GoMap);
  for (const src of srcs) {
    if (src === null || src === undefined) continue;
    target ??= {};
    mergeInto(target, src as GoMap, overwrite);
  }
  return target ?? nilMap();
}

/** Go's panic text for a failed type assertion `x.(T)` on an interface{}. */
function assertionError(v: GoValue, wanted: string): FunctionError {
  const actual = v === null || v === undefined ? 'nil' : goTypeName(v);
  return new FunctionError(`interface conversion: interface {} is ${actual}, not ${wanted}`);
}

const MAP_TYPE = 'map[string]interface {}';

function asPlainMap(v: GoValue): GoMap {
  if (!isMap(v) || goTypeName(v) !== MAP_TYPE) throw assertionError(v, MAP_TYPE);
  return v;
}

function dig(args: GoValue[]): GoValue {
  if (args.length < 3) throw new FunctionError('dig needs at least three arguments');
  let current = asPlainMap(args[args.length - 1]);
  const fallback = args[args.length - 2];
  const path = args.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw assertionError(k, 'string');
    return k;
  });
  for (let i = 0; ; i++) {
    const key = path[i];
    if (!hasOwn(current, key)) return fallback;
    if (i === path.length - 1) return current[key];
    current = asPlainMap(current[key]);
  }
}

function dict(args: GoValue[]): GoMap {
  const result: GoMap = {};
  for (let i = 0; i < args.length; i += 2) {
    result[strval(args[i])] = i + 1 < args.length ? args[i + 1] : '';
  }
  return result;
}

/** Go map iteration order is random; we use sorted keys so that output is reproducible. */
function sortedKeys(m: GoMap): string[] {
  return Object.keys(m).sort(compareGoStrings);
}

export const dictFunctions: FunctionMap = {
  dict: fn([], (...args) => dict(args), 'any'),
  get: fn(['map', 'string'], (m, key) => {
    const map = readable(m);
    return hasOwn(map, key as string) ? map[key as string] : '';
  }),
  set: fn(['map', 'string', 'any'], (m, key, value) => {
    writable(m)[key as string] = value;
    return m;
  }),
  unset: fn(['map', 'string'], (m, key) => {
    // Go's delete on a nil map is a no-op.
    if (m !== null && m !== undefined) delete (m as GoMap)[key as string];
    return m ?? nilMap();
  }),
  hasKey: fn(['map', 'string'], (m, key) => hasOwn(readable(m), key as string)),
  pluck: fn(
    ['string'],
    (key, ...maps) => maps.map(readable).filter((m) => hasOwn(m, key as string)).map((m) => m[key as string]),
    'map',
  ),
  keys: fn([], (...maps) => withGoType(maps.flatMap((m) => sortedKeys(readable(m))), '[]string'), 'map'),
  values: fn(['map'], (m) => {
    const map = readable(m);
    return sortedKeys(map).map((k) => map[k]);
  }),
  pick: fn(
    ['map'],
    (m, ...keys) => {
      const map = readable(m);
      const result: GoMap = {};
      for (const k of keys as string[]) if (hasOwn(map, k)) result[k] = map[k];
      return result;
    },
    'string',
  ),
  omit: fn(
    ['map'],
    (m, ...keys) => {
      const map = readable(m);
      const omitted = new Set(keys as string[]);
      const result: GoMap = {};
      for (const k of Object.keys(map)) if (!omitted.has(k)) result[k] = map[k];
      return result;
    },
    'string',
  ),
  merge: fn(['map'], (dst, ...srcs) => mergeAll(dst, srcs, false), 'map'),
  mustMerge: fn(['map'], (dst, ...srcs) => mergeAll(dst, srcs, false), 'map'),
  mergeOverwrite: fn(['map'], (dst, ...srcs) => mergeAll(dst, srcs, true), 'map'),
  mustMergeOverwrite: fn(['map'], (dst, ...srcs) => mergeAll(dst, srcs, true), 'map'),
  dig: fn([], (...args) => dig(args), 'any'),
};
