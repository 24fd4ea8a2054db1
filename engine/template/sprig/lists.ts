/**
 * Sprig's list functions (list.go). Like Sprig they accept a slice of any element type through
 * reflection and return a fresh `[]interface{}`; `slice` alone keeps the input's slice type.
 */
import { compare as compareStrings } from '../../go/strings';
import { FunctionError, fn, type FunctionMap } from '../function-types';
import { GO_TYPE, type GoList, type GoValue, elementTypeName, goKindName, goTypeName, isTrue, nilList, withGoType, zeroValueOf } from '../../core/values';
import { capAfterAppends, capOf, grownCap, withCap } from './capacity';
import { castToInt, strval, toGoStringList } from './conversion';
import { deepEqual } from './reflect';

/** What Go prints when reflect.TypeOf(nil).Kind() is evaluated inside Sprig. */
export const NIL_DEREFERENCE = 'runtime error: invalid memory address or nil pointer dereference';

/**
 * The list behind a `list interface{}` argument, or the Go error text Sprig produces for a
 * non-list (`describe` receives the kind name, e.g. "Cannot find first on type string").
 * A nil argument panics in Go before Sprig can format a message.
 */
function asList(v: GoValue, describe: (kind: string) => string): GoList {
  if (v === undefined || v === null) throw new FunctionError(NIL_DEREFERENCE);
  if (!Array.isArray(v)) throw new FunctionError(describe(goKindName(v)));
  return v;
}

/** Sprig's `empty`: Go zero values, empty collections and nil. */
function isEmptyValue(v: GoValue): boolean {
  return !isTrue(v);
}

function contains(haystack: readonly GoValue[], needle: GoValue): boolean {
  return haystack.some((item) => deepEqual(needle, item));
}

/** Go compares strings byte-wise (engine/go/strings.ts holds the one implementation). */
export const compareGoStrings = compareStrings;

function chunk(size: number, list: GoList): GoList {
  const n = list.length;
  const count = Math.floor((n - 1) / size) + 1;
  // Go's make() panics on a negative or non-finite length (size 0 divides by zero in float).
  const makeSliceError = 'runtime error: makeslice: len out of range';
  if (!Number.isFinite(count) || count < 0) throw new FunctionError(makeSliceError);
  const chunks: GoList = [];
  for (let i = 0; i < count; i++) {
    let len = size;
    if (i === count - 1) {
      len = Math.floor(n % size);
      if (len === 0) len = size;
    }
    if (len < 0) throw new FunctionError(makeSliceError);
    const part: GoList = [];
    for (let j = 0; j < len; j++) {
      const ix = i * size + j;
      if (ix >= n) throw new FunctionError('reflect: slice index out of range');
      part.push(list[ix]);
    }
    chunks.push(part);
  }
  return withGoType(chunks, '[][]interface {}');
}

function sliceOf(list: GoList, indices: GoValue[]): GoValue {
  if (list.length === 0) return null;
  const start = indices.length > 0 ? castToInt(indices[0]) : 0;
  const end = indices.length < 2 ? list.length : castToInt(indices[1]);
  const cap = capOf(list);
  if (start < 0 || end < start || end > cap) {
    throw new FunctionError('reflect.Value.Slice: slice index out of bounds');
  }
  // Past the length lies the zeroed rest of the backing array.
  const part: GoList = list.slice(start, end);
  while (part.length < end - start) part.push(zeroValueOf(elementTypeName(list)));
  withCap(part, cap - start);
  const typeName = list[GO_TYPE];
  return typeName === undefined ? part : withGoType(part, typeName);
}

function sortAlpha(v: GoValue): GoValue {
  // strslice hands a []string back as it is, so Go sorts it in place (and a nil one stays nil).
  if (Array.isArray(v) && goTypeName(v) === '[]string') return (v as string[]).sort(compareGoStrings);
  const strings = Array.isArray(v) ? [...toGoStringList(v)] : [strval(v)];
  strings.sort(compareGoStrings);
  return withGoType(strings, '[]string');
}

function concat(lists: GoValue[]): GoList {
  const result: GoList = [];
  for (const l of lists) {
    result.push(...asList(l, (kind) => `Cannot concat type ${kind} as list`));
  }
  // Sprig appends to a nil slice, so nothing appended stays nil.
  return result.length === 0 ? nilList() : withCap(result, capAfterAppends(result.length));
}

