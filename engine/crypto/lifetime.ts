/**
 * Certificate lifetimes such as `87600h`, `1h30m`, `1y` (docs/modules.md, gen_cert `date`): Go's
 * time.ParseDuration grammar and error texts plus two units Go lacks, `d` = 24h and `y` = 365d (no
 * leap days), so `1y` = `8760h` and `10y` = `87600h`.
 */
import { durationToMs, parseDuration as parseGoDuration } from '../go/time';

const DAY_NS = 86_400_000_000_000n;
const LIFETIME_UNITS = { d: DAY_NS, y: 365n * DAY_NS };

/** Duration in nanoseconds (exact); throws with Go's messages on malformed input. */
export function parseDurationNanos(text: string): bigint {
  return parseGoDuration(text, LIFETIME_UNITS);
}

/** Duration in milliseconds (fractional when the text has sub-millisecond precision). */
export function parseDuration(text: string): number {
  return durationToMs(parseDurationNanos(text));
}
