import { chmodSync, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, RunEvent } from '../events/types';
import { jsonReplacer } from './json-lines';

/**
 * Every run's events, appended to `<workdir>/runs/<run-id>/events.jsonl`. The journal holds full
 * command output, so the run directories are 0700 and the file 0600 whatever the umask.
 */
export class JournalReporter implements Reporter {
  private readonly stream: WriteStream;
  readonly path: string;

  constructor(workDir: string, runId: string) {
    const runs = join(workDir, 'runs');
    const dir = join(runs, runId);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Directories made by older versions (or by mkdir -p) may be 0755.
    chmodSync(runs, 0o700);
    chmodSync(dir, 0o700);
    this.path = join(dir, 'events.jsonl');
    this.stream = createWriteStream(this.path, { flags: 'a', mode: 0o600 });
  }

  handle(event: RunEvent): void {
    this.stream.write(`${JSON.stringify(event, jsonReplacer)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
