/**
 * Differential fuzzing of kplay's template engine against the Go oracle.
 *
 *   node -r ts-node/register/transpile-only tests/conformance/fuzz/fuzz.ts --seed 7 --count 2000
 *       [--runs 3] [--write NAME] [--report FILE]
 *
 * Generates `count` programs from `seed` (generator.ts), renders each with the oracle `runs`
 * times (cases whose Go output varies between runs — map iteration order — are dropped; an
 * output that is not UTF-8 is compared byte for byte), renders them with kplay through the `template render --jsonl` code
 * path, and prints the number of matches and mismatches (details go to --report, default
 * stdout). With --write NAME, the cases that match are written to cases/NAME.jsonl and, with Go's
 * expected results, to corpus/NAME.jsonl, so they become part of the committed corpus (and
 * regenerate.sh reproduces them). Needs the oracle (build-oracle.sh: Debian's Go and Sprig).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runJsonlCase } from '../../../cli/commands/template';
import { generateCases } from './generator';

interface OracleResult {
  ok: boolean;
  out?: string;
  phase?: string;
  error?: string;
  out_b64?: string;
}

const HERE = __dirname;
const CONFORMANCE = join(HERE, '..');

function option(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function runOracle(oracle: string, input: string, corpus = false): string {
  return execFileSync(oracle, corpus ? ['-corpus'] : [], {
    input,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 1 << 30,
  });
}

function main(): void {
  const seed = Number(option('seed', '1'));
  const count = Number(option('count', '1000'));
  const runs = Number(option('runs', '3'));
  const name = option('write');
  const reportFile = option('report');
  // Both sides render with time.Local = UTC, as the corpus test does.
  process.env.TZ = 'UTC';

  const oracle = execFileSync(join(CONFORMANCE, 'build-oracle.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const lines = generateCases(seed, count).map((c) => JSON.stringify(c));
  const input = lines.join('\n') + '\n';
  const results: string[][] = [];
  for (let run = 0; run < runs; run++) results.push(runOracle(oracle, input).trimEnd().split('\n'));

  let unstable = 0;
  let bytes = 0;
  const matching: string[] = [];
  const report: string[] = [];
  lines.forEach((line, i) => {
    if (results.some((r) => r[i] !== results[0][i])) {
      unstable++;
      return;
    }
    const go = JSON.parse(results[0][i]) as OracleResult;
    if (go.phase === 'input') return;
    if (go.out_b64 !== undefined) bytes++;
    const { result } = runJsonlCase(line);
    const same = go.ok
      ? result.ok && result.out === go.out && (result.ok ? result.out_b64 : undefined) === go.out_b64
      : !result.ok && result.phase === go.phase;
    if (same) {
      matching.push(line);
      return;
    }
    const ours = result.ok ? JSON.stringify(result.out) + (result.out_b64 === undefined ? '' : ` bytes ${result.out_b64}`) : `${result.phase}: ${result.error}`;
    const theirs = go.ok ? JSON.stringify(go.out) + (go.out_b64 === undefined ? '' : ` bytes ${go.out_b64}`) : `${go.phase}: ${go.error}`;
    report.push(`MISMATCH ${line}\n  go:    ${theirs}\n  kplay: ${ours}`);
  });

  const summary = `seed ${seed}: ${lines.length} cases, ${matching.length} match, ${report.length} mismatch, ${unstable} unstable in Go, ${bytes} with output that is not UTF-8`;
  if (reportFile !== undefined) writeFileSync(reportFile, report.join('\n') + '\n');
  else if (report.length > 0) console.log(report.join('\n'));
  console.error(summary);

  if (name !== undefined) {
    const casesText = matching.join('\n') + '\n';
    writeFileSync(join(CONFORMANCE, 'cases', `${name}.jsonl`), casesText);
    writeFileSync(join(CONFORMANCE, 'corpus', `${name}.jsonl`), runOracle(oracle, casesText, true));
    console.error(`wrote cases/${name}.jsonl and corpus/${name}.jsonl (${matching.length} cases)`);
  }
  process.exitCode = report.length > 0 ? 1 : 0;
}

main();
