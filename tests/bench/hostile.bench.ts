/**
 * `npm run bench:hostile`: what hostile input and big output cost (docs/security.md#limits-on-input-and-output).
 * Figures only, nothing asserted (a test must not assert a duration); the tests check that the
 * same things are rejected or bounded (engine/yaml/load-yaml.test.ts, tests/e2e-ssh/large-output.test.ts).
 *
 *   H1  a "billion laughs" YAML alias bomb: time to reject it and memory grown, in process and
 *       through `kplay run --syntax-check` in a child (wall time, peak RSS). Issue target: under
 *       a second, under 100 MB.
 *   H2  redaction: masking 1 MiB of output against 10 / 100 secrets (one a PEM key), and
 *       streaming 256 MiB through the spill-file redactor.
 *   H3  a 1 GiB command output on the controller through `kplay run` in a child: wall time and
 *       peak RSS (the run keeps 1 MiB per stream; the rest goes to a file).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadYaml } from '../../engine/yaml';
import { Redactor } from '../../engine/executor/redactor';

const repoRoot = join(__dirname, '..', '..');
const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'kplay-bench-hostile-'));

function laughs(levels: number, indent = ''): string {
  const lines = [`${indent}a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
  for (let i = 1; i <= levels; i++) lines.push(`${indent}a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI in a child that prints its own peak RSS; returns wall ms, peak MiB and the exit code. */
function kplayChild(args: readonly string[]): { ms: number; peakMiB: number; code: number | null; stderr: string } {
  const program = [
    "const { runCli } = require('./cli/main');",
    'runCli(process.argv.slice(1)).then((code) => {',
    "  process.stderr.write('KPLAY_MAXRSS_KB=' + process.resourceUsage().maxRSS + '\\n');",
    '  process.exitCode = code;',
    '});',
  ].join('\n');
  const t0 = Date.now();
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', program, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * MiB });
  const ms = Date.now() - t0;
  const kb = /KPLAY_MAXRSS_KB=(\d+)/.exec(child.stderr);
  return { ms, peakMiB: kb ? Number(kb[1]) / 1024 : Number.NaN, code: child.status, stderr: child.stderr.replace(/KPLAY_MAXRSS_KB=\d+\n/, '') };
}

function h1(): void {
  console.log('H1 YAML alias bomb');
  for (const levels of [9, 12, 20]) {
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    const loaded = loadYaml(laughs(levels), 'bomb.yaml', { schema: 'project' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const grown = (process.memoryUsage().heapUsed - heap0) / MiB;
    const verdict = loaded.diagnostics[0]?.message ?? 'accepted';
    console.log(`  in process, ${levels} levels (9^${levels + 1} nodes expanded): ${ms.toFixed(1)} ms, heap +${grown.toFixed(1)} MiB — ${verdict}`);
  }
  const playbook = join(dir, 'bomb.yaml');
  writeFileSync(playbook, `- hosts: localhost\n  vars:\n${laughs(12, '    ')}  tasks: []\n`);
  const r = kplayChild(['run', playbook, '--syntax-check', '--workdir', join(dir, 'work')]);
  console.log(`  kplay run --syntax-check on a bomb in play vars: exit ${r.code}, ${r.ms} ms wall (node start-up and ts-node compiling kplay included), peak RSS ${r.peakMiB.toFixed(0)} MiB`);
  console.log(`    ${r.stderr.trim().split('\n')[0]}`);
}

function timeMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function h2(): void {
  console.log('H2 redaction');
  const key = ['-----BEGIN OPENSSH PRIVATE KEY-----', ...Array.from({ length: 7 }, (_, i) => `${'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz'.slice(i)}${i}`), '-----END OPENSSH PRIVATE KEY-----', ''].join('\n');
  const text = Array.from({ length: MiB / 64 }, (_, i) => `line ${i} of ordinary output, nothing secret in it at all....\n`).join('').slice(0, MiB);
  for (const count of [10, 100]) {
    const r = new Redactor();
    r.addSecret(key);
    for (let i = 1; i < count; i++) r.addSecret(`secret-value-${i}-${'x'.repeat(i % 20)}`);
    r.redact('warm up');
    const ms = Math.min(...[0, 1, 2].map(() => timeMs(() => r.redact(text))));
    console.log(`  redact 1 MiB against ${count} secrets (every spelling of each): ${ms.toFixed(1)} ms`);
  }
  const r = new Redactor();
  r.addSecret("stream-secret-1234");
  const chunk = Buffer.from(text);
  const s = r.streamRedactor();
  let bytes = 0;
  const ms = timeMs(() => {
    for (let i = 0; i < 256; i++) bytes += s.push(chunk).length;
    bytes += s.end().length;
  });
  console.log(`  stream 256 MiB through the spill-file redactor: ${ms.toFixed(0)} ms (${((256 * 1000) / ms).toFixed(0)} MiB/s, ${bytes} bytes out)`);
}

function h3(): void {
  console.log('H3 1 GiB command output on the controller');
  const playbook = join(dir, 'big.yaml');
  writeFileSync(playbook, '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - command: head -c 1073741824 /dev/zero\n');
  const r = kplayChild(['run', playbook, '--workdir', join(dir, 'big-work'), '--no-color']);
  console.log(`  exit ${r.code}, ${(r.ms / 1000).toFixed(1)} s wall, peak RSS ${r.peakMiB.toFixed(0)} MiB`);
}

try {
  h1();
  h2();
  h3();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
