/**
 * Go's `time.Time` as a value: an instant (Unix seconds + nanoseconds), the location it is shown
 * in, and the monotonic reading `time.Now` attaches. YAML timestamps, TOML dates and Sprig's date
 * functions all produce this one class.
 *
 * The ground floor keeps only what every layer needs to hold and print such a value: the zone
 * shape (UTC and fixed offsets), the proleptic Gregorian calendar, and the value's own printing
 * (`String()` for %v, RFC 3339 for JSON/YAML/TOML). Everything else from Go's time package —
 * layouts, parsing, IANA zones and time.Local, durations, the method set templates call — is in
 * engine/go/time.ts.
 */

import type { GoObject, GoValue } from './values';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface ZoneState {
  readonly abbrev: string;
  /** Seconds east of UTC. */
  readonly offset: number;
  /** Whether daylight saving time is in effect (Time.IsDST); false when unknown. */
  readonly isDST?: boolean;
}

/** A `*time.Location`. */
export interface Zone {
  /** Location name as Location.String() prints it ("UTC", "Local", "Europe/Berlin", …). */
  readonly name: string;
  /** time.Local (GoString prints `time.Local` for it). */
  readonly isLocal?: boolean;
  lookup(unixSec: number): ZoneState;
  /** Offset of an abbreviation in effect around `unixSec`, for parsing "MST"-style zones. */
  lookupName(abbrev: string, unixSec: number): number | undefined;
}

export const UTC_ZONE: Zone = {
  name: 'UTC',
  lookup: () => ({ abbrev: 'UTC', offset: 0 }),
  lookupName: (abbrev) => (abbrev === 'UTC' ? 0 : undefined),
};

/** time.FixedZone(name, offset). */
export function fixedZone(name: string, offset: number): Zone {
  return { name, lookup: () => ({ abbrev: name, offset }), lookupName: (a) => (a === name ? offset : undefined) };
}

// ---------------------------------------------------------------- calendar

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1-based; out-of-range values normalise). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

export const isLeapYear = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

export function daysInMonth(month: number, year: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Calendar fields of an instant seen at a UTC offset. */
export interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday. */
  readonly weekday: number;
  readonly yearDay: number;
}

export function civil(unixSec: number, offset: number): Civil {
  const local = unixSec + offset;
  const days = Math.floor(local / 86400);
  const secOfDay = local - days * 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor((secOfDay % 3600) / 60),
    second: secOfDay % 60,
    weekday: (((days + 4) % 7) + 7) % 7,
    yearDay: days - daysFromCivil(year, 1, 1) + 1,
  };
}

/** Zero-padded decimal with Go's sign handling (`-` before the padding). */
export function padNumber(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? `-${s}` : s;
}

/** `±hhmm` or `±hh:mm` (seconds of the offset are dropped, as in Go's -0700 / -07:00 layouts). */
export function formatOffset(offset: number, withColon: boolean): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = padNumber(Math.floor(abs / 3600), 2);
  const mm = padNumber(Math.floor(abs / 60) % 60, 2);
  return withColon ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
}

/** Go's `.999999999` layout element: a dot and the nanoseconds without trailing zeros, or nothing. */
export function trimmedFraction(nsec: number): string {
  if (nsec === 0) return '';
  return '.' + padNumber(nsec, 9).replace(/0+$/, '');
}

// ---------------------------------------------------------------- the value

/** Unix seconds of Go's zero Time (January 1, year 1, 00:00:00 UTC). */
export const ZERO_TIME_UNIX = -62135596800;

export class GoTime implements GoObject {
  readonly goType = 'time.Time';
  readonly goKind = 'struct';

  constructor(
    /** Whole seconds since the Unix epoch. */
    readonly unixSec: number,
    /** Nanoseconds within the second, 0..999999999. */
    readonly nsec: number,
    readonly zone: Zone,
    /** Monotonic clock reading (ns since process start) that time.Now attaches; printed as m=±…. */
    readonly monotonicNs?: bigint,
  ) {}

  static zero(): GoTime {
    return new GoTime(ZERO_TIME_UNIX, 0, UTC_ZONE);
  }

