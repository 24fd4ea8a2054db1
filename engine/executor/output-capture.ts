/**
 * Bounds the command output a run keeps (docs/cli.md#command-output): a module's commands keep at
 * most OUTPUT_CAP_BYTES of stdout and of stderr in memory, results, reports and journals; a stream
 * that goes past it is written whole to `<run dir>/output/` (0600) and its path joins the result.
 * The file is redacted as it is written, like every other output (docs/security.md#where).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Connector, ExecOptions, ExecResult } from '../connectors/types';
import { withExec } from '../connectors/with-exec';
import type { Redactor, StreamRedactor } from './redactor';

/** Output of each stream of one command kept in memory and in results: 1 MiB. */
export const OUTPUT_CAP_BYTES = 1024 * 1024;

/** One stream of one command: held in memory up to the cap, then spilled whole to its file. */
class Spill {
  private held: Buffer[] = [];
  private size = 0;
  private fd?: number;
  path?: string;

  constructor(
    private readonly file: (() => string) | undefined,
    private readonly cap: number,
    private readonly redactor: StreamRedactor | undefined,
  ) {}

  write(chunk: Buffer): void {
    if (this.fd !== undefined) return this.writeOut(chunk);
    if (this.file === undefined || this.path !== undefined) return;
    this.size += chunk.length;
    this.held.push(chunk);
    if (this.size <= this.cap) return;
    const path = this.file();
    this.path = path;
    this.fd = openSync(path, 'wx', 0o600);
    for (const held of this.held) this.writeOut(held);
    this.held = [];
  }

  private writeOut(chunk: Buffer): void {
    writeWhole(this.fd as number, this.redactor === undefined ? chunk : this.redactor.push(chunk));
  }

  close(): void {
    this.held = [];
    if (this.fd !== undefined) {
      if (this.redactor !== undefined) writeWhole(this.fd, this.redactor.end());
      closeSync(this.fd);
    }
    this.fd = undefined;
  }
}

/** Synchronous, so a fast producer cannot pile up unwritten chunks in memory. */
function writeWhole(fd: number, chunk: Buffer): void {
  let offset = 0;
  while (offset < chunk.length) offset += writeSync(fd, chunk, offset);
}

/** The output files of one run; `dir` undefined keeps the cap but writes no file. */
export class OutputFiles {
  private seq = 0;
  private made = false;

  constructor(
    private readonly dir: string | undefined,
    private readonly cap = OUTPUT_CAP_BYTES,
    private readonly redactor?: Redactor,
  ) {}

  /** Output capture for one module run on `host`; `noLog` keeps the cap but writes no file. */
  forModule(host: string, noLog = false): ModuleOutput {
    return new ModuleOutput((stream) => this.pathFor(host, stream), this.cap, this.dir !== undefined && !noLog, this.redactor);
  }

  private pathFor(host: string, stream: 'stdout' | 'stderr'): string {
    const dir = this.dir as string;
    if (!this.made) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      this.made = true;
    }
    this.seq++;
    const safeHost = host.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
    return join(dir, `${String(this.seq).padStart(5, '0')}-${safeHost}.${stream}`);
  }
}

export class ModuleOutput {
  /** The files written so far, the last command's winning. */
  private readonly written: { stdout?: string; stderr?: string } = {};

  constructor(
    private readonly pathFor: (stream: 'stdout' | 'stderr') => string,
    private readonly cap: number,
    private readonly toFiles: boolean,
    private readonly redactor?: Redactor,
  ) {}

  get stdoutFile(): string | undefined {
    return this.written.stdout;
  }

  get stderrFile(): string | undefined {
    return this.written.stderr;
  }

  /** `connector` with every exec bounded and streamed; everything else passes through. */
  wrap(connector: Connector): Connector {
    return withExec(connector, (command: string, options: ExecOptions = {}): Promise<ExecResult> => this.exec(connector, command, options));
  }


  private async exec(connector: Connector, command: string, options: ExecOptions): Promise<ExecResult> {
    const cap = Math.min(options.maxOutputBytes ?? this.cap, this.cap);
    const files = this.toFiles ? { stdout: () => this.pathFor('stdout'), stderr: () => this.pathFor('stderr') } : undefined;
    const out = new Spill(files?.stdout, cap, this.redactor?.streamRedactor());
    const err = new Spill(files?.stderr, cap, this.redactor?.streamRedactor());
    try {
      const result = await connector.exec(command, {
        ...options,
        maxOutputBytes: cap,
        onStdout: (chunk) => {
          out.write(chunk);
          options.onStdout?.(chunk);
        },
        onStderr: (chunk) => {
          err.write(chunk);
          options.onStderr?.(chunk);
        },
      });
      if (out.path !== undefined) this.written.stdout = out.path;
      if (err.path !== undefined) this.written.stderr = err.path;
      return {
        ...result,
        ...(out.path !== undefined ? { stdoutFile: out.path } : {}),
        ...(err.path !== undefined ? { stderrFile: err.path } : {}),
      };
    } finally {
      out.close();
      err.close();
    }
  }
}
