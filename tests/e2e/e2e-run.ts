import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay, type CliRun } from '../helpers/cli';
import type { ReportTask as WrittenTask } from '../../engine/reporters/report-file';

/** One entry of the `--report` file's `tasks` list (as JSON: items are plain values). */
export type ReportTask = Omit<WrittenTask, 'item'> & { item?: unknown };

export interface Report {
  status: 'succeeded' | 'failed';
  check: boolean;
  detail: Record<string, unknown>;
  stats: Record<string, Record<'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable' | 'rescued' | 'ignored', number>>;
  tasks: ReportTask[];
  error?: string;
}

export interface FixtureRun extends CliRun {
  readonly report: Report;
  /** Hosts of a task's results, in report order. */
  hostsOf(task: string): string[];
  /** Status per host of a task, optionally in one play (last result wins for looped tasks). */
  statusOf(task: string, play?: string): Record<string, string>;
  /** Every line of the run's journal(s) in the workdir. */
  journal(): string;
}

/**
 * A scratch directory per test: `out` for files the playbooks write (passed as `-e out=…`),
 * `work` for journals, `report.json` for the report.
 */
export class Scratch {
  readonly dir = mkdtempSync(join(tmpdir(), 'kplay-e2e-'));
  readonly out = join(this.dir, 'out');

  constructor(private readonly project: string) {}

  read(...parts: string[]): string {
    return readFileSync(join(this.out, ...parts), 'utf8');
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  async run(playbook: string, extra: readonly string[] = [], inventory = 'inventory.yaml'): Promise<FixtureRun> {
    const reportFile = join(this.dir, 'report.json');
    rmSync(reportFile, { force: true });
    const result = await runKplay([
      'run',
      join(this.project, 'playbooks', playbook),
      '-i',
      inventory.startsWith('/') ? inventory : join(this.project, inventory),
      '-e',
      `out=${this.out}`,
      '--workdir',
      join(this.dir, 'work'),
      '--report',
      reportFile,
      ...extra,
    ]);
    let report: Report;
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    } catch {
      report = { status: 'failed', check: false, detail: {}, stats: {}, tasks: [] };
    }
    const workDir = join(this.dir, 'work');
    return {
      ...result,
      report,
      hostsOf: (task) => report.tasks.filter((t) => t.task === task).map((t) => t.host),
      statusOf: (task, play) =>
        Object.fromEntries(report.tasks.filter((t) => t.task === task && (play === undefined || t.play === play)).map((t) => [t.host, t.status])),
      journal: () => {
        const runs = join(workDir, 'runs');
        return readdirSync(runs)
          .map((id) => readFileSync(join(runs, id, 'events.jsonl'), 'utf8'))
          .join('');
      },
    };
  }
}

/**
 * The report's results of one play as runs of the same task: `[["a", ["h1","h2"]], ["b", …]]`.
 * Hosts inside a run are sorted (they finish in any order); the runs keep report order, which is
 * what makes serial batches visible.
 */
export function taskRuns(report: Report, play: string): [string, string[]][] {
  const runs: [string, string[]][] = [];
  for (const t of report.tasks.filter((e) => e.play === play)) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0] === t.task && !last[1].includes(t.host)) last[1].push(t.host);
    else runs.push([t.task, [t.host]]);
  }
  for (const run of runs) run[1].sort();
  return runs;
}
