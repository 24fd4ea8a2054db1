/**
 * `--resume` over SSH (docs/cli.md#resume): a 30-task playbook (registers, set_facts, add_hostvars,
 * facts, handlers, a loop, a block with rescue and always, a serial play) is killed with SIGKILL
 * at ten points and resumed; each time the files on the hosts, the registered values later tasks
 * used and the report equal an uninterrupted run, and a counter on each host shows that no task
 * that had finished ran twice. A run failed by a bad config value resumes after the fix with only
 * the remaining tasks; a playbook edited before the resume point is refused.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report, ReportTask } from '../e2e/e2e-run';
import { runKplay } from '../helpers/cli';
import { SshdHarness, startSshd } from '../harness/sshd';
import { describeWithSshd } from '../harness/ssh-connectors';
import { harnessConnector, writeInventory } from './fixtures';

const repoRoot = join(__dirname, '..', '..');
const HOSTS = ['h1', 'h2', 'h3'];

/** Appends the task's name to the host's counter, then does the task's work. */
const counted = (id: string, work = 'true'): string => `sh -c 'echo ${id} >> {{ .out }}/{{ .inventory_hostname }}/counter && ${work}'`;

function playbookText(): string {
  const task = (name: string, body: string[]): string[] => [`    - name: ${name}`, ...body.map((l) => `      ${l}`)];
  return [
    '- name: prepare',
    '  hosts: nodes',
    '  gather_facts: true',
    '  vars:',
    '    base: "b-{{ .inventory_hostname }}"',
    '  tasks:',
    ...task('t01', ['command: mkdir -p {{ .out }}/{{ .inventory_hostname }}']),
    ...task('t02', [`command: ${JSON.stringify(counted('t02', 'echo first-{{ .inventory_hostname }}'))}`, 'register: r02']),
    ...task('t03', ['set_fact:', '  f03: "{{ .r02.stdout }}+{{ .base }}+{{ .os.architecture }}"']),
    ...task('t04', [`command: ${JSON.stringify(counted('t04-{{ .item }}', 'echo item-{{ .item }}'))}`, 'loop: [a, b, c]', 'register: r04', 'notify: hnd1']),
    ...task('t05', [`command: ${JSON.stringify(counted('t05', 'echo {{ (index .r04 2).stdout }}-{{ .f03 }}'))}`, 'register: r05']),
    '    - name: guarded',
    '      block:',
    '        - name: t06',
    `          command: ${JSON.stringify(counted('t06'))}`,
    '        - name: t07',
    `          command: ${JSON.stringify(counted('t07', 'test {{ .inventory_hostname }} != h2'))}`,
    '        - name: t08',
    `          command: ${JSON.stringify(counted('t08', 'echo not-h2'))}`,
    '          register: r08',
    '      rescue:',
    '        - name: t09',
    `          command: ${JSON.stringify(counted('t09', 'echo rescued-{{ .inventory_hostname }}'))}`,
    '          register: r09',
    '      always:',
    '        - name: t10',
    `          command: ${JSON.stringify(counted('t10'))}`,
    ...task('t11', ['set_fact:', '  f11: \'{{ if hasKey . "r09" }}{{ .r09.stdout }}{{ else }}{{ .r08.stdout }}{{ end }}\'']),
    ...task('t12', ['run_once: true', 'add_hostvars:', '  hosts: nodes', '  vars:', '    shared: "from-{{ .inventory_hostname }}"']),
    ...task('t13', [`command: ${JSON.stringify(counted('t13', 'echo {{ .shared }}'))}`, 'register: r13']),
    ...task('t14', [`command: ${JSON.stringify(counted('t14'))}`, 'notify: hnd2']),
    ...task('t15', [`command: ${JSON.stringify(counted('t15', 'echo fifteen'))}`, 'register: r15', 'when: .inventory_hostname | ne "h3"']),
    ...task('t16', [`command: ${JSON.stringify(counted('t16', 'echo {{ .r15.skipped }}'))}`, 'register: r16']),
    ...task('t17', ['set_fact:', '  f17: "{{ .r13.stdout }}/{{ .r16.stdout }}"']),
    ...task('t18', [`command: ${JSON.stringify(counted('t18'))}`]),
    ...task('t19', [`command: ${JSON.stringify(counted('t19'))}`]),
    ...task('t20', [`command: ${JSON.stringify(counted('t20', 'echo {{ .f17 }}'))}`, 'register: r20']),
    '  handlers:',
    '    - name: hnd1',
    `      command: ${JSON.stringify(counted('hnd1'))}`,
    '    - name: hnd2',
    `      command: ${JSON.stringify(counted('hnd2', 'echo handled'))}`,
    '      register: rh2',
    '',
    '- name: rolling',
    '  hosts: nodes',
    '  serial: 1',
    '  gather_facts: false',
    '  tasks:',
    ...task('t21', [`command: ${JSON.stringify(counted('t21', 'echo {{ .f03 }}'))}`, 'register: r21']),
    ...task('t22', ['set_fact:', '  f22: "{{ .r21.stdout }}|{{ .f11 }}"']),
    ...task('t23', [`command: ${JSON.stringify(counted('t23'))}`, 'when: .r21.stdout | contains "first"']),
    ...task('t24', [`command: ${JSON.stringify(counted('t24'))}`]),
    ...task('t25', [`command: ${JSON.stringify(counted('t25'))}`]),
    ...task('t26', [`command: ${JSON.stringify(counted('t26', 'echo {{ .rh2.stdout }}'))}`, 'register: r26']),
    ...task('t27', [
      `command: ${JSON.stringify(counted('t27', 'echo "{{ .r05.stdout }};{{ .f11 }};{{ .f17 }};{{ .r20.stdout }};{{ .f22 }};{{ .r26.stdout }};{{ .shared }}" > {{ .out }}/{{ .inventory_hostname }}/summary'))}`,
    ]),
    '',
  ].join('\n');
}

