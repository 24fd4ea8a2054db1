import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, RunEvent } from '../events/types';
import { jsonReplacer } from './json-lines';

/** Every run's events, appended to `<workdir>/runs/<run-id>/events.jsonl`. */
export class JournalReporter implements Reporter {
  private readonly stream: WriteStream;
  readonly path: string;

  constructor(workDir: string, runId: string) {
    const dir = join(workDir, 'runs', runId);
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, 'events.jsonl');
    this.stream = createWriteStream(this.path, { flags: 'a' });
  }

  handle(event: RunEvent): void {
    this.stream.write(`${JSON.stringify(event, jsonReplacer)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