/** A list Sprig built by appending its elements one by one to an empty slice. */
const appended = (list: GoList): GoList => withCap(list, capAfterAppends(list.length));

type ListOp = (list: GoList, ...rest: GoValue[]) => GoValue;

/**
 * Declares the plain and `must` variants of a list operation: Go's plain variant panics with the
 * error the `must` variant returns, and the template engine reports both the same way.
 */
function listPair(
  names: readonly string[],
  describe: (kind: string) => string,
  op: ListOp,
  extraParams: 'value' | 'variadic' | 'none',
): FunctionMap {
  const call = (listArg: GoValue, rest: GoValue[]): GoValue => op(asList(listArg, describe), ...rest);
  let f;
  if (extraParams === 'value') f = fn(['any', 'any'], (l, v) => call(l, [v]));
  else if (extraParams === 'variadic') f = fn(['any'], (l, ...rest) => call(l, rest), 'any');
  else f = fn(['any'], (l) => call(l, []));
  return Object.fromEntries(names.map((name) => [name, f]));
}

const firstOrNil = (l: GoList): GoValue => (l.length === 0 ? null : l[0]);
const lastOrNil = (l: GoList): GoValue => (l.length === 0 ? null : l[l.length - 1]);

export const listFunctions: FunctionMap = {
  list: fn([], (...items) => items, 'any'),
  tuple: fn([], (...items) => items, 'any'),
  ...listPair(['push', 'append', 'mustPush', 'mustAppend'], (k) => `Cannot push on type ${k}`, (l, v) => withCap([...l, v], grownCap(l.length, l.length + 1)), 'value'),
  ...listPair(['prepend', 'mustPrepend'], (k) => `Cannot prepend on type ${k}`, (l, v) => withCap([v, ...l], grownCap(1, l.length + 1)), 'value'),
  ...listPair(['first', 'mustFirst'], (k) => `Cannot find first on type ${k}`, firstOrNil, 'none'),
  ...listPair(['last', 'mustLast'], (k) => `Cannot find last on type ${k}`, lastOrNil, 'none'),
  // Go returns a nil []interface{} for an empty input, which prints as `[]` like an empty one.
  ...listPair(['rest', 'mustRest'], (k) => `Cannot find rest on type ${k}`, (l) => (l.length === 0 ? nilList() : l.slice(1)), 'none'),
  ...listPair(['initial', 'mustInitial'], (k) => `Cannot find initial on type ${k}`, (l) => (l.length === 0 ? nilList() : l.slice(0, -1)), 'none'),
  ...listPair(['reverse', 'mustReverse'], (k) => `Cannot find reverse on type ${k}`, (l) => [...l].reverse(), 'none'),
  ...listPair(['compact', 'mustCompact'], (k) => `Cannot compact on type ${k}`, (l) => appended(l.filter((v) => !isEmptyValue(v))), 'none'),
  ...listPair(
    ['uniq', 'mustUniq'],
    (k) => `Cannot find uniq on type ${k}`,
    (l) => appended(l.reduce<GoList>((acc, v) => (contains(acc, v) ? acc : (acc.push(v), acc)), [])),
    'none',
  ),
  ...listPair(['without', 'mustWithout'], (k) => `Cannot find without on type ${k}`, (l, ...omit) => appended(l.filter((v) => !contains(omit, v))), 'variadic'),
  ...listPair(['slice', 'mustSlice'], (k) => `list should be type of slice or array but ${k}`, (l, ...ix) => sliceOf(l, ix), 'variadic'),
  ...Object.fromEntries(
    ['has', 'mustHas'].map((name) => [
      name,
      fn(['any', 'any'], (needle, haystack) => {
        if (haystack === undefined || haystack === null) return false;
        return contains(asList(haystack, (k) => `Cannot find has on type ${k}`), needle);
      }),
    ]),
  ),
  ...Object.fromEntries(
    ['chunk', 'mustChunk'].map((name) => [
      name,
      fn(['int', 'any'], (size, l) => chunk(size as number, asList(l, (k) => `Cannot chunk type ${k}`))),
    ]),
  ),
  concat: fn([], (...lists) => concat(lists), 'any'),
  sortAlpha: fn(['any'], (v) => sortAlpha(v)),
};
