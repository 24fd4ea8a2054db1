/**
 * Output paths are checked before anything runs (docs/cli.md#output-paths): `--report`,
 * `--workdir`, `--known-hosts`, and the cluster commands' and `kplay web`'s own, under a file,
 * naming a directory for a file (or a file for a directory) or in a place that takes no files,
 * give one line, exit 5 and no run at all — never a stack trace after the play ran.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinModules } from '../../builtin-modules';
import { createEngine } from '../../engine';
import { runKplay } from '../helpers/cli';

describe('output paths checked before anything runs', () => {
  let dir: string;
  let playbook: string;
  let marker: string;
  let aFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-output-paths-'));
    marker = join(dir, 'ran');
    aFile = join(dir, 'a-file');
    writeFileSync(aFile, 'x');
    playbook = join(dir, 'site.yaml');
    writeFileSync(playbook, ['- hosts: localhost', '  gather_facts: false', '  tasks:', `    - command: touch ${marker}`, ''].join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expectRefused = (result: { code: number; stdout: string; stderr: string }, option: string, reason: string): void => {
    expect(result.code).toBe(5);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${option} `);
    expect(lines[0]).toContain(reason);
    expect(lines[0]).toMatch(/nothing was run \(KP-CLI-003\)$/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(marker)).toBe(false);
  };

  test.each([
    ['--report', () => join(aFile, 'report.json'), 'is a file, not a directory'],
    ['--report', () => dir, 'is a directory, not a file'],
    ['--report', () => '/proc/kplay-report.json', 'cannot create files in /proc'],
    ['--workdir', () => join(aFile, 'work'), 'is a file, not a directory'],
    ['--workdir', () => aFile, 'is a file, not a directory'],
    ['--workdir', () => '/proc/kplay-work', 'cannot create files in /proc'],
    ['--known-hosts', () => join(aFile, 'known_hosts'), 'is a file, not a directory'],
    ['--known-hosts', () => dir, 'is a directory, not a file'],
  ])('kplay run %s %s', async (option, path, reason) => {
    const result = await runKplay(['run', playbook, option, path(), ...(option === '--workdir' ? [] : ['--workdir', join(dir, 'work')])]);
    expectRefused(result, option, reason);
  });

  test('also with --check; --syntax-check and the listing options write nothing and are not refused', async () => {
    expectRefused(await runKplay(['run', playbook, '--report', join(aFile, 'r.json'), '--check']), '--report', 'is a file, not a directory');
    for (const extra of [['--syntax-check'], ['--list-hosts']]) {
      const result = await runKplay(['run', playbook, '--report', join(aFile, 'r.json'), '--workdir', join(aFile, 'w'), ...extra]);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    }
  });

  test('the library refuses the same way: execute starts nothing and says why', async () => {
    const engine = createEngine().registerModules(builtinModules);
    const options = { playbook, reportFile: join(aFile, 'r.json'), workDir: join(dir, 'lib-work') };
    const loaded = engine.load(options);
    if (!loaded.ok) throw new Error('the playbook should load');
    const events: string[] = [];
    engine.subscribe((e) => events.push(e.type));
    const result = await engine.execute(loaded.run, options);
    expect(result).toMatchObject({ status: 'failed', exitCode: 5 });
    expect(result.error).toMatch(/^--report .*: .* is a file, not a directory; nothing was run \(KP-CLI-003\)$/);
    expect(events).toEqual([]);
    expect(existsSync(join(dir, 'lib-work'))).toBe(false);
  });

  test('a good --report in a directory that does not exist yet is fine and nothing is left by the check', async () => {
    const report = join(dir, 'new', 'deeper', 'report.json');
    const result = await runKplay(['run', playbook, '--report', report, '--workdir', join(dir, 'good-work')]);
    expect(result.code).toBe(0);
    expect(existsSync(report)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('.kplay-write-probe'))).toEqual([]);
    rmSync(marker);
  });

  test.each([['create', 'cluster'], ['precheck']])('kplay %s %s refuses before writing its default inventory', async (...command) => {
    const args = command.filter((c) => c !== undefined);
    const work = join(aFile, 'work');
    expectRefused(await runKplay([...args, '--workdir', work, '--check']), '--workdir', 'is a file, not a directory');
    expectRefused(await runKplay([...args, '--report', dir, '--workdir', join(dir, 'cluster-work'), '--check']), '--report', 'is a directory, not a file');
    expect(existsSync(join(dir, 'cluster-work'))).toBe(false);
  });

  test('kplay artifact export checks --output and --work-dir before downloading', async () => {
    expectRefused(await runKplay(['artifact', 'export', '-o', join(aFile, 'b.tgz'), '--work-dir', join(dir, 'art')]), '--output', 'is a file, not a directory');
    expectRefused(await runKplay(['artifact', 'export', '-o', join(dir, 'b.tgz'), '--work-dir', aFile]), '--work-dir', 'is a file, not a directory');
    expect(existsSync(join(dir, 'art'))).toBe(false);
  });

  test('kplay web checks --workdir before starting', async () => {
    expectRefused(await runKplay(['web', '--workdir', join(aFile, 'web'), '--listen', '127.0.0.1:0']), '--workdir', 'is a file, not a directory');
  });
});
