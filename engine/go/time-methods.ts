/**
 * What a template sees of Go's time package through a time.Time value: its method set
 * (`.Year`, `.AddDate 0 1 0`, `.Sub $u`, `.Round 3600000000000`, …) and the named types those
 * methods return — time.Month, time.Weekday, time.Duration and *time.Location — each with its
 * own methods and the printing, JSON and comparison rules Go gives it.
 */
import { GoTime, UTC_ZONE, ZERO_TIME_UNIX, type Zone } from '../core/go-time';
import {
  GoFloat,
  GoInt,
  GoNamedInt,
  byteSlice,
  goMethod,
  type GoMethod,
  type GoObject,
  type GoValue,
} from '../core/values';
import { dateIn, formatDuration, formatTime, LONG_DAYS, LONG_MONTHS, localZone } from './time';
import { daysFromCivil } from '../core/go-time';

const SECOND = 1_000_000_000n;
const MAX_DURATION = (1n << 63n) - 1n;
const MIN_DURATION = -(1n << 63n);



/** time.Month: prints its English name, counts as the int 1…12. */
export class GoMonth extends GoNamedInt {
  readonly goType = 'time.Month';
  constructor(value: number) {
    super('int', BigInt(value));
  }
  goString(): string {
    const n = Number(this.value);
    return n >= 1 && n <= 12 ? LONG_MONTHS[n - 1] : `%!Month(${this.value})`;
  }
  goField(name: string): GoValue | undefined {
    return name === 'String' ? this.goString() : undefined;
  }
}

/** time.Weekday: prints its English name, counts as the int 0 (Sunday) … 6. */
export class GoWeekday extends GoNamedInt {
  readonly goType = 'time.Weekday';
  constructor(value: number) {
    super('int', BigInt(value));
  }
  goString(): string {
    const n = Number(this.value);
    return n >= 0 && n <= 6 ? LONG_DAYS[n] : `%!Weekday(${this.value})`;
  }
  goField(name: string): GoValue | undefined {
    return name === 'String' ? this.goString() : undefined;
  }
}

/** Go's lessThanHalf: r < m/2 without overflow, on non-negative values. */
const lessThanHalf = (r: bigint, m: bigint): boolean => r + r < m;

/** time.Duration: nanoseconds as an int64; prints as `1h2m3s`. */
export class GoDuration extends GoNamedInt {
  readonly goType = 'time.Duration';
  constructor(ns: bigint) {
    super('int64', BigInt.asIntN(64, ns));
  }
  goString(): string {
    return formatDuration(this.value);
  }
  goField(name: string): GoValue | GoMethod | undefined {
    const d = this.value;
    // Go splits whole units from the remainder so that large durations stay exact.
    const inUnits = (unit: bigint): GoFloat => new GoFloat(Number(d / unit) + Number(d % unit) / Number(unit));
    switch (name) {
      case 'String':
        return this.goString();
      case 'Nanoseconds':
        return new GoInt('int64', d);
      case 'Microseconds':
        return new GoInt('int64', d / 1000n);
      case 'Milliseconds':
        return new GoInt('int64', d / 1_000_000n);
      case 'Seconds':
        return inUnits(SECOND);
      case 'Minutes':
        return inUnits(60n * SECOND);
      case 'Hours':
        return inUnits(3600n * SECOND);
      case 'Abs':
        return new GoDuration(d >= 0n ? d : d === MIN_DURATION ? MAX_DURATION : -d);
      case 'Truncate':
        return goMethod(name, ['time.Duration'], ([m]) => {
          const unit = durationArg(m);
          return new GoDuration(unit <= 0n ? d : d - (d % unit));
        });
      case 'Round':
        return goMethod(name, ['time.Duration'], ([m]) => new GoDuration(roundDuration(d, durationArg(m))));
      default:
        return undefined;
    }
  }
}

function roundDuration(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (lessThanHalf(r, m)) return d + r;
    const d1 = d - m + r;
    return d1 >= MIN_DURATION ? d1 : MIN_DURATION;
  }
  if (lessThanHalf(r, m)) return d - r;
  const d1 = d + m - r;
  return d1 <= MAX_DURATION ? d1 : MAX_DURATION;
}

/** A time.Duration argument: a Duration value, or an integer constant the executor converted. */
function durationArg(v: GoValue): bigint {
  if (v instanceof GoDuration) return v.value;
  if (v instanceof GoInt) return v.value;
  if (typeof v === 'number') return BigInt(v);
  throw new Error(`wrong type for value; expected time.Duration`);
}

/** *time.Location: prints (String) its name. */
export class GoLocation implements GoObject {
  readonly goType = '*time.Location';
  readonly goKind = 'ptr';
  constructor(readonly zone: Zone) {}
  goString(): string {
    return this.zone.name;
  }
  goField(name: string): GoValue | undefined {
    return name === 'String' ? this.zone.name : undefined;
  }
  /** Pointer identity: every time in one zone shares its *Location (UTC included). */
  goEqual(other: GoValue): boolean {
    return other instanceof GoLocation && other.zone === this.zone;
  }
  /** A struct without exported fields. */
  marshalJson(): string {
    return '{}';
  }
  /** copystructure drops the unexported fields: an unnamed Location that behaves as UTC. */
  goDeepCopy(): GoValue {
    return new GoLocation({ ...UTC_ZONE, name: '' });
  }
}

function timeArg(v: GoValue): GoTime {
  if (v instanceof GoTime) return v;
  throw new Error('wrong type for value; expected time.Time');
}

