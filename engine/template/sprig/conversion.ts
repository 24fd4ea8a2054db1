/**
 * Sprig's type coercions. Sprig delegates to spf13/cast 1.5.0, whose rules differ from
 * JavaScript's Number(): floats truncate, strings parse with Go base prefixes (`010` is octal,
 * `08` fails), unparsable input silently becomes 0, and int64 arithmetic wraps.
 */
import { formatValue, sprint } from '../../go/fmt';
import { fn, FunctionMap } from '../function-types';
import { parseFloat64, parseInt64 } from '../../go/strconv';
import { floatValue, GoInt, GoNamedInt, goTypeName, GoValue, isGoObject, makeFloat, makeInt, withGoType } from '../../core/values';

const INT64_MIN = -(1n << 63n);

/** Sprig's strval: strings as they are, Stringers via String(), everything else via `%v`. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (isGoObject(v)) return v.goString();
  return formatValue(v);
}

/** cast's trimZeroDecimal: "12.000" → "12" so that integral decimals still parse as integers. */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') {
      foundZero = true;
    } else {
      return s;
    }
  }
  return s;
}

/** Go's float64 → int64 conversion as amd64 performs it (out of range and NaN give MinInt64). */
export function truncateFloatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 2 ** 63 || f < -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

/** cast's toInt knows two named integer types by name; any other (time.Duration, …) casts to 0. */
function castableNamedInt(v: GoValue): v is GoNamedInt {
  return v instanceof GoNamedInt && (v.goType === 'time.Month' || v.goType === 'time.Weekday');
}

/** cast.ToInt64 */
export function castToInt64(v: GoValue): bigint {
  if (v === undefined || v === null) return 0n;
  if (castableNamedInt(v)) return v.value;
  switch (typeof v) {
    case 'boolean':
      return v ? 1n : 0n;
    case 'string': {
      const parsed = parseInt64(trimZeroDecimal(v), 0);
      return parsed.ok ? parsed.value : 0n;
    }
    case 'number':
      return Number.isInteger(v) ? BigInt(v) : truncateFloatToInt64(v);
  }
  const f = floatValue(v);
  if (f !== undefined) return truncateFloatToInt64(f);
  if (v instanceof GoInt) return BigInt.asIntN(64, v.value);
  return 0n;
}

/** cast.ToInt (Go int is 64 bits wide); as a JS number, so beyond 2^53 it is approximate. */
export function castToInt(v: GoValue): number {
  return Number(castToInt64(v));
}

/** cast.ToFloat64 */
export function castToFloat64(v: GoValue): number {
  if (v === undefined || v === null) return 0;
  if (castableNamedInt(v)) return Number(v.value);
  switch (typeof v) {
    case 'boolean':
      return v ? 1 : 0;
    case 'string': {
      // strconv.ParseFloat reports a finite numeral beyond float64's range as an error, so cast gives 0.
      const parsed = parseFloat64(v) ?? 0;
      return Number.isFinite(parsed) || Number.isNaN(parsed) || /^[+-]?inf/i.test(v) ? parsed : 0;
    }
    case 'number':
      return v;
  }
  const f = floatValue(v);
  if (f !== undefined) return f;
  if (v instanceof GoInt) return Number(v.value);
  return 0;
}

/** Sprig's strslice (toStrings): list elements as strings, nils dropped; a scalar becomes [s]. */
export function toGoStringList(v: GoValue): string[] {
  if (Array.isArray(v)) {
    return v.filter((e) => e !== null && e !== undefined).map(strval);
  }
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

export function makeStringList(items: string[]): GoValue {
  return withGoType(items as GoValue[], '[]string');
}

/** Sprig's strslice as a value: a []string is returned as it is (a nil one stays nil). */
export function toStringsValue(v: GoValue): GoValue {
  if (Array.isArray(v) && goTypeName(v) === '[]string') return v;
  return makeStringList(toGoStringList(v));
}

/** strconv.Atoi with the error dropped: syntax errors give 0, overflow gives the clamped value. */
function atoi(s: string): GoValue {
  const parsed = parseInt64(s, 10);
  if (parsed.ok || parsed.range) return makeInt(parsed.value);
  return 0;
}

/** Sprig's toDecimal: the `%v` text of the value read as octal. */
function toDecimal(v: GoValue): GoValue {
  const parsed = parseInt64(sprint([v]), 8);
  return new GoInt('int64', parsed.ok ? parsed.value : 0n);
}

export const conversionFunctions: FunctionMap = {
  atoi: fn(['string'], (s) => atoi(s as string)),
  int: fn(['any'], (v) => makeInt(castToInt64(v))),
  int64: fn(['any'], (v) => new GoInt('int64', castToInt64(v))),
  float64: fn(['any'], (v) => makeFloat(castToFloat64(v))),
  toString: fn(['any'], (v) => strval(v)),
  toStrings: fn(['any'], (v) => toStringsValue(v)),
  toDecimal: fn(['any'], (v) => toDecimal(v)),
};
