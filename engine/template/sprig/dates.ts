/** Sprig's date functions (date.go) over Go's time package (engine/go/time.ts). */
import { FunctionError, fn, type FunctionMap } from '../function-types';
import { GoInt, type GoValue, goTypeName } from '../../core/values';
import { GoTime, UTC_ZONE } from '../../core/go-time';
import {
  DurationParseError,
  TimeParseError,
  formatDuration,
  formatTime,
  loadLocation,
  localZone,
  parseDuration,
  parseTime,
  timeNow,
  unixTime,
} from '../../go/time';
import { parseInt64 } from '../../go/strconv';

const SECOND = 1_000_000_000n;

/** The `int64`, `int` (and for `date`, `int32`) arguments Sprig treats as Unix seconds. */
function unixSeconds(v: GoValue, kinds: readonly string[]): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return kinds.includes('int') ? v : undefined;
  if (v instanceof GoInt && kinds.includes(v.kind)) return Number(v.value);
  return undefined;
}

/** Sprig's dateInZone: unknown argument types format the current time; unknown zones fall back to UTC. */
function dateInZone(layout: string, date: GoValue, zoneName: string): string {
  let t: GoTime;
  if (date instanceof GoTime) t = date;
  else {
    const sec = unixSeconds(date, ['int', 'int64', 'int32']);
    t = sec === undefined ? timeNow() : unixTime(sec);
  }
  return formatTime(t.in(loadLocation(zoneName) ?? UTC_ZONE), layout);
}

/** Duration.Round(time.Second): halves round away from zero. */
function roundToSecond(ns: bigint): bigint {
  const rem = ns % SECOND;
  const base = ns - rem;
  if (rem >= SECOND / 2n) return base + SECOND;
  if (rem <= -SECOND / 2n) return base - SECOND;
  return base;
}

function dateAgo(date: GoValue): string {
  let t: GoTime;
  if (date instanceof GoTime) t = date;
  else {
    const sec = unixSeconds(date, ['int', 'int64']);
    t = sec === undefined ? timeNow() : unixTime(sec);
  }
  return formatDuration(roundToSecond(timeNow().sub(t)));
}


/** Sprig's duration: only string and int64 arguments count; Go's multiplication wraps at 64 bits. */
function duration(sec: GoValue): string {
  let n = 0n;
  // Sprig ignores ParseInt's error: out of range saturates, junk is 0.
  if (typeof sec === 'string') n = parseInt64(sec, 10).value;
  else if (sec instanceof GoInt && sec.kind === 'int64') n = sec.value;
  return formatDuration(BigInt.asIntN(64, n * SECOND));
}

function durationRound(value: GoValue): string {
  let d = 0n;
  if (typeof value === 'string') {
    try {
      d = parseDuration(value);
    } catch {
      d = 0n;
    }
  } else if (value instanceof GoInt && value.kind === 'int64') d = value.value;
  else if (value instanceof GoTime) d = timeNow().sub(value);
  const u = BigInt.asUintN(64, d < 0n ? -d : d);
  const hour = 3600n * SECOND;
  const units: [bigint, string][] = [
    [hour * 24n * 365n, 'y'],
    [hour * 24n * 30n, 'mo'],
    [hour * 24n, 'd'],
    [hour, 'h'],
    [60n * SECOND, 'm'],
    [SECOND, 's'],
  ];
  for (const [size, suffix] of units) if (u > size) return `${u / size}${suffix}`;
  return '0s';
}

/** A `time.Time` parameter: Go's executor rejects anything else before the function runs. */
function timeArg(v: GoValue): GoTime {
  if (v instanceof GoTime) return v;
  const got = v === null || v === undefined ? 'invalid value' : goTypeName(v);
  throw new FunctionError(`wrong type for value; expected time.Time; got ${got}`);
}

function modify(spec: string, date: GoValue, strict: boolean): GoTime {
  const t = timeArg(date);
  try {
    return t.add(parseDuration(spec));
  } catch (e) {
    if (!(e instanceof DurationParseError)) throw e;
    if (strict) throw new FunctionError(e.message);
    return t;
  }
}

function toDate(layout: string, value: string, strict: boolean): GoTime {
  try {
    return parseTime(layout, value, localZone());
  } catch (e) {
    if (!(e instanceof TimeParseError)) throw e;
    if (strict) throw new FunctionError(e.message);
    return GoTime.zero();
  }
}

const dateModifyFn = fn(['string', 'any'], (spec, date) => modify(spec as string, date, false));
const mustDateModifyFn = fn(['string', 'any'], (spec, date) => modify(spec as string, date, true));
const dateInZoneFn = fn(['string', 'any', 'string'], (layout, date, zone) => dateInZone(layout as string, date, zone as string));

export const dateFunctions: FunctionMap = {
  now: fn([], () => timeNow()),
  ago: fn(['any'], (date) => dateAgo(date)),
  date: fn(['string', 'any'], (layout, date) => dateInZone(layout as string, date, 'Local')),
  dateInZone: dateInZoneFn,
  date_in_zone: dateInZoneFn,
  htmlDate: fn(['any'], (date) => dateInZone('2006-01-02', date, 'Local')),
  htmlDateInZone: fn(['any', 'string'], (date, zone) => dateInZone('2006-01-02', date, zone as string)),
  dateModify: dateModifyFn,
  date_modify: dateModifyFn,
  mustDateModify: mustDateModifyFn,
  must_date_modify: mustDateModifyFn,
  duration: fn(['any'], (sec) => duration(sec)),
  durationRound: fn(['any'], (d) => durationRound(d)),
  toDate: fn(['string', 'string'], (layout, value) => toDate(layout as string, value as string, false)),
  mustToDate: fn(['string', 'string'], (layout, value) => toDate(layout as string, value as string, true)),
  unixEpoch: fn(['any'], (date) => String(timeArg(date).unixSec)),
};
