import { fixedZone, GoTime, UTC_ZONE } from '../core/go-time';
import { DurationParseError, formatDuration, formatTime, loadLocation, parseDuration, parseTime } from './time';
import { timeMember } from './time-methods';

describe('parseDuration (time.ParseDuration)', () => {
  it.each([
    ['0', 0n],
    ['+5s', 5_000_000_000n],
    ['-2m', -120_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['.5s', 500_000_000n],
    ['1.000000001s', 1_000_000_001n],
    ['2µs3ns', 2003n],
    ['2μs', 2000n],
    ['1ms1us', 1_001_000n],
    // Go scales the fraction in float64 and truncates.
    ['0.3333333333h', 1_199_999_999_880n],
    ['9223372036854775807ns', (1n << 63n) - 1n],
    ['-9223372036854775808ns', -(1n << 63n)],
  ])('%s → %d ns', (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['h', 'time: invalid duration "h"'],
    ['.h', 'time: invalid duration ".h"'],
    ['-', 'time: invalid duration "-"'],
    ['1', 'time: missing unit in duration "1"'],
    ['1h5', 'time: missing unit in duration "1h5"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1toString', 'time: unknown unit "toString" in duration "1toString"'],
    ['5 s', 'time: unknown unit " s" in duration "5 s"'],
    ['5é', 'time: unknown unit "\\xc3\\xa9" in duration "5\\xc3\\xa9"'],
    ['9223372037s', 'time: invalid duration "9223372037s"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ])('rejects %j with Go wording', (text, message) => {
    expect(() => parseDuration(text)).toThrow(new DurationParseError(message));
  });

  it('takes extra units from the caller', () => {
    expect(parseDuration('1d2h', { d: 86_400_000_000_000n })).toBe(93_600_000_000_000n);
  });

  it('round-trips through Duration.String', () => {
    expect(formatDuration(parseDuration('1h2m3.5s'))).toBe('1h2m3.5s');
    expect(formatDuration(parseDuration('1.5ms'))).toBe('1.5ms');
  });
});

describe('time.Time printing', () => {
  const berlin = loadLocation('Europe/Berlin');
  const samples: GoTime[] = [
    new GoTime(1672628645, 0, UTC_ZONE),
    new GoTime(1672628645, 120_000_000, fixedZone('', 8 * 3600)),
    new GoTime(1672628645, 5, fixedZone('', -(5 * 3600 + 1800))),
    new GoTime(-62135596800, 0, UTC_ZONE),
    ...(berlin === undefined ? [] : [new GoTime(1688259845, 999_999_999, berlin)]),
  ];

  it.each(samples.map((t) => [t.goString(), t]))('String() is the layout Go documents: %s', (_, t) => {
    expect(t.goString()).toBe(formatTime(t, '2006-01-02 15:04:05.999999999 -0700 MST'));
    expect(t.toRfc3339()).toBe(formatTime(t, '2006-01-02T15:04:05.999999999Z07:00'));
  });

  it('parses what it prints', () => {
    const t = parseTime('2006-01-02T15:04:05.999999999Z07:00', '2023-01-02T03:04:05.5+08:00', UTC_ZONE, UTC_ZONE);
    expect(t.goString()).toBe('2023-01-02 03:04:05.5 +0800 +0800');
    expect(timeMember(t, 'Unix')).toEqual({ kind: 'int64', value: 1672599845n });
  });
});
