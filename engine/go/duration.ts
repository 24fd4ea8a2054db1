/**
 * Validity durations such as `87600h`, `1h30m`, `300s`.
 *
 * The grammar is Go's time.ParseDuration (optional sign, then one or more
 * `<decimal number><unit>` terms; a bare `0` is allowed) with the same error wording, plus two
 * extra units for certificate lifetimes: `d` = 24h and `y` = 365d (no leap days), so `1y` =
 * `8760h` and `10y` = `87600h`. Go itself rejects `d` and `y`.
 */

const NANOS_PER_UNIT: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  y: 365n * 86_400_000_000_000n,
};

const MAX_INT64 = (1n << 63n) - 1n;

/** Duration in nanoseconds (exact); throws with Go's messages on malformed input. */
export function parseDurationNanos(text: string): bigint {
  const quoted = JSON.stringify(text);
  const invalid = (): Error => new Error(`time: invalid duration ${quoted}`);
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw invalid();
  let total = 0n;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2];
    if (whole === '' && (fraction === undefined || fraction === '')) throw invalid();
    rest = rest.slice(number?.[0].length ?? 0);
    const unitMatch = /^[^\d.]*/.exec(rest);
    const unit = unitMatch ? unitMatch[0] : '';
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    const scale = NANOS_PER_UNIT[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    rest = rest.slice(unit.length);
    let nanos = BigInt(whole === '' ? '0' : whole) * scale;
    if (fraction) {
      // Truncate toward zero like Go, which accumulates the fraction in float64 and then truncates.
      nanos += (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
    }
    total += nanos;
    if (total > MAX_INT64) throw invalid();
  }
  return negative ? -total : total;
}

/** Duration in milliseconds (fractional when the text has sub-millisecond precision). */
export function parseDuration(text: string): number {
  const nanos = parseDurationNanos(text);
  return Number(nanos / 1_000_000n) + Number(nanos % 1_000_000n) / 1e6;
}
