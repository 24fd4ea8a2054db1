/**
 * `serial` batching (`docs/playbooks.md#serial`), with KubeKey's panics and empty batches turned into clear
 * errors: sizes must be positive, and a size list longer than the hosts simply ends early.
 */
export function splitIntoBatches<T>(hosts: readonly T[], serial: readonly (number | string)[] | undefined): T[][] {
  if (serial === undefined || serial.length === 0 || hosts.length === 0) return [hosts.slice()];
  const n = hosts.length;
  const sizes = serial.map((entry) => batchSize(entry, n));
  const batches: T[][] = [];
  let start = 0;
  let index = 0;
  while (start < n) {
    const size = sizes[Math.min(index, sizes.length - 1)];
    batches.push(hosts.slice(start, Math.min(n, start + size)));
    start += size;
    index++;
  }
  return batches;
}

function batchSize(entry: number | string, hostCount: number): number {
  let size: number;
  if (typeof entry === 'number') {
    if (!Number.isInteger(entry)) throw new Error(`serial: ${entry} is not a whole number or a percentage`);
    size = entry;
  } else {
    const text = entry.trim();
    if (text.endsWith('%')) {
      const pct = Number(text.slice(0, -1));
      if (!Number.isFinite(pct)) throw new Error(`serial: "${entry}" is not a valid percentage`);
      size = Math.ceil((hostCount * pct) / 100);
    } else if (/^[+-]?\d+$/.test(text)) {
      size = Number(text);
    } else {
      throw new Error(`serial: "${entry}" is neither a number nor a percentage such as "30%"`);
    }
  }
  if (size <= 0) throw new Error(`serial: batch size ${JSON.stringify(entry)} must be greater than zero`);
  return size;
}
