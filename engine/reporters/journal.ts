import { chmodSync, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, RunEvent } from '../events/types';
import { jsonReplacer } from './json-lines';

/** How long a line may wait for the lines after it (a long task's host results) before it is written. */
const FLUSH_MS = 200;
/** Queued text that is written at once, whatever the event. */
const FLUSH_CHARS = 64 * 1024;

/**
 * Every run's events, appended to `<workdir>/runs/<run-id>/events.jsonl`. The journal holds full
 * command output, so the run directories are 0700 and the file 0600 whatever the umask.
 *
 * Lines are queued and appended together with one write(2): at once for the start and the end of
 * the run and of every task, otherwise at the latest FLUSH_MS after the first queued line. A write
 * per event cost more than the run's own work on short commands; readers (`kplay runs`, `kplay
 * web` following a run of the CLI) see whole lines, at most one task or FLUSH_MS behind.
 */
export class JournalReporter implements Reporter {
  private readonly fd: number;
  private queued: string[] = [];
  private chars = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly path: string;

  constructor(workDir: string, runId: string) {
    const runs = join(workDir, 'runs');
    const dir = join(runs, runId);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Directories made by older versions (or by mkdir -p) may be 0755.
    chmodSync(runs, 0o700);
    chmodSync(dir, 0o700);
    this.path = join(dir, 'events.jsonl');
    this.fd = openSync(this.path, 'a', 0o600);
  }

  handle(event: RunEvent): void {
    const line = `${JSON.stringify(event, jsonReplacer)}\n`;
    this.queued.push(line);
    this.chars += line.length;
    if (this.chars >= FLUSH_CHARS || event.type === 'run_start' || event.type === 'task_end' || event.type === 'run_end') this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  private flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.queued.length === 0) return;
    const data = Buffer.from(this.queued.length === 1 ? this.queued[0] : this.queued.join(''), 'utf8');
    this.queued = [];
    this.chars = 0;
    let offset = 0;
    while (offset < data.length) offset += writeSync(this.fd, data, offset);
  }

  close(): Promise<void> {
    try {
      this.flush();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      closeSync(this.fd);
    }
  }
}
