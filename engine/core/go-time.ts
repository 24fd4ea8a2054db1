/**
 * A `time.Time` as yaml.v3 produces it for timestamp scalars (`2023-01-01`, `2023-01-01T12:00:00Z`).
 *
 * Go prints such a value with `time.Time.String()` (`2023-01-01 00:00:00 +0000 UTC`) and JSON-encodes
 * it as RFC 3339 with nanoseconds; both need the original offset and sub-millisecond digits, which
 * a JS Date cannot hold, so the pieces are kept separately.
 */

import type { GoObject, GoValue } from './values';

export class GoTime implements GoObject {
  readonly goType = 'time.Time';
  readonly goKind = 'struct';

  /**
   * @param wall the wall-clock fields in the value's own zone
   * @param offsetSeconds east of UTC
   * @param zoneName Go's zone abbreviation: `UTC` for `Z`/no zone, `""` for a numeric offset
   */
  constructor(
    readonly wall: WallClock,
    readonly offsetSeconds: number,
    readonly zoneName: string,
  ) {}

  /** `time.Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`. */
  goString(): string {
    const zone = this.zoneName !== '' ? this.zoneName : formatOffset(this.offsetSeconds, false);
    return `${this.datePart()} ${this.clockPart()}${trimmedFraction(this.wall.nanos)} ${formatOffset(this.offsetSeconds, false)} ${zone}`;
  }

  /** What encoding/json writes (RFC 3339 with trimmed nanoseconds, `Z` for UTC). */
  toRfc3339(): string {
    const zone = this.offsetSeconds === 0 ? 'Z' : formatOffset(this.offsetSeconds, true);
    return `${this.datePart()}T${this.clockPart()}${trimmedFraction(this.wall.nanos)}${zone}`;
  }

  goField(name: string): GoValue | undefined {
    switch (name) {
      case 'Year':
        return this.wall.year;
      case 'Day':
        return this.wall.day;
      case 'Hour':
        return this.wall.hour;
      case 'Minute':
        return this.wall.minute;
      case 'Second':
        return this.wall.second;
      case 'Nanosecond':
        return this.wall.nanos;
      default:
        return undefined;
    }
  }

  private datePart(): string {
    return `${pad(this.wall.year, 4)}-${pad(this.wall.month, 2)}-${pad(this.wall.day, 2)}`;
  }

  private clockPart(): string {
    return `${pad(this.wall.hour, 2)}:${pad(this.wall.minute, 2)}:${pad(this.wall.second, 2)}`;
  }
}

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nanos: number;
}

export function isGoTime(v: unknown): v is GoTime {
  return v instanceof GoTime;
}

// The four layouts yaml.v3 tries, as regular expressions: short (1–2 digit) date and clock fields,
// optional fraction, and a zone that is `Z` or `±hh:mm` for the `T` forms and absent otherwise.
const WITH_ZONE = /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;
const SPACE_SEPARATED = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?$/;
const DATE_ONLY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** Parses a plain scalar the way yaml.v3's `parseTimestamp` does; undefined when it is not one. */
export function parseYamlTimestamp(text: string): GoTime | undefined {
  const m = WITH_ZONE.exec(text) ?? SPACE_SEPARATED.exec(text) ?? DATE_ONLY.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = m[4] !== undefined ? Number(m[4]) : 0;
  const minute = m[5] !== undefined ? Number(m[5]) : 0;
  const second = m[6] !== undefined ? Number(m[6]) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const nanos = m[7] !== undefined ? Number(m[7].slice(0, 9).padEnd(9, '0')) : 0;
  const zone = m[8];
  let offsetSeconds = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const hh = Number(zone.slice(1, 3));
    const mm = Number(zone.slice(4, 6));
    if (hh > 23 || mm > 59) return undefined;
    offsetSeconds = sign * (hh * 3600 + mm * 60);
  }
  // Go names the zone UTC for `Z` and zone-less layouts; a numeric offset gets an unnamed zone.
  const zoneName = zone === undefined || zone === 'Z' ? 'UTC' : '';
  return new GoTime({ year, month, day, hour, minute, second, nanos }, offsetSeconds, zoneName);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function trimmedFraction(nanos: number): string {
  if (nanos === 0) return '';
  return '.' + pad(nanos, 9).replace(/0+$/, '');
}

function formatOffset(offsetSeconds: number, withColon: boolean): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const hh = pad(Math.floor(abs / 3600), 2);
  const mm = pad(Math.floor((abs % 3600) / 60), 2);
  return withColon ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
}
