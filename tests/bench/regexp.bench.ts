/**
 * `npm run bench:regexp`: Sprig's regex functions on patterns that make backtracking engines
 * (JavaScript's RegExp, PCRE) take exponential time. Go's RE2, and kplay's engine/go/regexp.ts on
 * re2js, take time linear in the input: the figures printed for 10× longer inputs should grow
 * about 10×, never explode. Figures only, nothing asserted (a test must not assert a duration).
 *
 *   R1  regexMatch on non-matching inputs of 1,000 / 10,000 / 100,000 / 1,000,000 characters
 *   R2  regexFindAll / regexReplaceAll / regexSplit over the same inputs
 *   R3  everyday patterns (semver constraint, IP address, key=value) for scale
 *
 * Where submatches are needed, short inputs run on a bit-state backtracker and long ones on the
 * NFA simulation (as in Go, the switch is at 256 Ki bits of program × input), so one step of the
 * growth (usually 10k → 100k) shows a larger, constant factor; the steps after it are ~10× again.
 */
import { regexFunctions } from '../../engine/template/sprig/regex';
import type { GoValue } from '../../engine/core/values';

const SIZES = [1_000, 10_000, 100_000, 1_000_000] as const;

interface Case {
  readonly name: string;
  readonly fn: keyof typeof regexFunctions;
  readonly pattern: string;
  /** The input of about `size` characters. */
  readonly input: (size: number) => string;
  readonly extra?: readonly GoValue[];
}

const CATASTROPHIC: readonly Case[] = [
  { name: 'regexMatch (a+)+$', fn: 'regexMatch', pattern: '(a+)+$', input: (n) => `${'a'.repeat(n)}!` },
  { name: 'regexMatch (x+x+)+y', fn: 'regexMatch', pattern: '(x+x+)+y', input: (n) => 'x'.repeat(n) },
  { name: 'regexMatch (a|aa)+b', fn: 'regexMatch', pattern: '(a|aa)+b', input: (n) => 'a'.repeat(n) },
  { name: 'regexMatch (a|a?)+$', fn: 'regexMatch', pattern: '(a|a?)+$', input: (n) => `${'a'.repeat(n)}!` },
  { name: 'regexMatch ^(\\w+\\s?)*$', fn: 'regexMatch', pattern: '^(\\w+\\s?)*$', input: (n) => `${'ab '.repeat(n / 3)}!` },
  { name: 'regexMatch (.*a){12}', fn: 'regexMatch', pattern: '(.*a){12}', input: (n) => 'a'.repeat(11) + 'b'.repeat(n) },
  { name: 'regexFind (a|aa)+b (groups)', fn: 'regexFind', pattern: '(a|aa)+b', input: (n) => `${'a'.repeat(n)}b` },
  { name: 'regexFindAll (a|aa)+ -1', fn: 'regexFindAll', pattern: '(a|aa)+', input: (n) => `${'a'.repeat(49)}b`.repeat(n / 50), extra: [-1] },
  { name: 'regexReplaceAll (a+)+$ "<$1>"', fn: 'regexReplaceAll', pattern: '(a+)+$', input: (n) => `${'a'.repeat(n)}!`, extra: ['<$1>'] },
  { name: 'regexSplit (x+x+)+y -1', fn: 'regexSplit', pattern: '(x+x+)+y', input: (n) => `${'x'.repeat(99)}y`.repeat(n / 100), extra: [-1] },
];

const EVERYDAY: readonly Case[] = [
  {
    name: 'regexMatch semver',
    fn: 'regexMatch',
    pattern: '^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z-.]+))?(?:\\+([0-9A-Za-z-.]+))?$',
    input: () => 'v1.28.3-rc.1+build.5',
  },
  { name: 'regexFind IPv4', fn: 'regexFind', pattern: '\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b', input: () => 'inet 192.168.10.21/24 brd 192.168.10.255' },
  { name: 'regexReplaceAll key=value', fn: 'regexReplaceAll', pattern: '(?m)^(\\w+)=(.*)$', input: () => 'a=1\nbb=2\nccc=3', extra: ['$1: "$2"'] },
];

/** Keeps results observable so V8 cannot drop the measured work. */
let sink = 0;

function call(c: Case, input: string): void {
  const result = regexFunctions[c.fn].fn(c.pattern, input, ...(c.extra ?? []));
  sink += typeof result === 'string' ? result.length : Array.isArray(result) ? result.length : result === true ? 1 : 0;
}

/** Microseconds per call: the best of three rounds of at least `minMs` each. */
function timePerCall(c: Case, input: string, minMs: number): number {
  call(c, input);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    let calls = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    do {
      call(c, input);
      calls++;
      elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
    } while (elapsed < minMs);
    best = Math.min(best, (elapsed * 1000) / calls);
  }
  return best;
}

const fmt = (us: number): string => (us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us.toFixed(1)} µs`).padStart(10);

console.log(`R1/R2 catastrophic patterns (time per call at ${SIZES.map((n) => n.toLocaleString('en-US')).join(' / ')} characters; growth per 10×)`);
for (const c of CATASTROPHIC) {
  const times = SIZES.map((n) => timePerCall(c, c.input(n), 50));
  const growth = times.slice(1).map((t, i) => `${(t / times[i]).toFixed(1)}×`).join(' ');
  console.log(`  ${c.name.padEnd(34)} ${times.map(fmt).join(' ')}   growth ${growth}`);
}
console.log('R3 everyday patterns (time per call)');
for (const c of EVERYDAY) console.log(`  ${c.name.padEnd(34)} ${fmt(timePerCall(c, c.input(0), 100))}`);
if (sink < 0) console.log(sink);
