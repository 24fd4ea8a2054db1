/**
 * `npm run bench:diff`: how long `--diff` takes on large files (figures only, nothing asserted).
 *
 *   D1  6,000 lines, every line changed (the edit-distance cap turns it into one replacement)
 *   D2  6,000 lines, 1 % of the lines changed at random positions
 *   D3  60,000 lines, a single line changed in the middle
 */
import { unifiedDiff } from '../../engine/diff/unified';

function lines(count: number, line: (i: number) => string): string {
  return Array.from({ length: count }, (_, i) => `${line(i)}\n`).join('');
}

/** Best of three rounds: the least disturbed one on a shared machine. */
function best(op: () => string): { ms: number; bytes: number } {
  let ms = Infinity;
  let bytes = 0;
  for (let round = 0; round < 3; round++) {
    const started = process.hrtime.bigint();
    bytes = op().length;
    ms = Math.min(ms, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { ms, bytes };
}

let seed = 42;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}

const base = lines(6000, (i) => `line ${i}`);
const cases: [string, string, string][] = [
  ['D1 6,000 lines, all changed', base, lines(6000, (i) => `new ${i}`)],
  ['D2 6,000 lines, 1 % changed', base, lines(6000, (i) => (random() < 0.01 ? `changed ${i}` : `line ${i}`))],
  ['D3 60,000 lines, one changed', lines(60000, (i) => `line ${i}`), lines(60000, (i) => (i === 30000 ? 'changed' : `line ${i}`))],
];
for (const [name, before, after] of cases) {
  const { ms, bytes } = best(() => unifiedDiff(before, after, { fromLabel: 'a', toLabel: 'b' }));
  process.stdout.write(`${name.padEnd(32)} ${ms.toFixed(1).padStart(8)} ms  (${bytes} bytes of diff)\n`);
}
