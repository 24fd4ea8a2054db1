import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Scratch, taskRuns, type FixtureRun } from './e2e-run';

const project = join(__dirname, 'projects', 'keywords');

/** One run of many small plays, each exercising one executor keyword on local hosts h1…h5. */
describe('kplay run: every executor keyword on healthy hosts', () => {
  const scratch = new Scratch(project);
  let run: FixtureRun;
  beforeAll(async () => {
    run = await scratch.run('keywords.yaml');
  });
  afterAll(() => scratch.cleanup());

  const succeededOn = (task: string, play?: string) =>
    Object.entries(run.statusOf(task, play))
      .filter(([, s]) => s !== 'skipped')
      .map(([h]) => h)
      .sort();

  test('the run succeeds with exit code 0', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.report.status).toBe('succeeded');
    for (const s of Object.values(run.report.stats)) expect(s.failed).toBe(0);
  });

  test('serial: a number, a percentage and a list make batches that run every task in turn', () => {
    expect(taskRuns(run.report, 'serial-number')).toEqual([
      ['sn-a', ['h1', 'h2']],
      ['sn-b', ['h1', 'h2']],
      ['sn-a', ['h3', 'h4']],
      ['sn-b', ['h3', 'h4']],
      ['sn-a', ['h5']],
      ['sn-b', ['h5']],
    ]);
    // 40% of 5 hosts = 2 per batch
    expect(taskRuns(run.report, 'serial-percent')).toEqual([
      ['sp-a', ['h1', 'h2']],
      ['sp-b', ['h1', 'h2']],
      ['sp-a', ['h3', 'h4']],
      ['sp-b', ['h3', 'h4']],
      ['sp-a', ['h5']],
      ['sp-b', ['h5']],
    ]);
    // [1, 2, "100%"]: the last size repeats until the hosts run out
    expect(taskRuns(run.report, 'serial-list')).toEqual([
      ['sl-a', ['h1']],
      ['sl-b', ['h1']],
      ['sl-a', ['h2', 'h3']],
      ['sl-b', ['h2', 'h3']],
      ['sl-a', ['h4', 'h5']],
      ['sl-b', ['h4', 'h5']],
    ]);
  });

  test('run_once on a task, a block and a play runs on the first host only', () => {
    expect(run.hostsOf('once-task')).toEqual(['h2']);
    expect(run.hostsOf('once-in-block')).toEqual(['h2']);
    expect(run.hostsOf('after-once').sort()).toEqual(['h2', 'h3', 'h4']);
    expect(run.hostsOf('play-once-a')).toEqual(['h1']);
    expect(run.hostsOf('play-once-b')).toEqual(['h1']);
  });

  test('when: a list is an AND, bare pipelines work, conditions are inherited from blocks and roles', () => {
    expect(succeededOn('when-and')).toEqual(['h2', 'h3']);
    expect(succeededOn('when-bare-string')).toEqual(['h2', 'h3', 'h4']);
    expect(succeededOn('when-inherited')).toEqual(['h2', 'h4']);
    expect(succeededOn('when-false')).toEqual([]);
    expect(run.hostsOf('when-false').sort()).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
    expect(succeededOn('role-task', 'conditions')).toEqual(['h5']);
    expect(scratch.read('h5', 'role')).toBe('hello-5\n');
  });

  test('loop: YAML lists and template strings run once per item; empty loops are skipped', () => {
    expect(scratch.read('h1', 'loop')).toBe('a-1\nb-1\nx=1\ny=9\n');
    expect(scratch.read('h2', 'loop')).toBe('a-2\nb-2\nx=2\ny=9\n');
    const items = run.report.tasks.filter((t) => t.task === 'loop-yaml' && t.host === 'h1');
    expect(items.map((t) => [t.item, t.status])).toEqual([
      ['a', 'changed'],
      ['b', 'changed'],
    ]);
    expect(run.statusOf('loop-empty-list')).toEqual({ h1: 'skipped', h2: 'skipped' });
    expect(run.statusOf('loop-empty-template')).toEqual({ h1: 'skipped', h2: 'skipped' });
  });

  test('register: the map of a command (rc, changed, failed, …), a list for loops, json and yaml typing', () => {
    const shown = (task: string, host: string) => {
      const entry = run.report.tasks.find((t) => t.task === task && t.host === host);
      return JSON.parse(entry?.stdout ?? 'null') as Record<string, unknown> & Record<string, unknown>[];
    };
    const reg = shown('show-register', 'h2');
    expect(reg).toMatchObject({ stdout: 'out-2', stderr: 'err\n', rc: 0, changed: true, failed: false, skipped: false, error: '' });
    expect(Object.keys(reg)).toEqual(expect.arrayContaining(['start', 'end', 'delta', 'cmd']));
    const looped = shown('show-loop-register', 'h1');
    expect(looped).toHaveLength(2);
    expect(looped.map((r) => [r.item, r.rc, r.changed])).toEqual([
      ['"a"', 0, true],
      ['"b"', 0, true],
    ]);
    // register_type json keeps numbers and lists, yaml parses mappings
    expect(run.report.tasks.find((t) => t.task === 'show-typed' && t.host === 'h1')?.stdout).toBe('42 2 kplay y');
  });

  test('changed_when, failed_when and ignore_errors decide the status', () => {
    expect(run.statusOf('changed-when-false')).toEqual({ h1: 'ok', h2: 'ok', h3: 'ok', h4: 'ok', h5: 'ok' });
    expect(run.statusOf('changed-when-register')).toEqual({ h1: 'changed', h2: 'ok', h3: 'ok', h4: 'ok', h5: 'ok' });
    // failed_when: false (or a false expression) overrides a non-zero rc
    expect(run.statusOf('failed-when-false').h1).toBe('changed');
    expect(run.statusOf('failed-when-rc')).toMatchObject({ h1: 'changed', h2: 'changed' });
    expect(run.report.tasks.find((t) => t.task === 'failed-when-rc' && t.host === 'h2')?.rc).toBe(2);
    // ignore_errors: the host's status is "ignored" and it carries on
    expect(run.statusOf('ignore-errors').h2).toBe('ignored');
    expect(run.report.stats.h2.ignored).toBe(1);
    expect(run.statusOf('after-ignore').h2).toBe('changed');
    expect(existsSync(join(scratch.out, 'h2', 'after-ignore'))).toBe(true);
  });

  test('retries + until + delay: only the host whose condition is false retries, with the delay between attempts', () => {
    const attempts = (host: string) => scratch.read(host, 'attempts').trim().split('\n').map((ns) => Number(BigInt(ns) / 1_000_000n));
    expect(attempts('h1')).toHaveLength(1);
    const h2 = attempts('h2');
    expect(h2).toHaveLength(3);
    for (let i = 1; i < h2.length; i++) expect(h2[i] - h2[i - 1]).toBeGreaterThanOrEqual(950);
    expect(run.statusOf('until-retries')).toMatchObject({ h1: 'changed', h2: 'changed' });
    // retries without until: retried while the command fails
    expect(scratch.read('h3', 'tries')).toBe('x\nx\n');
    expect(run.statusOf('retries-without-until').h3).toBe('changed');
  });

  test('delegate_to runs with the original host variables and records the result for the original host', () => {
    expect(scratch.read('delegated')).toBe('h4-4\n');
    expect(run.statusOf('delegated').h4).toBe('changed');
    const events = run
      .journal()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; task?: { task: string }; result?: { host: string; delegatedTo?: string } });
    const delegated = events.find((e) => e.type === 'host_result' && e.task?.task === 'delegated' && e.result?.host === 'h4');
    expect(delegated?.result?.delegatedTo).toBe('h1');
  });

  test('throttle bounds how many hosts run the task at once', () => {
    const spans = ['h1', 'h2', 'h3', 'h4', 'h5'].map((h) => {
      const [start, end] = scratch
        .read('throttle', h)
        .trim()
        .split('\n')
        .map((l) => BigInt(l.split(' ')[1]));
      return { start, end };
    });
    const maxConcurrent = Math.max(...spans.map((s) => spans.filter((o) => o.start <= s.start && s.start < o.end).length));
    expect(maxConcurrent).toBe(2);
  });

  test('block/rescue/always: the failing host is rescued, the others skip the rescue, always runs for both', () => {
    expect(run.statusOf('fail-on-h4')).toMatchObject({ h4: 'failed', h5: 'changed' });
    expect(run.hostsOf('rescue-task')).toEqual(['h4']);
    expect(run.report.stats.h4).toMatchObject({ rescued: 1, failed: 0 });
    expect(existsSync(join(scratch.out, 'h4', 'after-fail'))).toBe(false);
    expect(existsSync(join(scratch.out, 'h5', 'after-fail'))).toBe(true);
    expect(existsSync(join(scratch.out, 'h4', 'always'))).toBe(true);
    expect(existsSync(join(scratch.out, 'h5', 'always'))).toBe(true);
  });

  test('handlers: run once per notifying host after the tasks, by name or listen; unchanged tasks notify nothing', () => {
    expect(scratch.read('h1', 'handlers')).toBe('direct\n');
    expect(scratch.read('h2', 'handlers')).toBe('direct\nlistener\n');
    const order = taskRuns(run.report, 'handlers').map(([t]) => t);
    expect(order).toEqual(['notify-changed', 'notify-again', 'notify-unchanged', 'notify-listen', 'h-direct', 'h-listener']);
  });

  test('pre_tasks, then handlers they notified, then roles, tasks and post_tasks', () => {
    expect(taskRuns(run.report, 'sections')).toEqual([
      ['sec-pre', ['h1']],
      ['sec-handler', ['h1']],
      ['role-task', ['h1']],
      ['sec-task', ['h1']],
      ['sec-post', ['h1']],
    ]);
    expect(scratch.read('h1', 'role')).toBe('hello-1\n');
  });

  test('check_mode on a play, a block and a task; check_mode: false overrides', () => {
    const file = (h: string, f: string) => existsSync(join(scratch.out, h, f));
    expect(run.statusOf('cm-play-task')).toEqual({ h1: 'unknown' });
    expect(file('h1', 'cm-play')).toBe(false);
    expect(file('h1', 'cm-play-override')).toBe(true);
    expect(run.statusOf('cm-task')).toEqual({ h2: 'unknown' });
    expect(file('h2', 'cm-task')).toBe(false);
    expect(file('h2', 'cm-block')).toBe(false);
    expect(file('h2', 'cm-block-override')).toBe(true);
    expect(file('h2', 'cm-normal')).toBe(true);
  });

  test('the report names the source of every result', () => {
    const role = run.report.tasks.find((t) => t.task === 'role-task');
    expect(role?.role).toBe('greet');
    expect(role?.source).toBe(`${join(project, 'roles', 'greet', 'tasks', 'main.yaml')}:1`);
    expect(readFileSync(join(project, 'playbooks', 'keywords.yaml'), 'utf8').split('\n')[Number(run.report.tasks[0].source.split(':').pop()) - 1]).toContain('make-dirs');
  });
});