function intArg(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (v instanceof GoInt) return Number(v.value);
  throw new Error('wrong type for value; expected int');
}

/** Nanoseconds since Go's zero time (January 1, year 1 UTC), which Truncate and Round divide. */
function sinceZeroTime(t: GoTime): bigint {
  return BigInt(t.unixSec - ZERO_TIME_UNIX) * SECOND + BigInt(t.nsec);
}

/** The remainder of t's absolute time modulo d (d > 0), as Go's time.div computes it. */
function remainder(t: GoTime, d: bigint): bigint {
  const r = sinceZeroTime(t) % d;
  return r < 0n ? r + d : r;
}

/** t without its monotonic reading (Truncate and Round strip it). */
function wallOnly(t: GoTime): GoTime {
  return t.monotonicNs === undefined ? t : new GoTime(t.unixSec, t.nsec, t.zone);
}

/** Time.AddDate: calendar arithmetic in t's own zone, normalised like time.Date. */
function addDate(t: GoTime, years: number, months: number, days: number): GoTime {
  const c = t.civil;
  // Normalise the month first (time.Date does), then let the day count overflow freely.
  const m0 = c.month - 1 + months;
  const year = c.year + years + Math.floor(m0 / 12);
  const month = (((m0 % 12) + 12) % 12) + 1;
  const wallSec = daysFromCivil(year, month, 1) * 86400 + (c.day - 1 + days) * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
  return dateIn(wallSec, t.nsec, t.zone);
}

/** Time.Sub, saturated at the smallest and largest Duration like Go. */
function sub(t: GoTime, u: GoTime): GoDuration {
  const d = t.sub(u);
  return new GoDuration(d > MAX_DURATION ? MAX_DURATION : d < MIN_DURATION ? MIN_DURATION : d);
}

function isZeroTime(t: GoTime): boolean {
  return t.unixSec === ZERO_TIME_UNIX && t.nsec === 0;
}

/** `.Name` on a time.Time in a template: the niladic methods' results, or a method to call; undefined for no such method. */
export function timeMember(t: GoTime, name: string): GoValue | GoMethod | undefined {
  const c = t.civil;
  switch (name) {
    case 'Year':
      return c.year;
    case 'Month':
      return new GoMonth(c.month);
    case 'Day':
      return c.day;
    case 'Hour':
      return c.hour;
    case 'Minute':
      return c.minute;
    case 'Second':
      return c.second;
    case 'Nanosecond':
      return t.nsec;
    case 'YearDay':
      return c.yearDay;
    case 'Weekday':
      return new GoWeekday(c.weekday);
    case 'Unix':
      return new GoInt('int64', BigInt(t.unixSec));
    case 'UnixMilli':
      return new GoInt('int64', BigInt(t.unixSec) * 1000n + BigInt(Math.floor(t.nsec / 1e6)));
    case 'UnixMicro':
      return new GoInt('int64', BigInt(t.unixSec) * 1_000_000n + BigInt(Math.floor(t.nsec / 1e3)));
    case 'UnixNano':
      return new GoInt('int64', BigInt(t.unixSec) * SECOND + BigInt(t.nsec));
    case 'IsZero':
      return isZeroTime(t);
    case 'IsDST':
      return t.state.isDST === true;
    case 'UTC':
      return t.in(UTC_ZONE);
    case 'Local':
      return t.in(localZone());
    case 'Location':
      return new GoLocation(t.zone);
    case 'String':
      return t.goString();
    case 'GoString':
      return t.goSyntax();
    case 'MarshalJSON':
    case 'MarshalText': {
      const year = c.year;
      if (year < 0 || year > 9999) throw new Error(`Time.${name}: year outside of range [0,9999]`);
      return byteSlice(name === 'MarshalJSON' ? t.marshalJson() : t.toRfc3339());
    }
    case 'Format':
      return goMethod(name, ['string'], ([layout]) => formatTime(t, layout as string));
    case 'Add':
      return goMethod(name, ['time.Duration'], ([d]) => t.add(durationArg(d)));
    case 'AddDate':
      return goMethod(name, ['int', 'int', 'int'], ([y, m, d]) => addDate(t, intArg(y), intArg(m), intArg(d)));
    case 'Sub':
      return goMethod(name, ['time.Time'], ([u]) => sub(t, timeArg(u)));
    case 'After':
      return goMethod(name, ['time.Time'], ([u]) => t.sub(timeArg(u)) > 0n);
    case 'Before':
      return goMethod(name, ['time.Time'], ([u]) => t.sub(timeArg(u)) < 0n);
    case 'Equal':
      return goMethod(name, ['time.Time'], ([u]) => t.sub(timeArg(u)) === 0n);
    case 'In':
      return goMethod(name, ['*time.Location'], ([loc]) => {
        if (!(loc instanceof GoLocation)) throw new Error('time: missing Location in call to Time.In');
        return t.in(loc.zone);
      });
    case 'Truncate':
      return goMethod(name, ['time.Duration'], ([d]) => {
        const unit = durationArg(d);
        const w = wallOnly(t);
        return unit <= 0n ? w : w.add(-remainder(w, unit));
      });
    case 'Round':
      return goMethod(name, ['time.Duration'], ([d]) => {
        const unit = durationArg(d);
        const w = wallOnly(t);
        if (unit <= 0n) return w;
        const r = remainder(w, unit);
        return lessThanHalf(r, unit) ? w.add(-r) : w.add(unit - r);
      });
    default:
      return undefined;
  }
}
