/**
 * `kplay runs list | show | prune` read the journals real runs wrote (docs/cli.md#kplay-runs);
 * a journal cut off without run_end (a killed process) shows as interrupted.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';

interface ListedRun {
  id: string;
  command?: string;
  state: string;
  check: boolean;
  hosts: string[];
  durationMs?: number;
  exitCode?: number;
}

describe('kplay runs', () => {
  let dir: string;
  let work: string;
  let playbook: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-runs-'));
    work = join(dir, 'work');
    playbook = join(dir, 'site.yaml');
    writeFileSync(
      playbook,
      [
        '- name: one',
        '  hosts: localhost',
        '  gather_facts: false',
        '  tasks:',
        '    - name: say',
        '      command: echo hello',
        '    - name: break',
        '      command: "false"',
        '      when: .fail | default false',
        '      check_mode: false',
        '',
      ].join('\n'),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const list = async (): Promise<ListedRun[]> => {
    const out = await runKplay(['runs', 'list', '--output', 'json', '--workdir', work]);
    expect(out.code).toBe(0);
    return JSON.parse(out.stdout) as ListedRun[];
  };

  test('list and show cover succeeded, failed and killed runs', async () => {
    expect((await runKplay(['run', playbook, '--workdir', work])).code).toBe(0);
    const report = join(dir, 'report.json');
    expect((await runKplay(['run', playbook, '--workdir', work, '-e', 'fail=true', '--check', '--report', report])).code).toBe(2);

    // A third run whose process died right after starting: run_start, play_start and half a line.
    const [first] = readdirSync(join(work, 'runs')).sort();
    const firstLines = readFileSync(join(work, 'runs', first, 'events.jsonl'), 'utf8').split('\n');
    const killedId = '2999-01-01T00-00-00-000Z-dead00';
    mkdirSync(join(work, 'runs', killedId));
    // pid 2^22+1 is above Linux's pid_max default range: no such process.
    const start = { ...(JSON.parse(firstLines[0]) as Record<string, unknown>), runId: killedId, pid: 4194305 };
    writeFileSync(join(work, 'runs', killedId, 'events.jsonl'), `${JSON.stringify(start)}\n${firstLines[1]}\n`);
    appendFileSync(join(work, 'runs', killedId, 'events.jsonl'), '{"type":"task_st');

    const runs = await list();
    expect(runs.map((r) => [r.command, r.state, r.check, r.hosts, r.exitCode])).toEqual([
      ['run', 'succeeded', false, ['localhost'], 0],
      ['run', 'failed', true, ['localhost'], 2],
      ['run', 'interrupted', false, ['localhost'], undefined],
    ]);
    expect(runs[0].durationMs).toEqual(expect.any(Number));

    const text = await runKplay(['runs', 'list', '--workdir', work]);
    expect(text.stdout.split('\n')[0]).toMatch(/^ID\s+COMMAND\s+STARTED\s+DURATION\s+STATUS\s+HOSTS\s+MODE$/);
    expect(text.stdout).toContain('interrupted');

    const show = await runKplay(['runs', 'show', runs[1].id, '--workdir', work]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('status:    failed (exit 2)');
    expect(show.stdout).toContain(`report:    ${report}`);
    expect(show.stdout).toMatch(/FAILED TASKS\nfailed: \[localhost\] one \/ break \(.*site\.yaml:7\): /);
    // A check run: the command it did not run is unknown (docs/cli.md#unknown-values-in-check-mode).
    expect(show.stdout).toMatch(/localhost\s+: ok=0 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0 unknown=1/);

    const json = await runKplay(['runs', 'show', 'last', '--output', 'json', '--workdir', work]);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: killedId, state: 'interrupted' });

    expect((await runKplay(['runs', 'show', 'nope', '--workdir', work])).code).toBe(5);
  });

  test('prune keeps the N newest runs and never the newest unfinished one', async () => {
    expect((await runKplay(['run', playbook, '--workdir', work, '-e', 'fail=true'])).code).toBe(2);
    for (let i = 0; i < 3; i++) expect((await runKplay(['run', playbook, '--workdir', work])).code).toBe(0);
    const before = await list();
    expect(before.map((r) => r.state)).toEqual(['failed', 'succeeded', 'succeeded', 'succeeded']);
    const pruned = await runKplay(['runs', 'prune', '--keep', '1', '--workdir', work]);
    expect(pruned.stdout).toBe('removed 2 runs\n');
    // The failed run stays: it is the one `--resume last` would continue.
    expect((await list()).map((r) => r.id)).toEqual([before[0].id, before[3].id]);
    expect((await runKplay(['runs', 'prune', '--keep', 'x', '--workdir', work])).code).toBe(5);
  });
});