interface Child {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
}

function spawnKplay(args: readonly string[]): Child {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(repoRoot, 'cli', 'main.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

interface JournalEvent {
  type: string;
  task?: { task: string; handler?: boolean };
  result?: { host: string; status: string; resumed?: boolean };
  resumedFrom?: string;
}

function journal(workDir: string, id: string): JournalEvent[] {
  const text = readFileSync(join(workDir, 'runs', id, 'events.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as JournalEvent];
      } catch {
        return [];
      }
    });
}

function hostResults(events: readonly JournalEvent[]): number {
  return events.filter((e) => e.type === 'host_result').length;
}

/** Comparable report: no durations, no resumed marks, a stable order, `base` (the test's own directory) as <base>. */
function normalise(file: string, base: string): unknown {
  const report = JSON.parse(readFileSync(file, 'utf8').split(base).join('<base>')) as Report;
  const tasks = report.tasks
    .map((t: ReportTask & { resumed?: boolean }) => {
      const { duration_ms: _d, resumed: _r, ...rest } = t;
      return rest;
    })
    .sort((a, b) => JSON.stringify([a.play, a.task, a.host, a.item]).localeCompare(JSON.stringify([b.play, b.task, b.host, b.item])));
  const warnings = (report as Report & { warnings?: { kind: string }[] }).warnings?.filter((w) => w.kind !== 'resume');
  return { ...report, tasks, warnings };
}

/** Per host: how often each task appended to its counter. */
function counters(out: string): Record<string, Record<string, number>> {
  const result: Record<string, Record<string, number>> = {};
  for (const host of HOSTS) {
    const file = join(out, host, 'counter');
    const counts: Record<string, number> = {};
    if (existsSync(file)) for (const id of readFileSync(file, 'utf8').split('\n').filter(Boolean)) counts[id] = (counts[id] ?? 0) + 1;
    result[host] = counts;
  }
  return result;
}

function hostFiles(out: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const host of HOSTS) {
    const dir = join(out, host);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => n !== 'counter')) files[`${host}/${name}`] = readFileSync(join(dir, name), 'utf8');
  }
  return files;
}

