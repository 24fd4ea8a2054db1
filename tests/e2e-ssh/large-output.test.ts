/**
 * A command that prints 1 GiB, on the controller and over SSH, in a real `kplay run` child
 * process: the run completes with bounded memory, results, report and journal keep the first
 * 1 MiB, and the whole output is in a 0600 file of the run directory named in the report.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../e2e/e2e-run';
import { SshdHarness, startSshd } from '../harness/sshd';
import { describeWithSshd } from '../harness/ssh-connectors';
import { harnessConnector, writeInventory } from './fixtures';

const repoRoot = join(__dirname, '..', '..');
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

interface MeasuredRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident set size of the kplay process, in bytes. */
  readonly maxRss: number;
}

/** Runs the CLI in a child that reports its own peak RSS when the run is over. */
function runMeasured(args: readonly string[]): Promise<MeasuredRun> {
  const program = [
    "const { runCli } = require('./cli/main');",
    'runCli(process.argv.slice(1)).then((code) => {',
    "  process.stderr.write('KPLAY_MAXRSS_KB=' + process.resourceUsage().maxRSS + '\\n');",
    '  process.exitCode = code;',
    '});',
  ].join('\n');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', program, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      const kb = /KPLAY_MAXRSS_KB=(\d+)/.exec(stderr);
      resolve({ code, stdout, stderr, maxRss: kb ? Number(kb[1]) * 1024 : Number.NaN });
    }),
  );
}

describeWithSshd('a 1 GiB command output', () => {
  let sshd: SshdHarness;
  let dir: string;

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 1 });
    dir = mkdtempSync(join(tmpdir(), 'kplay-large-output-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await sshd?.stop();
  });

  const run = (name: string, command: string): Promise<MeasuredRun> => {
    const playbook = join(dir, `${name}.yaml`);
    writeFileSync(
      playbook,
      ['- name: output', '  hosts: nodes', '  tasks:', '    - name: print', `      command: ${JSON.stringify(command)}`, ''].join('\n'),
    );
    const inventory = writeInventory(
      dir,
      { ssh1: { connector: harnessConnector(sshd, 0) }, here: { connector: { type: 'local' } } },
      { nodes: { hosts: ['ssh1', 'here'] } },
      {},
      `${name}-inventory.yaml`,
    );
    return runMeasured([
      'run', playbook, '-i', inventory, '--workdir', join(dir, `${name}-work`), '--report', join(dir, `${name}-report.json`),
      '--known-hosts', sshd.knownHostsFile, '--no-color',
    ]);
  };

  test('completes with bounded memory; 1 MiB is kept, the rest is in the run directory', async () => {
    const baseline = await run('small', 'echo small');
    expect(baseline.code).toBe(0);
    const big = await run('big', `head -c ${GiB} /dev/zero | tr '\\0' x; head -c ${2 * MiB} /dev/zero | tr '\\0' e >&2`);
    expect({ code: big.code, stderr: big.stderr.replace(/KPLAY_MAXRSS_KB=\d+\n/, '') }).toEqual({ code: 0, stderr: '' });
    // Two hosts stream 1 GiB each through the controller; the process grows by far less.
    expect(big.maxRss - baseline.maxRss).toBeLessThan(200 * MiB);

    const report = JSON.parse(readFileSync(join(dir, 'big-report.json'), 'utf8')) as Report;
    const results = report.tasks.filter((t) => t.task === 'print');
    expect(results.map((t) => t.host).sort()).toEqual(['here', 'ssh1']);
    for (const result of results) {
      expect(result.stdout).toBe('x'.repeat(MiB));
      expect(result.stderr).toBe('e'.repeat(MiB));
      const files = result as unknown as { stdout_file: string; stderr_file: string };
      expect(files.stdout_file.startsWith(join(dir, 'big-work', 'runs'))).toBe(true);
      expect(statSync(files.stdout_file).size).toBe(GiB);
      expect(statSync(files.stdout_file).mode & 0o777).toBe(0o600);
      expect(statSync(files.stderr_file).size).toBe(2 * MiB);
    }
    expect(big.stdout).toContain('stdout was longer than 1 MiB; all of it is in ');
    // The journal keeps the capped result too.
    const runs = join(dir, 'big-work', 'runs');
    const [id] = readdirSync(runs);
    const journal = readFileSync(join(runs, id, 'events.jsonl'), 'utf8');
    expect(journal.length).toBeLessThan(10 * MiB);
    for (const result of results) rmSync((result as unknown as { stdout_file: string }).stdout_file);
  }, 600_000);
});
