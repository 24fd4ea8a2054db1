/**
 * Go's time package over the one time.Time value type (engine/core/go-time.ts): IANA zones and
 * time.Local (system zoneinfo + Intl), time.Now/Unix, the method set templates call, layout
 * formatting and parsing (time.Format / time.ParseInLocation), and time.Duration's String and
 * ParseDuration. Times are Unix seconds + nanoseconds; years outside ±275000 are not supported.
 */
import { readFileSync } from 'node:fs';
import {
  civil,
  daysFromCivil,
  daysInMonth,
  fixedZone,
  GoTime,
  isLeapYear,
  padNumber,
  UTC_ZONE,
  type Zone,
  type ZoneState,
} from '../core/go-time';

// ---------------------------------------------------------------- zones

/** What a TZif file says about zone names: transition times, their types, and the types. */
interface TzifData {
  readonly transitions: number[];
  readonly transitionTypes: number[];
  readonly types: { offset: number; abbrev: string; isDST: boolean }[];
}

function parseTzif(data: Buffer): TzifData | undefined {
  if (data.length < 44 || data.toString('latin1', 0, 4) !== 'TZif') return undefined;
  const readCounts = (at: number): number[] => [0, 1, 2, 3, 4, 5].map((k) => data.readUInt32BE(at + 20 + 4 * k));
  let base = 0;
  let [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = readCounts(0);
  let timeSize = 4;
  if (data[4] >= 0x32) {
    // Skip the v1 block; the v2+ block has 64-bit transition times.
    base = 44 + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt;
    [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = readCounts(base);
    timeSize = 8;
  }
  const transitionsAt = base + 44;
  const indicesAt = transitionsAt + timecnt * timeSize;
  const typesAt = indicesAt + timecnt;
  const charsAt = typesAt + typecnt * 6;
  const types = Array.from({ length: typecnt }, (_, t) => {
    const abbrIndex = data[typesAt + 6 * t + 5];
    const end = data.indexOf(0, charsAt + abbrIndex);
    return {
      offset: data.readInt32BE(typesAt + 6 * t),
      isDST: data[typesAt + 6 * t + 4] !== 0,
      abbrev: data.toString('latin1', charsAt + abbrIndex, end < 0 ? charsAt + charcnt : end),
    };
  });
  const transitions = Array.from({ length: timecnt }, (_, i) =>
    timeSize === 8 ? Number(data.readBigInt64BE(transitionsAt + 8 * i)) : data.readInt32BE(transitionsAt + 4 * i),
  );
  const transitionTypes = Array.from({ length: timecnt }, (_, i) => data[indicesAt + i]);
  return { transitions, transitionTypes, types };
}

/**
 * The abbreviation (and DST flag) for an instant whose offset Intl computed: the TZif transition
 * in effect when it agrees, else the most recent type with that offset, else Go's numeric style.
 */
function abbreviationFinder(tzif: TzifData | undefined): (unixSec: number, offset: number) => ZoneState {
  if (tzif === undefined) return (_, offset) => ({ offset, abbrev: numericAbbrev(offset) });
  const latestByOffset = new Map<number, ZoneState>();
  const state = (t: TzifData['types'][number]): ZoneState => ({ offset: t.offset, abbrev: t.abbrev, isDST: t.isDST });
  tzif.types.forEach((t) => latestByOffset.has(t.offset) || latestByOffset.set(t.offset, state(t)));
  tzif.transitionTypes.forEach((t) => latestByOffset.set(tzif.types[t].offset, state(tzif.types[t])));
  return (unixSec, offset) => {
    let lo = 0;
    let hi = tzif.transitions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tzif.transitions[mid] <= unixSec) lo = mid + 1;
      else hi = mid;
    }
    const type = lo === 0 ? tzif.types[0] : tzif.types[tzif.transitionTypes[lo - 1]];
    if (type !== undefined && type.offset === offset) return state(type);
    return latestByOffset.get(offset) ?? { offset, abbrev: numericAbbrev(offset) };
  };
}

