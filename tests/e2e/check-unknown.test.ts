/**
 * Check mode's unknown values end to end (docs/cli.md#unknown-values-in-check-mode): the real CLI
 * runs projects/unknown in check mode on two local hosts; every construct that reads a result a
 * check run cannot know is `unknown` with its reason, nothing guesses with a placeholder, and the
 * real run afterwards decides exactly what the check run left open.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Scratch } from './e2e-run';
import { CHECK, PROBE } from './projects/unknown/expected';

const project = join(__dirname, 'projects', 'unknown');

describe('kplay run --check: unknown is a value, not a placeholder', () => {
  const scratch = new Scratch(project);
  beforeAll(() => {
    mkdirSync(scratch.out, { recursive: true });
    writeFileSync(join(scratch.out, 'installed-version'), 'v1.30\n');
  });
  afterAll(() => scratch.cleanup());

  test('every task that reads an unrun result is unknown with its reason; nothing is written', async () => {
    const run = await scratch.run('unknown.yaml', ['--check', '--diff']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readdirSync(scratch.out)).toEqual(['installed-version']);
    for (const [task, status] of Object.entries(CHECK)) expect([task, run.statusOf(task)]).toEqual([task, { h1: status, h2: status }]);

    const reason = (task: string) => run.report.tasks.find((t) => t.task === task && t.host === 'h1')?.reason ?? '';
    // set_fact stored unknown facts: both branches of a condition on them are unknown, neither is taken.
    expect(reason('u-when-installed')).toMatch(/^"when" reads a value unknown in check mode \(\.installed: set from /);
    expect(reason('u-when-installed')).toMatch(PROBE);
    expect(reason('u-when-fresh')).toMatch(/^"when" reads a value unknown in check mode \(\.installed: set from /);
    // a task made unknown registers unknown in turn
    expect(reason('u-reads-fresh')).toMatch(/\(\.fresh: registered by task "u-when-fresh" \(unknown\.yaml:16\)/);
    expect(reason('u-assert')).toMatch(/^assert reads a value unknown in check mode \(\.version: set from \.probe/);
    expect(reason('u-loop-string')).toMatch(/^"loop" reads a value unknown in check mode/);
    expect(reason('u-loop-items')).toMatch(/^"loop" reads a value unknown in check mode \(\.version/);
    expect(reason('u-args-real')).toMatch(/^command reads a value unknown in check mode \(\.version/);
    expect(reason('u-reads-hostvars')).toMatch(/^"when" reads a value unknown in check mode \(\.shared_version: set by add_hostvars from \.version: set from \.probe/);
    expect(reason('u-template')).toMatch(new RegExp(`^content of ${scratch.out}/app-h1\\.conf reads a value unknown in check mode`));
    expect(reason('u-task-vars')).toMatch(/^"when" reads a value unknown in check mode \(\.version: set from \.probe/);
    expect(reason('u-failed-when')).toMatch(/^"failed_when"\/"changed_when" reads a value unknown in check mode \(\.version/);
    expect(reason('u-delegate')).toMatch(/^"delegate_to" reads a value unknown in check mode \(\.version/);
    expect(reason('u-creates-missing')).toMatch(/^would run: touch .*never$/);
    // creates/removes decide without running, as in a real run
    const msgOf = (task: string) => run.report.tasks.find((t) => t.task === task && t.host === 'h1')?.msg;
    expect(msgOf('u-creates-exists')).toBe('skipped, since / exists');
    expect(msgOf('u-removes-missing')).toBe(`skipped, since ${scratch.out}/no-such-file does not exist`);
    // set_fact says which facts it stored unknown
    expect(msgOf('u-facts')).toBe('installed, version: unknown in check mode');

    // debug shows the unknown value as such, next to what is known
    const stdoutOf = (task: string) => run.report.tasks.find((t) => t.task === task && t.host === 'h1')?.stdout ?? '';
    expect(stdoutOf('u-debug-msg')).toMatch(/^version is \(unknown in check mode: \.version: set from \.probe: registered by task "u-probe".*\); plain is fixed$/);
    expect(stdoutOf('u-debug-var')).toMatch(/^\(unknown in check mode: \.version: set from \.probe/);

    // --diff shows the files with the unknown parts marked
    expect(run.stdout).toContain(`+++ after: ${scratch.out}/app-h1.conf\n@@ -0,0 +1,3 @@\n+name=h1\n+version=(unknown in check mode: .version: set from .probe`);
    expect(run.stdout).toContain('+end=yes');
    expect(run.stdout).toMatch(/\+v=\(unknown in check mode: \.version[^\n]*\n\+plain=fixed/);

    // no placeholder anywhere
    expect(run.stdout).not.toMatch(/=skip\b|\bskip\n/);
    for (const t of run.report.tasks) expect(t.stdout).not.toBe('skip');

    // the recap counts unknown results per host, apart from ok and skipped
    expect(run.report.stats.h1).toEqual({ ok: 6, changed: 0, failed: 0, skipped: 3, unreachable: 0, rescued: 0, ignored: 0, unknown: 15 });
    expect(run.report.stats.h2).toEqual(run.report.stats.h1);
    expect(run.stdout).toMatch(/h1 : ok=6 {4}changed=0 {4}unreachable=0 {4}failed=0 {4}skipped=3 {4}rescued=0 {4}ignored=0 {4}unknown=15\n/);
  });

  test('--output json carries the reason of each unknown result', async () => {
    const run = await scratch.run('unknown.yaml', ['--check', '--output', 'json', '--limit', 'h1']);
    expect(run.code).toBe(0);
    const events = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; task?: { task: string }; result?: { status: string; reason?: string } });
    const assert = events.find((e) => e.type === 'host_result' && e.task?.task === 'u-assert');
    expect(assert?.result?.status).toBe('unknown');
    expect(assert?.result?.reason).toMatch(PROBE);
    const end = events.find((e) => e.type === 'run_end') as unknown as { stats: Record<string, { unknown: number }> };
    expect(end.stats.h1.unknown).toBe(15);
  });

  test('an unknown value on one host leaves the other host deciding; each host is counted apart', async () => {
    const run = await scratch.run('per-host.yaml', ['--check']);
    expect(run.code).toBe(0);
    expect(run.statusOf('p-probe')).toEqual({ h1: 'unknown', h2: 'skipped' });
    expect(run.statusOf('p-uses')).toEqual({ h1: 'unknown', h2: 'ok' });
    expect(run.statusOf('p-until')).toEqual({ h1: 'unknown', h2: 'ok' });
    expect(run.report.tasks.find((t) => t.task === 'p-until' && t.host === 'h1')?.reason).toMatch(/^"until" reads a value unknown in check mode \(\.p: registered by task "p-probe"/);
    expect(run.report.stats.h1).toMatchObject({ ok: 0, skipped: 0, failed: 0, unknown: 3 });
    expect(run.report.stats.h2).toMatchObject({ ok: 2, skipped: 1, failed: 0, unknown: 0 });
  });

  test('the real run decides exactly what check mode left unknown, and agrees with everything else', async () => {
    const run = await scratch.run('unknown.yaml');
    expect(run.code).toBe(0);
    for (const [task, status] of Object.entries(CHECK)) {
      const real = run.statusOf(task);
      expect(Object.values(real).every((s) => s !== 'unknown')).toBe(true);
      if (status !== 'unknown') expect([task, real]).toEqual([task, { h1: status, h2: status }]);
    }
    // the branch check mode refused to guess is the one the real run took
    expect(run.statusOf('u-when-installed')).toEqual({ h1: 'ok', h2: 'ok' });
    expect(run.statusOf('u-when-fresh')).toEqual({ h1: 'skipped', h2: 'skipped' });
    expect(run.statusOf('u-assert')).toEqual({ h1: 'ok', h2: 'ok' });
    expect(scratch.read('app-h1.conf')).toBe('name=h1\nversion=v1.30\nmode=upgrade\nend=yes\n');
    expect(scratch.read('copy-h2')).toBe('v=v1.30\nplain=fixed\n');
    expect(readdirSync(scratch.out)).toContain('arg-v1.30');
  });
});
