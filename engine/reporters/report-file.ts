import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HostResult, Reporter, RunEvent, TaskRef } from '../events/types';
import type { GoValue } from '../core/values';
import { jsonReplacer } from './json-lines';

export interface ReportTask {
  play: string;
  role?: string;
  task: string;
  host: string;
  status: string;
  item?: GoValue;
  rc?: number;
  stdout: string;
  stderr: string;
  /** The whole output, when `stdout`/`stderr` hold only its first 1 MiB. */
  stdout_file?: string;
  stderr_file?: string;
  msg?: string;
  /** Why a result is skipped or unknown (check mode), so the report explains itself. */
  reason?: string;
  duration_ms: number;
  source: string;
  /** Finished in the run this one resumed: the original result, not run again (`--resume`). */
  resumed?: boolean;
}

/** One entry of the report's `warnings`: what, where (`file:line:col`), for which host and task. */
export interface ReportWarning {
  kind: string;
  message: string;
  source?: string;
  host?: string;
  play?: string;
  task?: string;
  variable?: string;
}

/** `--report FILE.json`: the run's outcome, written atomically when the run ends. */
export class ReportFileReporter implements Reporter {
  private readonly tasks: ReportTask[] = [];
  private readonly warnings: ReportWarning[] = [];
  private report: Record<string, unknown> | undefined;
  private check = false;

  constructor(private readonly file: string) {}

  handle(event: RunEvent): void {
    if (event.type === 'run_start') this.check = event.check;
    if (event.type === 'host_result') this.addResult(event.task, event.result);
    if (event.type === 'warning') this.warnings.push({ ...event.warning });
    if (event.type === 'run_end') {
      this.report = {
        status: event.status,
        check: this.check,
        detail: event.detail ?? {},
        stats: event.stats,
        tasks: this.tasks,
        warnings: this.warnings,
        ...(event.error !== undefined ? { error: event.error } : {}),
      };
    }
  }

  private addResult(task: TaskRef, r: HostResult): void {
    const entries = r.items !== undefined && r.items.length > 0 ? r.items : [r];
    for (const e of entries) {
      this.tasks.push({
        play: task.play,
        ...(task.role !== undefined ? { role: task.role } : {}),
        task: task.task,
        host: e.host,
        status: e.status,
        ...(e.item !== undefined ? { item: e.item } : {}),
        ...(e.rc !== undefined ? { rc: e.rc } : {}),
        stdout: e.stdout,
        stderr: e.stderr,
        ...(e.stdoutFile !== undefined ? { stdout_file: e.stdoutFile } : {}),
        ...(e.stderrFile !== undefined ? { stderr_file: e.stderrFile } : {}),
        ...(e.msg !== undefined ? { msg: e.msg } : {}),
        ...(e.reason !== undefined ? { reason: e.reason } : {}),
        duration_ms: e.durationMs,
        source: task.source,
        ...(r.resumed === true ? { resumed: true } : {}),
      });
    }
  }

  async close(): Promise<void> {
    if (this.report === undefined) return;
    // The report holds full command output: new directories 0700, the file 0600.
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp-${process.pid}`;
    await writeFile(tmp, `${JSON.stringify(this.report, jsonReplacer, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.file);
  }
}