function intlOffset(formatter: Intl.DateTimeFormat, unixSec: number): number {
  const ms = Math.max(-8.64e15, Math.min(8.64e15, unixSec * 1000));
  const parts = formatter.formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const beforeCommonEra = parts.find((p) => p.type === 'era')?.value === 'B';
  const year = beforeCommonEra ? 1 - get('year') : get('year');
  const asUtc = Date.UTC(2000, get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  // Date.UTC maps years 0..99 to 19xx, so the year is applied separately.
  const asUtcYear = new Date(asUtc);
  asUtcYear.setUTCFullYear(year);
  return Math.round((asUtcYear.getTime() - Math.floor(ms / 1000) * 1000) / 1000);
}

/** Go's numeric abbreviation style for zones without a name ("+08", "-0330"). */
function numericAbbrev(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const h = String(Math.floor(abs / 3600)).padStart(2, '0');
  const m = Math.floor((abs % 3600) / 60);
  return m === 0 ? `${sign}${h}` : `${sign}${h}${String(m).padStart(2, '0')}`;
}

function ianaZone(displayName: string, ianaName: string, tzif: Buffer | undefined): Zone {
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone: ianaName,
    hourCycle: 'h23',
    era: 'narrow',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const abbreviation = abbreviationFinder(tzif === undefined ? undefined : parseTzif(tzif));
  const lookup = (unixSec: number): ZoneState => abbreviation(unixSec, intlOffset(formatter, unixSec));
  return {
    name: displayName,
    lookup,
    lookupName: (abbrev, unixSec) => {
      for (const probe of [unixSec, unixSec - 86400 * 183, unixSec + 86400 * 183]) {
        const state = lookup(probe);
        if (state.abbrev === abbrev) return state.offset;
      }
      return undefined;
    },
  };
}

const ZONEINFO_DIRS = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/'];
const zoneCache = new Map<string, Zone>();

function readZoneFile(name: string): Buffer | undefined {
  for (const dir of ZONEINFO_DIRS) {
    try {
      return readFileSync(dir + name);
    } catch {
      // try the next directory
    }
  }
  return undefined;
}

function isIntlZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** time.LoadLocation; undefined when Go would return an error. */
export function loadLocation(name: string): Zone | undefined {
  if (name === '' || name === 'UTC') return UTC_ZONE;
  if (name === 'Local') return localZone();
  if (name.includes('..') || name.startsWith('/') || name.includes('\\')) return undefined;
  const cached = zoneCache.get(name);
  if (cached !== undefined) return cached;
  const tzif = readZoneFile(name);
  if (tzif === undefined || !isIntlZone(name)) return undefined;
  const zone = ianaZone(name, name, tzif);
  zoneCache.set(name, zone);
  return zone;
}

let cachedLocal: Zone | undefined;

/**
 * time.Local: $TZ when set ("" and "UTC" = UTC), else /etc/localtime. Its name is what Go's
 * initLocal gives it: "Local" from /etc/localtime, the zone name from $TZ, "UTC" as the fallback.
 */
export function localZone(): Zone {
  if (cachedLocal !== undefined) return cachedLocal;
  const tz = process.env.TZ;
  let zone: Zone = { ...UTC_ZONE, name: 'UTC', isLocal: true };
  const ianaName = tz !== undefined ? tz.replace(/^:/, '') : Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (ianaName !== '' && ianaName !== 'UTC' && isIntlZone(ianaName)) {
    const tzif = tz === undefined ? safeRead('/etc/localtime') : readZoneFile(ianaName);
    zone = { ...ianaZone(tz === undefined ? 'Local' : ianaName, ianaName, tzif), isLocal: true };
  }
  cachedLocal = zone;
  return zone;
}

function safeRead(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- names

export const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const shortName = (s: string): string => s.slice(0, 3);

// ---------------------------------------------------------------- time.Time


const processStartNs = process.hrtime.bigint();

/** time.Now(): the local zone and a monotonic reading. */
export function timeNow(): GoTime {
  const ms = Date.now();
  const hr = process.hrtime.bigint();
  const sec = Math.floor(ms / 1000);
  const nsec = (ms - sec * 1000) * 1e6 + Number(hr % 1000000n);
  return new GoTime(sec, nsec, localZone(), hr - processStartNs + 1n);
}

/** time.Unix(sec, 0), shown in `zone` (time.Local by default). */
export function unixTime(sec: number, zone: Zone = localZone()): GoTime {
  return new GoTime(sec, 0, zone);
}

// ---------------------------------------------------------------- layouts

type Std =
  | { kind: 'literal' }
  | { kind: 'LongMonth' | 'Month' | 'NumMonth' | 'ZeroMonth' | 'LongWeekDay' | 'WeekDay' | 'Day' | 'UnderDay' | 'ZeroDay' }
  | { kind: 'UnderYearDay' | 'ZeroYearDay' | 'Hour' | 'Hour12' | 'ZeroHour12' | 'Minute' | 'ZeroMinute' | 'Second' | 'ZeroSecond' }
  | { kind: 'LongYear' | 'Year' | 'PM' | 'pm' | 'TZ' }
  | { kind: 'ISO8601TZ' | 'ISO8601SecondsTZ' | 'ISO8601ShortTZ' | 'ISO8601ColonTZ' | 'ISO8601ColonSecondsTZ' }
  | { kind: 'NumTZ' | 'NumSecondsTz' | 'NumShortTZ' | 'NumColonTZ' | 'NumColonSecondsTZ' }
  | { kind: 'FracSecond0' | 'FracSecond9'; digits: number; separator: string };

interface Chunk {
  prefix: string;
  std: Std;
  suffix: string;
}

const TZ_TOKENS: [string, Std['kind']][] = [
  ['-070000', 'NumSecondsTz'],
  ['-07:00:00', 'NumColonSecondsTZ'],
  ['-0700', 'NumTZ'],
  ['-07:00', 'NumColonTZ'],
  ['-07', 'NumShortTZ'],
  ['Z070000', 'ISO8601SecondsTZ'],
  ['Z07:00:00', 'ISO8601ColonSecondsTZ'],
  ['Z0700', 'ISO8601TZ'],
  ['Z07:00', 'ISO8601ColonTZ'],
  ['Z07', 'ISO8601ShortTZ'],
];

const startsWithLower = (s: string): boolean => s.length > 0 && s[0] >= 'a' && s[0] <= 'z';
const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i] >= '0' && s[i] <= '9';

/** Go's nextStdChunk: the text before the first layout element, the element, and the rest. */
function nextStdChunk(layout: string): Chunk {
  const at = (i: number, std: Std, len: number, prefixEnd = i): Chunk => ({
    prefix: layout.slice(0, prefixEnd),
    std,
    suffix: layout.slice(i + len),
  });
  for (let i = 0; i < layout.length; i++) {
    const rest = layout.slice(i);
    switch (layout[i]) {
      case 'J':
        if (rest.startsWith('January')) return at(i, { kind: 'LongMonth' }, 7);
        if (rest.startsWith('Jan') && !startsWithLower(rest.slice(3))) return at(i, { kind: 'Month' }, 3);
        break;
      case 'M':
        if (rest.startsWith('Monday')) return at(i, { kind: 'LongWeekDay' }, 6);
        if (rest.startsWith('Mon') && !startsWithLower(rest.slice(3))) return at(i, { kind: 'WeekDay' }, 3);
        if (rest.startsWith('MST')) return at(i, { kind: 'TZ' }, 3);
        break;
      case '0': {
        const kinds = ['ZeroMonth', 'ZeroDay', 'ZeroHour12', 'ZeroMinute', 'ZeroSecond', 'Year'] as const;
        const d = rest.charCodeAt(1) - 0x31;
        if (d >= 0 && d <= 5) return at(i, { kind: kinds[d] }, 2);
        if (rest.startsWith('002')) return at(i, { kind: 'ZeroYearDay' }, 3);
        break;
      }
      case '1':
        if (rest[1] === '5') return at(i, { kind: 'Hour' }, 2);
        return at(i, { kind: 'NumMonth' }, 1);
      case '2':
        if (rest.startsWith('2006')) return at(i, { kind: 'LongYear' }, 4);
        return at(i, { kind: 'Day' }, 1);
      case '_':
        if (rest[1] === '2') {
          if (rest.startsWith('_2006')) return at(i + 1, { kind: 'LongYear' }, 4);
          return at(i, { kind: 'UnderDay' }, 2);
        }
        if (rest.startsWith('__2')) return at(i, { kind: 'UnderYearDay' }, 3);
        break;
      case '3':
        return at(i, { kind: 'Hour12' }, 1);
      case '4':
        return at(i, { kind: 'Minute' }, 1);
      case '5':
        return at(i, { kind: 'Second' }, 1);
      case 'P':
        if (rest[1] === 'M') return at(i, { kind: 'PM' }, 2);
        break;
      case 'p':
        if (rest[1] === 'm') return at(i, { kind: 'pm' }, 2);
        break;
      case '-':
      case 'Z':
        for (const [token, kind] of TZ_TOKENS) {
          if (rest.startsWith(token)) return at(i, { kind } as Std, token.length);
        }
        break;
      case '.':
      case ',':
        if (rest[1] === '0' || rest[1] === '9') {
          let j = i + 1;
          while (j < layout.length && layout[j] === rest[1]) j++;
          if (!isDigitAt(layout, j)) {
            const kind = rest[1] === '0' ? 'FracSecond0' : 'FracSecond9';
            return at(i, { kind, digits: j - i - 1, separator: layout[i] }, j - i);
          }
        }
        break;
      default:
        break;
    }
  }
  return { prefix: layout, std: { kind: 'literal' }, suffix: '' };
}

const pad = padNumber;

function formatZoneOffset(kind: Std['kind'], offset: number): string {
  if (kind.startsWith('ISO8601') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = pad(Math.floor(abs / 3600), 2);
  const mm = pad(Math.floor(abs / 60) % 60, 2);
  const ss = pad(abs % 60, 2);
  const colon = kind.includes('Colon');
  if (kind.includes('Short')) return `${sign}${hh}`;
  let s = `${sign}${hh}${colon ? ':' : ''}${mm}`;
  if (kind.includes('Seconds')) s += `${colon ? ':' : ''}${ss}`;
  return s;
}

function formatFraction(nsec: number, std: { kind: 'FracSecond0' | 'FracSecond9'; digits: number; separator: string }): string {
  const digits = String(nsec).padStart(9, '0').slice(0, std.digits);
  if (std.kind === 'FracSecond0') return std.separator + digits;
  const trimmed = digits.replace(/0+$/, '');
  return trimmed === '' ? '' : std.separator + trimmed;
}

export function formatTime(t: GoTime, layout: string): string {
  const { abbrev, offset } = t.state;
  const c = civil(t.unixSec, offset);
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const { prefix, std, suffix } = nextStdChunk(rest);
    out += prefix;
    if (std.kind === 'literal') break;
    rest = suffix;
    switch (std.kind) {
      case 'Year':
        out += pad(((c.year % 100) + 100) % 100, 2);
        break;
      case 'LongYear':
        out += pad(c.year, 4);
        break;
      case 'Month':
        out += shortName(LONG_MONTHS[c.month - 1]);
        break;
      case 'LongMonth':
        out += LONG_MONTHS[c.month - 1];
        break;
      case 'NumMonth':
        out += c.month;
        break;
      case 'ZeroMonth':
        out += pad(c.month, 2);
        break;
      case 'WeekDay':
        out += shortName(LONG_DAYS[c.weekday]);
        break;
      case 'LongWeekDay':
        out += LONG_DAYS[c.weekday];
        break;
      case 'Day':
        out += c.day;
        break;
      case 'UnderDay':
        out += c.day < 10 ? ` ${c.day}` : c.day;
        break;
      case 'ZeroDay':
        out += pad(c.day, 2);
        break;
      case 'UnderYearDay':
        out += String(c.yearDay).padStart(3, ' ');
        break;
      case 'ZeroYearDay':
        out += pad(c.yearDay, 3);
        break;
      case 'Hour':
        out += pad(c.hour, 2);
        break;
      case 'Hour12':
        out += c.hour % 12 === 0 ? 12 : c.hour % 12;
        break;
      case 'ZeroHour12':
        out += pad(c.hour % 12 === 0 ? 12 : c.hour % 12, 2);
        break;
      case 'Minute':
        out += c.minute;
        break;
      case 'ZeroMinute':
        out += pad(c.minute, 2);
        break;
      case 'Second':
        out += c.second;
        break;
      case 'ZeroSecond':
        out += pad(c.second, 2);
        break;
      case 'PM':
        out += c.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += c.hour >= 12 ? 'pm' : 'am';
        break;
      case 'TZ':
        // Zones without an abbreviation print their offset as -0700 (or -07 on the hour).
        out += abbrev !== '' ? abbrev : formatZoneOffset('NumTZ', offset);
        break;
      case 'FracSecond0':
      case 'FracSecond9':
        out += formatFraction(t.nsec, std);
        break;
      default:
        out += formatZoneOffset(std.kind, offset);
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------- parsing

/**
 * The time package's own quote() for error messages: like strconv.Quote for ASCII, but every byte
 * of a non-ASCII or control character is written as `\xNN`.
 */
function quoteGo(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x20 || cp >= 0x80) {
      for (const byte of Buffer.from(ch, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return out + '"';
}

export class TimeParseError extends Error {}

function getNum(value: string, fixed: boolean): [number, string] | undefined {
  if (!isDigitAt(value, 0)) return undefined;
  if (!isDigitAt(value, 1)) return fixed ? undefined : [Number(value[0]), value.slice(1)];
  return [Number(value.slice(0, 2)), value.slice(2)];
}

function getNum3(value: string, fixed: boolean): [number, string] | undefined {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigitAt(value, i); i++) n = n * 10 + Number(value[i]);
  if (i === 0 || (fixed && i !== 3)) return undefined;
  return [n, value.slice(i)];
}

function lookupName(names: readonly string[], value: string): [number, string] | undefined {
  for (let i = 0; i < names.length; i++) {
    if (value.length >= names[i].length && value.slice(0, names[i].length).toLowerCase() === names[i].toLowerCase()) {
      return [i, value.slice(names[i].length)];
    }
  }
  return undefined;
}

/** Go's skip: match layout literal text, letting runs of spaces match any run of spaces. */
function skipPrefix(value: string, prefix: string): string | undefined {
  let v = value;
  let p = prefix;
  while (p.length > 0) {
    if (p[0] === ' ') {
      if (v.length > 0 && v[0] !== ' ') return undefined;
      p = p.replace(/^ +/, '');
      v = v.replace(/^ +/, '');
      continue;
    }
    if (v.length === 0 || v[0] !== p[0]) return undefined;
    v = v.slice(1);
    p = p.slice(1);
  }
  return v;
}

function parseTimeZoneName(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) {
    const m = /^GMT([+-]\d{1,2})?/.exec(value);
    if (m?.[1] !== undefined && Math.abs(Number(m[1])) > 23) return 3;
    return m?.[0].length ?? 3;
  }
  if (value[0] === '+' || value[0] === '-') {
    const m = /^[+-]\d{1,2}(?::?\d{2})?/.exec(value);
    return m?.[0].length ?? 0;
  }
  let upper = 0;
  while (upper < 6 && upper < value.length && value[upper] >= 'A' && value[upper] <= 'Z') upper++;
  if (upper === 5) return value[4] === 'T' ? 5 : 0;
  if (upper === 4) return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
  return upper === 3 ? 3 : 0;
}

/** time.ParseInLocation(layout, value, loc) with `local` as time.Local. */
export function parseTime(layout: string, value: string, defaultZone: Zone, local: Zone = localZone()): GoTime {
  const whole = { layout, value };
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let zone: Zone | undefined;
  let zoneOffset: number | undefined;
  let zoneName = '';
  let amSet = false;
  let pmSet = false;
  let rest = layout;
  let val = value;
  const fail = (valueElem: string, layoutElem: string): never => {
    throw new TimeParseError(
      `parsing time ${quoteGo(whole.value)} as ${quoteGo(whole.layout)}: cannot parse ${quoteGo(valueElem)} as ${quoteGo(layoutElem)}`,
    );
  };
  const rangeError = (what: string): never => {
    throw new TimeParseError(`parsing time ${quoteGo(whole.value)}: ${what} out of range`);
  };
  for (;;) {
    const { prefix, std, suffix } = nextStdChunk(rest);
    const stdText = rest.slice(prefix.length, rest.length - suffix.length);
    const skipped = skipPrefix(val, prefix);
    if (skipped === undefined) return fail(val, prefix);
    val = skipped;
    if (std.kind === 'literal') {
      if (val.length !== 0) throw new TimeParseError(`parsing time ${quoteGo(whole.value)}: extra text: ${quoteGo(val)}`);
      break;
    }
    rest = suffix;
    const before = val;
    const bad = (): never => fail(before, stdText);
    const num = (fixed: boolean): number => {
      const r = getNum(val, fixed) ?? bad();
      val = r[1];
      return r[0];
    };
    switch (std.kind) {
      case 'Year': {
        if (val.length < 2 || !/^\d\d/.test(val)) return bad();
        const y = Number(val.slice(0, 2));
        val = val.slice(2);
        year = y >= 69 ? y + 1900 : y + 2000;
        break;
      }
      case 'LongYear':
        if (val.length < 4 || !isDigitAt(val, 0)) return bad();
        if (!/^\d{4}/.test(val)) return fail(val.slice(4), stdText);
        year = Number(val.slice(0, 4));
        val = val.slice(4);
        break;
      case 'Month':
      case 'LongMonth': {
        const names = std.kind === 'Month' ? LONG_MONTHS.map(shortName) : LONG_MONTHS;
        const r = lookupName(names, val) ?? bad();
        month = r[0] + 1;
        val = r[1];
        break;
      }
      case 'NumMonth':
      case 'ZeroMonth':
        month = num(std.kind === 'ZeroMonth');
        if (month <= 0 || month > 12) rangeError('month');
        break;
      case 'WeekDay':
      case 'LongWeekDay': {
        const names = std.kind === 'WeekDay' ? LONG_DAYS.map(shortName) : LONG_DAYS;
        val = (lookupName(names, val) ?? bad())[1];
        break;
      }
      case 'Day':
      case 'UnderDay':
      case 'ZeroDay':
        if (std.kind === 'UnderDay' && val[0] === ' ') val = val.slice(1);
        day = num(std.kind === 'ZeroDay');
        break;
      case 'UnderYearDay':
      case 'ZeroYearDay': {
        if (std.kind === 'UnderYearDay') val = val.replace(/^ {1,2}/, '');
        const r = getNum3(val, std.kind === 'ZeroYearDay') ?? bad();
        [yday, val] = r;
        break;
      }
      case 'Hour':
        hour = num(false);
        if (hour < 0 || hour >= 24) rangeError('hour');
        break;
      case 'Hour12':
      case 'ZeroHour12':
        hour = num(std.kind === 'ZeroHour12');
        if (hour < 0 || hour > 12) rangeError('hour');
        break;
      case 'Minute':
      case 'ZeroMinute':
        min = num(std.kind === 'ZeroMinute');
        if (min < 0 || min >= 60) rangeError('minute');
        break;
      case 'Second':
      case 'ZeroSecond': {
        sec = num(std.kind === 'ZeroSecond');
        if (sec < 0 || sec >= 60) rangeError('second');
        // A fraction in the value that the layout does not mention is still accepted.
        if (/^[.,]\d/.test(val)) {
          const next = nextStdChunk(rest).std.kind;
          if (next !== 'FracSecond0' && next !== 'FracSecond9') {
            const digits = /^[.,](\d+)/.exec(val)?.[1] ?? '';
            nsec = Number(digits.slice(0, 9).padEnd(9, '0'));
            val = val.slice(1 + digits.length);
          }
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const p = val.slice(0, 2);
        if (p.length < 2) return bad();
        val = val.slice(2);
        const upper = std.kind === 'PM';
        if (p === (upper ? 'PM' : 'pm')) pmSet = true;
        else if (p === (upper ? 'AM' : 'am')) amSet = true;
        else return fail(val, stdText);
        break;
      }
      case 'TZ': {
        if (val.startsWith('UTC')) {
          zone = UTC_ZONE;
          val = val.slice(3);
          break;
        }
        const n = parseTimeZoneName(val);
        if (n === 0) return bad();
        zoneName = val.slice(0, n);
        val = val.slice(n);
        break;
      }
      case 'FracSecond0': {
        const n = 1 + std.digits;
        if (val.length < n || !/^[.,]/.test(val) || !/^\d+$/.test(val.slice(1, n))) return bad();
        nsec = Number(val.slice(1, n).slice(0, 9).padEnd(9, '0'));
        val = val.slice(n);
        break;
      }
      case 'FracSecond9': {
        const m = /^[.,](\d{1,9})/.exec(val);
        if (m === null) break;
        nsec = Number(m[1].padEnd(9, '0'));
        val = val.slice(m[0].length);
        break;
      }
      default: {
        const kind = std.kind;
        if ((kind === 'ISO8601TZ' || kind === 'ISO8601ShortTZ' || kind === 'ISO8601ColonTZ') && val[0] === 'Z') {
          val = val.slice(1);
          zone = UTC_ZONE;
          break;
        }
        const shapes: Record<string, RegExp> = {
          Colon: /^([+-])(\d\d):(\d\d)()/,
          Short: /^([+-])(\d\d)()()/,
          ColonSeconds: /^([+-])(\d\d):(\d\d):(\d\d)/,
          Seconds: /^([+-])(\d\d)(\d\d)(\d\d)/,
          Plain: /^([+-])(\d\d)(\d\d)()/,
        };
        const shape = kind.includes('ColonSeconds')
          ? 'ColonSeconds'
          : kind.includes('Colon')
            ? 'Colon'
            : kind.includes('Short')
              ? 'Short'
              : /Seconds/i.test(kind)
                ? 'Seconds'
                : 'Plain';
        const m = shapes[shape].exec(val) ?? bad();
        const offset = (Number(m[2]) * 60 + Number(m[3] || 0)) * 60 + Number(m[4] || 0);
        zoneOffset = m[1] === '-' ? -offset : offset;
        val = val.slice(m[0].length);
        break;
      }
    }
  }
  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;
  if (yday >= 0) {
    let m = 0;
    let d = 0;
    let yd = yday;
    if (isLeapYear(year)) {
      if (yd === 60) {
        m = 2;
        d = 29;
      } else if (yd > 60) yd--;
    }
    if (yd < 1 || yd > 365) rangeError('day-of-year');
    if (m === 0) {
      let acc = 0;
      m = 1;
      while (acc + daysInMonth(m, 2001) < yd) acc += daysInMonth(m++, 2001);
      d = yd - acc;
    }
    if (month >= 0 && month !== m) throw new TimeParseError(`parsing time ${quoteGo(whole.value)}: day-of-year does not match month`);
    if (day >= 0 && day !== d) throw new TimeParseError(`parsing time ${quoteGo(whole.value)}: day-of-year does not match day`);
    month = m;
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysInMonth(month, year)) rangeError('day');
  const wallSec = daysFromCivil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
  if (zone !== undefined) return dateIn(wallSec, nsec, zone);
  if (zoneOffset !== undefined) {
    const utc = wallSec - zoneOffset;
    const state = local.lookup(utc);
    if (state.offset === zoneOffset && (zoneName === '' || state.abbrev === zoneName)) return new GoTime(utc, nsec, local);
    return new GoTime(utc, nsec, fixedZone(zoneName, zoneOffset));
  }
  if (zoneName !== '') {
    const offset = local.lookupName(zoneName, wallSec);
    if (offset !== undefined) return new GoTime(wallSec - offset, nsec, local);
    const gmt = /^GMT([+-]\d+)$/.exec(zoneName);
    const fakeOffset = gmt === null ? 0 : Number(gmt[1]) * 3600;
    // Go keeps the wall clock as UTC here and only labels it with the guessed offset.
    return new GoTime(wallSec, nsec, fixedZone(zoneName, fakeOffset));
  }
  return dateIn(wallSec, nsec, defaultZone);
}

/** time.Date: interpret wall-clock seconds in a zone (Go picks the offset in effect just before). */
export function dateIn(wallSec: number, nsec: number, zone: Zone): GoTime {
  let utc = wallSec - zone.lookup(wallSec).offset;
  const adjusted = zone.lookup(utc).offset;
  utc = wallSec - adjusted;
  return new GoTime(utc, nsec, zone);
}

// ---------------------------------------------------------------- durations

const NS = { ns: 1n, us: 1000n, µs: 1000n, μs: 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };

/** time.Duration.String: "1h2m3.5s", "1.5ms", "0s". */
export function formatDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  const u = neg ? -ns : ns;
  const frac = (value: bigint, digits: number): string => {
    const unit = 10n ** BigInt(digits);
    const whole = value / unit;
    const f = String(value % unit).padStart(digits, '0').replace(/0+$/, '');
    return f === '' ? String(whole) : `${whole}.${f}`;
  };
  let out: string;
  if (u < 1_000_000_000n) {
    if (u < 1000n) out = `${u}ns`;
    else if (u < 1_000_000n) out = `${frac(u, 3)}µs`;
    else out = `${frac(u, 6)}ms`;
  } else {
    const hours = u / NS.h;
    const minutes = (u / NS.m) % 60n;
    const seconds = frac(u % NS.m, 9);
    out = `${seconds}s`;
    if (hours > 0n || minutes > 0n) out = `${minutes}m${out}`;
    if (hours > 0n) out = `${hours}h${out}`;
  }
  return neg ? `-${out}` : out;
}

export class DurationParseError extends Error {}

/** Units a caller adds to Go's (certificate lifetimes take `d` and `y`), in nanoseconds. */
export type ExtraDurationUnits = Readonly<Record<string, bigint>>;

const TWO_63 = 1n << 63n;

/** Go's leadingInt: the digits at the start, or undefined on uint64 overflow past 2^63. */
function leadingInt(s: string): { value: bigint; rest: string } | undefined {
  let i = 0;
  let value = 0n;
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    if (value > TWO_63 / 10n) return undefined;
    value = value * 10n + BigInt(s.charCodeAt(i) - 48);
    if (value > TWO_63) return undefined;
  }
  return { value, rest: s.slice(i) };
}

/** Go's leadingFraction: digits after the dot, ignoring those that would overflow, and their scale. */
function leadingFraction(s: string): { value: bigint; scale: number; rest: string } {
  let i = 0;
  let value = 0n;
  let scale = 1;
  let overflow = false;
  for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
    if (overflow) continue;
    if (value > (TWO_63 - 1n) / 10n) {
      overflow = true;
      continue;
    }
    const next = value * 10n + BigInt(s.charCodeAt(i) - 48);
    if (next > TWO_63) {
      overflow = true;
      continue;
    }
    value = next;
    scale *= 10;
  }
  return { value, scale, rest: s.slice(i) };
}

/**
 * time.ParseDuration in nanoseconds, with Go's error texts. The one Go-duration parser of the
 * project: connector timeouts, module arguments and Sprig's date functions all read through it.
 */
export function parseDuration(text: string, extraUnits?: ExtraDurationUnits): bigint {
  const invalid = (): never => {
    throw new DurationParseError(`time: invalid duration ${quoteGo(text)}`);
  };
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) return invalid();
    const before = s.length;
    const whole = leadingInt(s) ?? invalid();
    s = whole.rest;
    const pre = before !== s.length;
    let fraction = { value: 0n, scale: 1, rest: s };
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      const afterDot = s.length;
      fraction = leadingFraction(s);
      s = fraction.rest;
      post = afterDot !== s.length;
    }
    if (!pre && !post) return invalid();
    let i = 0;
    while (i < s.length && s[i] !== '.' && !(s[i] >= '0' && s[i] <= '9')) i++;
    if (i === 0) throw new DurationParseError(`time: missing unit in duration ${quoteGo(text)}`);
    const unitText = s.slice(0, i);
    s = s.slice(i);
    const unit = Object.hasOwn(NS, unitText) ? NS[unitText as keyof typeof NS] : extraUnits !== undefined && Object.hasOwn(extraUnits, unitText) ? extraUnits[unitText] : undefined;
    if (unit === undefined) throw new DurationParseError(`time: unknown unit ${quoteGo(unitText)} in duration ${quoteGo(text)}`);
    if (whole.value > TWO_63 / unit) return invalid();
    let value = whole.value * unit;
    if (fraction.value > 0n) {
      // Go scales the fraction in float64 and truncates; doing the same keeps its rounding.
      value += BigInt(Math.trunc(Number(fraction.value) * (Number(unit) / fraction.scale)));
      if (value > TWO_63) return invalid();
    }
    total += value;
    if (total > TWO_63) return invalid();
  }
  if (neg) return -total;
  if (total > TWO_63 - 1n) return invalid();
  return total;
}

/** A duration in (fractional) milliseconds, the unit Node's timers take. */
export function durationToMs(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}
