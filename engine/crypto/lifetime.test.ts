import { parseDuration, parseDurationNanos } from './lifetime';

const HOUR = 3_600_000;

describe('parseDuration', () => {
  it.each([
    ['87600h', 87600 * HOUR],
    ['1h30m', 1.5 * HOUR],
    ['300s', 300_000],
    ['1.5h', 1.5 * HOUR],
    ['-2m', -120_000],
    ['+5s', 5_000],
    ['0', 0],
    ['.5s', 500],
    ['1ms1us', 1.001],
    ['1d', 24 * HOUR],
    ['1y', 365 * 24 * HOUR],
    ['10y', 87600 * HOUR],
    ['1y12h', (365 * 24 + 12) * HOUR],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 6);
  });

  it('keeps nanosecond precision', () => {
    expect(parseDurationNanos('1.000000001s')).toBe(1_000_000_001n);
    expect(parseDurationNanos('2µs3ns')).toBe(2003n);
    expect(parseDurationNanos('2μs')).toBe(2000n);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['h', 'time: invalid duration "h"'],
    ['.h', 'time: invalid duration ".h"'],
    ['-', 'time: invalid duration "-"'],
    ['1', 'time: missing unit in duration "1"'],
    ['1h5', 'time: missing unit in duration "1h5"'],
    ['1w', 'time: unknown unit "w" in duration "1w"'],
    ['5 s', 'time: unknown unit " s" in duration "5 s"'],
    ['9223372037s', 'time: invalid duration "9223372037s"'],
  ])('rejects %j with Go wording', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });
});