  get state(): ZoneState {
    return this.zone.lookup(this.unixSec);
  }

  /** Calendar fields in the value's own zone. */
  get civil(): Civil {
    return civil(this.unixSec, this.state.offset);
  }

  in(zone: Zone): GoTime {
    return new GoTime(this.unixSec, this.nsec, zone, this.monotonicNs);
  }

  /** t.Add(d) with d in nanoseconds. */
  add(ns: bigint): GoTime {
    const total = BigInt(this.nsec) + ns;
    const carry = total >= 0n ? total / 1_000_000_000n : (total - 999_999_999n) / 1_000_000_000n;
    const mono = this.monotonicNs === undefined ? undefined : this.monotonicNs + ns;
    return new GoTime(this.unixSec + Number(carry), Number(total - carry * 1_000_000_000n), this.zone, mono);
  }

  /** t.Sub(u) in nanoseconds. */
  sub(other: GoTime): bigint {
    if (this.monotonicNs !== undefined && other.monotonicNs !== undefined) return this.monotonicNs - other.monotonicNs;
    return BigInt(this.unixSec - other.unixSec) * 1_000_000_000n + BigInt(this.nsec - other.nsec);
  }

  /** time.Time.String(): layout `2006-01-02 15:04:05.999999999 -0700 MST`, then `m=±s.ns` when monotonic. */
  goString(): string {
    const { abbrev, offset } = this.state;
    const zone = abbrev !== '' ? abbrev : formatOffset(offset, false);
    let s = `${this.datePart()} ${this.clockPart()}${trimmedFraction(this.nsec)} ${formatOffset(offset, false)} ${zone}`;
    if (this.monotonicNs !== undefined) {
      const m = this.monotonicNs;
      const abs = m < 0n ? -m : m;
      s += ` m=${m < 0n ? '-' : '+'}${abs / 1_000_000_000n}.${String(abs % 1_000_000_000n).padStart(9, '0')}`;
    }
    return s;
  }

  /** Time.GoString, what `%#v` prints: `time.Date(2024, time.February, 29, 13, 45, 30, 0, time.UTC)`. */
  goSyntax(): string {
    const c = this.civil;
    const zone = this.zone.isLocal === true ? 'time.Local' : isUtc(this.zone) ? 'time.UTC' : `time.Location(${JSON.stringify(this.zone.name)})`;
    return `time.Date(${c.year}, time.${MONTH_NAMES[c.month - 1]}, ${c.day}, ${c.hour}, ${c.minute}, ${c.second}, ${this.nsec}, ${zone})`;
  }

  /** Go's `==` on two Time values: the same instant, monotonic reading and *Location. */
  goEqual(other: GoValue): boolean {
    if (!(other instanceof GoTime)) return false;
    const sameZone = this.zone === other.zone || (isUtc(this.zone) && isUtc(other.zone));
    return sameZone && this.unixSec === other.unixSec && this.nsec === other.nsec && this.monotonicNs === other.monotonicNs;
  }

  /** time.RFC3339Nano (`Z` for a zero offset), as yaml.v3, BurntSushi/toml and MarshalJSON write it. */
  toRfc3339(): string {
    const { offset } = this.state;
    const zone = offset === 0 ? 'Z' : formatOffset(offset, true);
    return `${this.datePart()}T${this.clockPart()}${trimmedFraction(this.nsec)}${zone}`;
  }

  /** time.Time's MarshalJSON. */
  marshalJson(): string {
    return `"${this.toRfc3339()}"`;
  }

  private datePart(): string {
    const c = this.civil;
    return `${padNumber(c.year, 4)}-${padNumber(c.month, 2)}-${padNumber(c.day, 2)}`;
  }

  private clockPart(): string {
    const c = this.civil;
    return `${padNumber(c.hour, 2)}:${padNumber(c.minute, 2)}:${padNumber(c.second, 2)}`;
  }
}

/** Go stores time.UTC as a nil *Location, so every UTC time shares it. */
function isUtc(zone: Zone): boolean {
  return zone === UTC_ZONE;
}

export function isGoTime(v: unknown): v is GoTime {
  return v instanceof GoTime;
}
