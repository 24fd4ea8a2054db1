import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostResult, RunEvent, TaskRef } from '../events/types';
import { JournalReporter } from './journal';

const T = '2026-12-08T00:00:00.000Z';
const task: TaskRef = { play: 'p', task: 't1', source: 'site.yaml:3', module: 'command' };
const result = (host: string): HostResult => ({ host, status: 'changed', changed: true, rc: 0, stdout: 'out', stderr: '', durationMs: 1 });

describe('JournalReporter', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'kplay-journal-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const lines = (journal: JournalReporter): RunEvent[] =>
    readFileSync(journal.path, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as RunEvent);

  test('whole lines in order: the run start at once, a task with its end, the rest when closed', async () => {
    const journal = new JournalReporter(work, 'run-1');
    expect(statSync(journal.path).mode & 0o777).toBe(0o600);
    journal.handle({ type: 'run_start', runId: 'run-1', playbook: 'site.yaml', check: false, time: T, pid: 42 });
    expect(lines(journal).map((e) => e.type)).toEqual(['run_start']);

    journal.handle({ type: 'task_start', task, hosts: ['h1', 'h2'], time: T });
    journal.handle({ type: 'host_result', task, result: result('h1'), time: T });
    journal.handle({ type: 'host_result', task, result: result('h2'), time: T });
    journal.handle({ type: 'task_end', task, durationMs: 3, time: T });
    const afterTask = lines(journal);
    expect(afterTask.map((e) => e.type)).toEqual(['run_start', 'task_start', 'host_result', 'host_result', 'task_end']);
    expect(afterTask[3]).toEqual({ type: 'host_result', task, result: result('h2'), time: T });

    journal.handle({ type: 'warning', warning: { kind: 'condition', message: 'm' }, time: T });
    await journal.close();
    expect(lines(journal).map((e) => e.type)).toEqual(['run_start', 'task_start', 'host_result', 'host_result', 'task_end', 'warning']);
  });

  test('a line waiting for its task to end is written within the flush period', async () => {
    const journal = new JournalReporter(work, 'run-2');
    journal.handle({ type: 'run_start', runId: 'run-2', playbook: 'site.yaml', check: false, time: T });
    journal.handle({ type: 'host_result', task, result: result('h1'), time: T });
    for (let i = 0; i < 100 && lines(journal).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(lines(journal).map((e) => e.type)).toEqual(['run_start', 'host_result']);
    await journal.close();
  });
});
