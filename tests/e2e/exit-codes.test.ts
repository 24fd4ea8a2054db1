import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';
import { Scratch, type Report } from './e2e-run';

const project = join(__dirname, 'projects', 'keywords');
const repoRoot = join(__dirname, '..', '..');

describe('kplay run: exit codes', () => {
  const scratch = new Scratch(project);
  afterAll(() => scratch.cleanup());

  test('0 when every host succeeds', async () => {
    const run = await scratch.run('tags.yaml');
    expect(run.code).toBe(0);
    expect(run.report.status).toBe('succeeded');
  });

  test('3 when a host is unreachable and none failed; the other hosts go on', async () => {
    const run = await scratch.run('reach.yaml', [], 'inventory-unreachable.yaml');
    expect(run.code).toBe(3);
    expect(run.report.status).toBe('failed');
    expect(run.report.stats.down).toMatchObject({ unreachable: 1, failed: 0 });
    expect(run.statusOf('reach-first').down).toBe('unreachable');
    expect(run.report.tasks.find((t) => t.host === 'down')?.msg).toMatch(/127\.0\.0\.1:1/);
    expect(run.hostsOf('reach-second').sort()).toEqual(['h1', 'h3']);
    expect(scratch.read('second').split('\n').sort()).toEqual(['', 'h1', 'h3']);
    expect(run.stdout).toMatch(/fatal: \[down\]: UNREACHABLE!/);
    // the connector password of the unreachable host is a secret too
    expect(run.stdout + readFileSync(join(scratch.dir, 'report.json'), 'utf8') + run.journal()).not.toContain('DownHostPassw0rd');
  });

  test('2 when a host failed, even if another was unreachable', async () => {
    const run = await scratch.run('reach.yaml', ['-e', 'fail_host=h3'], 'inventory-unreachable.yaml');
    expect(run.code).toBe(2);
    expect(run.report.stats.down.unreachable).toBe(1);
    expect(run.report.stats.h3.failed).toBe(1);
    expect(run.hostsOf('reach-second')).toEqual(['h1']);
  });

  test('4 for a broken project: every problem with file:line:col, and nothing ran', async () => {
    const broken = join(__dirname, 'projects', 'broken');
    const run = await runKplay([
      'run',
      join(broken, 'playbooks', 'site.yaml'),
      '-i',
      join(broken, 'inventory.yaml'),
      '-e',
      `out=${scratch.out}-broken`,
      '--workdir',
      join(scratch.dir, 'work-broken'),
      '--report',
      join(scratch.dir, 'broken-report.json'),
    ]);
    expect(run.code).toBe(4);
    const site = join(broken, 'playbooks', 'site.yaml');
    const second = join(broken, 'playbooks', 'second.yaml');
    const problems = run.stderr.split('\n').filter((l) => l.startsWith('/'));
    expect(problems).toEqual([
      `${second}:5:7: unknown module or keyword "no_such_module" in task "unknown module" (KP-LOAD-002)`,
      `${second}:8:13: loop: must be a list or a template string, got !!int (KP-LOAD-002)`,
      `${site}:8:7: unknown module or keyword "whn" in task "typo in a keyword" (did you mean "when"?) (KP-LOAD-002)`,
      `${site}:10:16: debug: unknown argument "mgs" (did you mean "msg"?) (KP-LOAD-002)`,
      `${site}:12:29: invalid template in command: function "nosuchfunc" not defined (KP-TMPL-001)`,
      expect.stringMatching(new RegExp(`^${site}:14:22: .*does-not-exist\\.yaml`)),
    ]);
    // each problem is followed by its source line and a caret under the column
    expect(run.stderr).toContain('      debug: { mgs: x }\n               ^\n');
    expect(run.stderr).toMatch(/6 problems found; nothing was run/);
    expect(run.stdout).toBe('');
    // the first task (a valid one) never ran, and no report or journal was made
    expect(existsSync(join(`${scratch.out}-broken`, 'marker'))).toBe(false);
    expect(existsSync(join(scratch.dir, 'broken-report.json'))).toBe(false);
  });

  test('4 for a broken inventory, with its position', async () => {
    const run = await scratch.run('tags.yaml', [], join(__dirname, 'projects', 'broken', 'playbooks', 'second.yaml'));
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/second\.yaml:\d+:\d+: /);
  });

  test.each([
    [['--forks', '0']],
    [['--output', 'xml']],
    [['--no-such-option']],
    [['--limit', '~[']],
  ])('5 for bad options: %j', async (args) => {
    const run = await scratch.run('tags.yaml', args);
    expect(run.code).toBe(5);
    expect(run.stderr).not.toBe('');
    expect(run.report.tasks).toEqual([]);
  });

  test('5 for a missing playbook argument', async () => {
    expect((await runKplay(['run'])).code).toBe(5);
  });
});

describe('kplay run: Ctrl-C', () => {
  const scratch = new Scratch(project);
  afterAll(() => scratch.cleanup());

  test('SIGINT stops the running commands, writes the report and exits 130', async () => {
    const reportFile = join(scratch.dir, 'report.json');
    // The real CLI entry point in its own process (ts-node, so it is never stale).
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(repoRoot, 'cli', 'main.ts'), 'run', join(project, 'playbooks', 'sigint.yaml'),
        '-i', join(project, 'inventory.yaml'), '-e', `out=${scratch.out}`, '--workdir', join(scratch.dir, 'work'), '--report', reportFile],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    const pidFiles = ['h1', 'h2'].map((h) => join(scratch.out, `pid-${h}`));
    const deadline = Date.now() + 90_000; // ts-node compiles the CLI first: slow on a busy machine
    while (!pidFiles.every((f) => existsSync(f) && readFileSync(f, 'utf8').trim() !== '')) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`the sleeps never started\n${stdout}\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const sleepPids = pidFiles.map((f) => Number(readFileSync(f, 'utf8').trim()));
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(stdout).toContain('PLAY RECAP');

    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    expect(report.status).toBe('failed');
    expect(report.error).toBe('interrupted by SIGINT');
    expect(report.tasks.filter((t) => t.task === 'long-sleep').map((t) => t.host).sort()).toEqual(['h1', 'h2']);
    expect(report.tasks.some((t) => t.task === 'never-reached')).toBe(false);
    expect(existsSync(join(scratch.out, 'never-h1'))).toBe(false);
    // the sleeps were stopped (gone, or a zombie nobody has reaped yet)
    for (const pid of sleepPids) {
      const status = `/proc/${pid}/status`;
      if (existsSync(status)) expect(readFileSync(status, 'utf8')).toMatch(/State:\s+Z/);
    }
  }, 150_000);
});