describeWithSshd('kplay run --resume over SSH', () => {
  let sshd: SshdHarness;
  let dir: string;

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 3 });
  });
  afterAll(async () => sshd?.stop());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-resume-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const inventory = (): string =>
    writeInventory(dir, Object.fromEntries(HOSTS.map((h, i) => [h, { connector: harnessConnector(sshd, i) }])), { nodes: { hosts: HOSTS } });

  const setup = (name: string): { base: string; playbook: string; out: string; work: string; report: string; args: (extra?: readonly string[]) => string[] } => {
    const base = join(dir, name);
    mkdirSync(base, { recursive: true });
    const playbook = join(base, 'site.yaml');
    writeFileSync(playbook, playbookText());
    const out = join(base, 'out');
    const work = join(base, 'work');
    const report = join(base, 'report.json');
    const inv = inventory();
    return {
      base,
      playbook,
      out,
      work,
      report,
      args: (extra = []) => ['run', playbook, '-i', inv, '-e', `out=${out}`, '--workdir', work, '--report', report, '--known-hosts', sshd.knownHostsFile, '--no-color', ...extra],
    };
  };

  const readReport = (file: string): Report => JSON.parse(readFileSync(file, 'utf8')) as Report;

  test('killed with SIGKILL at ten points and resumed: same files, values and report as an uninterrupted run; no finished task twice', async () => {
    const reference = setup('reference');
    const full = await runKplay(reference.args());
    expect(full.code).toBe(0);
    const referenceReport = normalise(reference.report, reference.base);
    const referenceFiles = hostFiles(reference.out);
    const [referenceId] = readdirSync(join(reference.work, 'runs'));
    const total = hostResults(journal(reference.work, referenceId));
    // The registered values and facts reached the last task (each line comes from a register or set_fact).
    expect(referenceFiles['h2/summary'].split(';')).toEqual([
      expect.stringMatching(/^item-c-first-h2\+b-h2\+\w+$/),
      'rescued-h2',
      'from-h1/false',
      'from-h1/false',
      expect.stringMatching(/^first-h2\+b-h2\+\w+\|rescued-h2$/),
      'handled',
      'from-h1\n',
    ]);
    expect(referenceFiles['h3/summary'].split(';')[2]).toBe('from-h1/true');
    expect(Object.values(counters(reference.out)).every((c) => Object.values(c).every((n) => n === 1))).toBe(true);

    for (let point = 1; point <= 10; point++) {
      const killAt = Math.max(1, Math.floor((total * point) / 11));
      const run = setup(`kill-${point}`);
      const killed = spawnKplay(run.args());
      // SIGKILL once the journal shows `killAt` results.
      for (;;) {
        const runs = existsSync(join(run.work, 'runs')) ? readdirSync(join(run.work, 'runs')) : [];
        if (runs.length > 0 && existsSync(join(run.work, 'runs', runs[0], 'events.jsonl')) && hostResults(journal(run.work, runs[0])) >= killAt) break;
        if (killed.child.exitCode !== null) throw new Error(`kplay ended before kill point ${killAt}:\n${killed.output()}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      killed.child.kill('SIGKILL');
      await killed.exited;
      const [killedId] = readdirSync(join(run.work, 'runs'));
      const killedEvents = journal(run.work, killedId);
      expect(killedEvents.some((e) => e.type === 'run_end')).toBe(false);
      // Every task the killed run reported as ended, on each host it had finished on: a task is
      // recorded before its end is reported (a host's result may be recorded earlier).
      const finished = new Set<string>();
      let inTask: string[] = [];
      for (const e of killedEvents) {
        if (e.type === 'task_start') inTask = [];
        if (e.type === 'host_result') inTask.push(`${e.result?.host}:${e.task?.task}`);
        if (e.type === 'task_end') for (const f of inTask) finished.add(f);
      }
      // The kill points spread over the whole run (both plays, the serial batches, the handlers).
      expect(finished.size).toBeGreaterThanOrEqual(killAt - HOSTS.length);
      expect(finished.size).toBeLessThan(total);

      const resumed = await runKplay(['run', '--resume', '--workdir', run.work, '--report', run.report, '--known-hosts', sshd.knownHostsFile, '--no-color']);
      expect({ point, killAt, code: resumed.code, out: resumed.stderr }).toMatchObject({ code: 0 });
      const ids = readdirSync(join(run.work, 'runs')).sort();
      expect(ids).toHaveLength(2);
      const resumedEvents = journal(run.work, ids[1]);
      expect(resumedEvents[0]).toMatchObject({ type: 'run_start', resumedFrom: killedId });
      // What had finished shows as resumed, nothing else does.
      const shownResumed = new Set(resumedEvents.filter((e) => e.type === 'host_result' && e.result?.resumed === true).map((e) => `${e.result?.host}:${e.task?.task}`));
      expect({ point, notResumed: [...finished].filter((f) => !shownResumed.has(f)) }).toEqual({ point, notResumed: [] });

      expect(hostFiles(run.out)).toEqual(referenceFiles);
      expect(normalise(run.report, run.base)).toEqual(referenceReport);
      // No task that had finished ran twice: only the one in flight on a host when the kill came
      // (not reported as ended) may have appended twice.
      for (const [host, counts] of Object.entries(counters(run.out))) {
        const twice = Object.entries(counts).filter(([, n]) => n > 1);
        expect({ point, host, twice: twice.filter(([id]) => finished.has(`${host}:${id.replace(/-[abc]$/, '')}`)) }).toEqual({ point, host, twice: [] });
        // One task at most (a loop task re-run from its first item appends each finished item again).
        expect(new Set(twice.map(([id]) => id.replace(/-[abc]$/, ''))).size).toBeLessThanOrEqual(1);
        expect(Object.values(counts).every((n) => n <= 2)).toBe(true);
        expect(Object.keys(counts).sort()).toEqual(Object.keys(counters(reference.out)[host]).sort());
      }
    }
  }, 900_000);

  test('a bad config value fails one host; after the fix the resume runs only the remaining tasks', async () => {
    const base = join(dir, 'config');
    mkdirSync(base);
    const out = join(base, 'out');
    const work = join(base, 'work');
    const playbook = join(base, 'site.yaml');
    const config = join(base, 'config.yaml');
    const writeConfig = (value: string) =>
      writeFileSync(config, JSON.stringify({ apiVersion: 'kubekey.kubesphere.io/v1', kind: 'Config', metadata: { name: 'c' }, spec: { port_for: { h1: 80, h2: 80, h3: value } } }));
    writeConfig('eighty');
    const step = (id: string, work = 'true') => `    - name: ${id}\n      command: ${JSON.stringify(counted(id, work))}\n`;
    writeFileSync(
      playbook,
      [
        '- hosts: nodes',
        '  gather_facts: false',
        '  tasks:',
        '    - name: mkdir',
        '      command: mkdir -p {{ .out }}/{{ .inventory_hostname }}',
        step('s1', 'echo one').trimEnd(),
        '      register: one',
        // Checks the value before counting: a failed check did not count.
        '    - name: s2',
        `      command: sh -c 'test "{{ index .port_for .inventory_hostname }}" -gt 0 2>/dev/null && echo s2 >> {{ .out }}/{{ .inventory_hostname }}/counter'`,
        step('s3', 'echo {{ .one.stdout }}-{{ index .port_for .inventory_hostname }} > {{ .out }}/{{ .inventory_hostname }}/port').trimEnd(),
        step('s4').trimEnd(),
        '',
      ].join('\n'),
    );
    const inv = inventory();
    const args = ['-c', config, '--workdir', work, '--known-hosts', sshd.knownHostsFile, '--no-color'];
    const failed = await runKplay(['run', playbook, '-i', inv, '-e', `out=${out}`, ...args]);
    expect(failed.code).toBe(2);
    expect(counters(out)).toEqual({ h1: { s1: 1, s2: 1, s3: 1, s4: 1 }, h2: { s1: 1, s2: 1, s3: 1, s4: 1 }, h3: { s1: 1 } });

    writeConfig('8080');
    const report = join(base, 'report.json');
    const resumed = await runKplay(['run', '--resume', ...args, '--report', report]);
    expect({ code: resumed.code, stderr: resumed.stderr }).toMatchObject({ code: 0 });
    expect(resumed.stdout).toContain('changed since: config');
    expect(resumed.stdout).toContain('retried from the task where they failed: h3');
    expect(counters(out)).toEqual({ h1: { s1: 1, s2: 1, s3: 1, s4: 1 }, h2: { s1: 1, s2: 1, s3: 1, s4: 1 }, h3: { s1: 1, s2: 1, s3: 1, s4: 1 } });
    expect(readFileSync(join(out, 'h3', 'port'), 'utf8')).toBe('one-8080\n');
    const r = readReport(report) as Report & { tasks: (ReportTask & { resumed?: boolean })[] };
    expect(r.status).toBe('succeeded');
    expect(r.stats.h3).toMatchObject({ ok: 5, changed: 5, failed: 0 });
    // h3's s1 had finished: shown with its original result, not run again.
    expect(r.tasks.filter((t) => t.resumed === true).map((t) => `${t.host}:${t.task}`).sort()).toEqual(
      ['h1:mkdir', 'h1:s1', 'h1:s2', 'h1:s3', 'h1:s4', 'h2:mkdir', 'h2:s1', 'h2:s2', 'h2:s3', 'h2:s4', 'h3:mkdir', 'h3:s1'].sort(),
    );
    expect(r.tasks.find((t) => t.host === 'h3' && t.task === 's1')?.stdout).toBe('one\n');

    // Resuming the run that succeeded says so and runs nothing.
    const again = await runKplay(['run', '--resume', ...args]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/succeeded: there is nothing to resume/);
    expect(counters(out).h3).toEqual({ s1: 1, s2: 1, s3: 1, s4: 1 });
  }, 300_000);

  test('a playbook edited before the resume point is refused with the file; --force resumes anyway', async () => {
    const run = setup('edited');
    const guard = JSON.stringify('test -z "{{ .boom | default "" }}"');
    writeFileSync(run.playbook, playbookText().replace('    - name: t13\n', `    - name: t12b\n      command: ${guard}\n    - name: t13\n`));
    const first = await runKplay(run.args(['-e', 'boom=1']));
    expect(first.code).toBe(2);
    const countsBefore = counters(run.out);
    expect(countsBefore.h1.t02).toBe(1);
    expect(countsBefore.h1.t13).toBeUndefined();
    writeFileSync(run.playbook, readFileSync(run.playbook, 'utf8').replace('echo first-', 'echo First-'));
    const resumeArgs = ['run', '--resume', '--workdir', run.work, '-e', `out=${run.out}`, '--known-hosts', sshd.knownHostsFile, '--no-color'];
    const refused = await runKplay(resumeArgs);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('the playbook changed before the resume point');
    expect(refused.stderr).toContain(run.playbook);
    expect(refused.stderr).toContain('KP-RUN-011');
    expect(counters(run.out)).toEqual(countsBefore);
    expect(readdirSync(join(run.work, 'runs'))).toHaveLength(1);

    const forced = await runKplay([...resumeArgs, '--force']);
    expect({ code: forced.code, out: forced.stdout }).toMatchObject({ code: 0 });
    expect(forced.stdout).toContain('--force: resuming although these files changed');
    // t02 had finished everywhere: not run again although its command changed; t13 ran once.
    for (const host of HOSTS) expect(counters(run.out)[host]).toMatchObject({ t02: 1, t13: 1, t27: 1 });
    expect(readFileSync(join(run.out, 'h1', 'summary'), 'utf8')).toMatch(/^item-c-first-h1/);
  }, 300_000);
});
