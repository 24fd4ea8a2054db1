/** Formatting of the benchmark's figures, ratios and targets. */

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`.padStart(9);
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

/** `1.23x floor  (target <= 1.5x: met)`. */
export function floorRatio(ms: number, floorMs: number, target?: number): string {
  const ratio = ms / floorMs;
  const verdict = target === undefined ? '' : `   target <= ${target}x floor: ${ratio <= target ? 'met' : 'MISSED'}`;
  return `${ratio.toFixed(2)}x floor${verdict}`;
}

/**
 * How many times faster kplay was than a peer, with the target verdict, and how many times faster
 * the raw floor was (the most any tool could reach on this machine).
 */
export function speedup(peerMs: number, kplayMs: number, floorMs: number, target?: number): string {
  const factor = peerMs / kplayMs;
  const verdict = target === undefined ? '' : `   target >= ${target}x: ${factor >= target ? 'met' : 'MISSED'}`;
  return `kplay CLI ${factor.toFixed(1)}x faster${verdict}   (floor ${(peerMs / floorMs).toFixed(1)}x)`;
}

export function line(label: string, ms: number, detail = ''): void {
  console.log(`    ${label.padEnd(34)}${seconds(ms)}   ${detail}`);
}

export function bestOf<T extends { readonly ms: number }>(runs: readonly T[]): T {
  return runs.reduce((best, run) => (run.ms < best.ms ? run : best));
}
