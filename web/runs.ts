/**
 * Runs started from the page: each one is an ordinary engine run (the journal, the redaction and
 * the events are the CLI's), whose `--output json` lines are kept in memory so that any number of
 * event streams can replay them from the start and then follow. Cancelling aborts the run's
 * signal, exactly what Ctrl-C does in the terminal.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { ExitCode, JsonLinesReporter, type Diagnostic, type Engine, type RunOptions } from '../engine';
import { toApiDiagnostic, type ApiDiagnostic } from './documents';
import { summarize, type RunSummary } from './journal';
import type { Workspace } from './workspace';

/** What a run asks for, as `POST /api/v1/runs` takes it (names of stored documents, not paths). */
export interface RunRequestBody {
  readonly playbook?: string;
  readonly command?: 'create-cluster' | 'precheck';
  readonly inventory?: string;
  readonly config?: string;
  readonly check?: boolean;
  readonly diff?: boolean;
  readonly tags?: readonly string[];
  readonly limit?: string;
  readonly extra_vars?: Record<string, unknown>;
}

/** The request a hosted command hands back to run a playbook (the cluster commands' shape). */
export interface HostedRunRequest extends RunOptions {
  readonly output: 'text' | 'json';
}

/** A command of an application the CLI hosts (`create cluster`, `precheck`), given its argv. */
export type HostedCommand = (
  argv: readonly string[],
  ctx: { readonly io: { readonly stdout: NodeJS.WritableStream; readonly stderr: NodeJS.WritableStream }; runPlaybook(request: HostedRunRequest): Promise<number> },
) => Promise<number>;

export type StartOutcome =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly status: 400 | 422; readonly message: string; readonly diagnostics: readonly ApiDiagnostic[] };

type Listener = (line: string | undefined) => void;

export class LiveRun {
  readonly lines: string[] = [];
  readonly abort = new AbortController();
  private readonly listeners = new Set<Listener>();
  id: string | undefined;
  done = false;
  exitCode: number | undefined;

  /** Every line so far, then `listener` for each new one and `undefined` at the end. */
  follow(from: number, listener: Listener): () => void {
    for (let i = from; i < this.lines.length; i++) listener(this.lines[i]);
    if (this.done) {
      listener(undefined);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  push(line: string): void {
    this.lines.push(line);
    for (const l of this.listeners) l(line);
  }

  finish(exitCode: number): void {
    this.done = true;
    this.exitCode = exitCode;
    for (const l of this.listeners) l(undefined);
    this.listeners.clear();
  }
}

/** Turns the JSON-lines reporter's output back into lines. */
class LineSink extends Writable {
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {
    super({ decodeStrings: false });
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : String(chunk));
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) if (p !== '') this.onLine(p);
    callback();
  }
}

export interface RunManagerOptions {
  readonly workspace: Workspace;
  readonly engine: Engine;
  readonly commands: Partial<Record<'create-cluster' | 'precheck', HostedCommand>>;
  /** SSH known-hosts file for the runs; the engine's default otherwise. */
  readonly knownHostsFile?: string;
}

/** Finished runs kept in memory; older ones are served from their journals like any other. */
const KEEP_FINISHED = 20;

export class RunManager {
  private readonly live = new Map<string, LiveRun>();
  private readonly finished: string[] = [];
  /** Every run this server started, including those no longer kept in memory. */
  private readonly ours = new Set<string>();

  constructor(private readonly options: RunManagerOptions) {}

  startedHere(id: string): boolean {
    return this.ours.has(id);
  }

  get(id: string): LiveRun | undefined {
    return this.live.get(id);
  }

  summaries(): RunSummary[] {
    const out: RunSummary[] = [];
    for (const [id, run] of this.live) {
      const s = summarize(id, run.lines);
      if (s !== undefined) out.push({ ...s, origin: 'web' });
    }
    return out;
  }

  /** Aborts a live run; false when it is unknown or already over. */
  cancel(id: string): 'cancelled' | 'unknown' | 'finished' {
    const run = this.live.get(id);
    if (run === undefined) return 'unknown';
    if (run.done) return 'finished';
    run.abort.abort();
    return 'cancelled';
  }

  /** Stops every live run (server shutdown). */
  cancelAll(): void {
    for (const run of this.live.values()) if (!run.done) run.abort.abort();
  }

  async whenDone(id: string): Promise<void> {
    const run = this.live.get(id);
    if (run === undefined || run.done) return;
    await new Promise<void>((resolve) => run.follow(run.lines.length, (line) => line === undefined && resolve()));
  }

  /**
   * Loads and starts a run; resolves once it has its id (its first event) or once loading has
   * failed, with the positioned diagnostics.
   */
  async start(body: RunRequestBody, paths: { inventory?: string; config?: string }): Promise<StartOutcome> {
    const { workspace } = this.options;
    const run = new LiveRun();
    const diagnostics: Diagnostic[] = [];
    const stderr: string[] = [];
    let started!: () => void;
    const startedPromise = new Promise<void>((resolve) => (started = resolve));
    const sink = new LineSink((line) => {
      if (run.id === undefined) {
        const first = JSON.parse(line) as { type: string; runId?: string };
        if (first.type === 'run_start' && typeof first.runId === 'string') {
          run.id = first.runId;
          this.live.set(run.id, run);
          this.ours.add(run.id);
          started();
        }
      }
      run.push(line);
    });
    const reporter = new JsonLinesReporter(sink);

    const runPlaybook = async (request: RunOptions): Promise<number> => {
      const loaded = this.options.engine.load(request);
      diagnostics.push(...loaded.diagnostics);
      if (!loaded.ok) {
        if (loaded.exitCode === ExitCode.badOptions) stderr.push(loaded.message);
        return loaded.exitCode;
      }
      const result = await this.options.engine.execute(loaded.run, request, { reporters: [reporter], signal: run.abort.signal });
      return result.exitCode;
    };

    const common = {
      check: body.check ?? false,
      diff: body.diff ?? false,
      workDir: workspace.root,
      ...(this.options.knownHostsFile !== undefined ? { knownHostsFile: this.options.knownHostsFile } : {}),
    };
    const extraVars = body.extra_vars !== undefined && Object.keys(body.extra_vars).length > 0 ? [JSON.stringify(body.extra_vars)] : [];

    let task: Promise<number>;
    if (body.command !== undefined) {
      const command = this.options.commands[body.command];
      if (command === undefined) return { ok: false, status: 400, message: `command "${body.command}" is not available in this server`, diagnostics: [] };
      const argv = [
        ...(paths.inventory !== undefined ? ['-i', paths.inventory] : []),
        ...(paths.config !== undefined ? ['-c', paths.config] : []),
        ...(common.check ? ['--check'] : []),
        ...(common.diff ? ['--diff'] : []),
        '--workdir',
        workspace.root,
        ...(common.knownHostsFile !== undefined ? ['--known-hosts', common.knownHostsFile] : []),
        ...extraVars.flatMap((e) => ['-e', e]),
        // precheck takes its areas as arguments; create cluster has no tags of its own.
        ...(body.command === 'precheck' ? (body.tags ?? []) : []),
      ];
      const text = (sink: string[]) =>
        new Writable({
          write(chunk: Buffer | string, _enc, cb) {
            sink.push(String(chunk));
            cb();
          },
        });
      task = command(argv, { io: { stdout: text([]), stderr: text(stderr) }, runPlaybook: (request) => runPlaybook({ ...request, ...(body.limit !== undefined ? { limit: body.limit } : {}) }) });
    } else {
      const playbook = resolve(workspace.project, body.playbook ?? '');
      const inside = relative(workspace.project, playbook);
      if (body.playbook === undefined || body.playbook === '' || inside.startsWith('..') || isAbsolute(inside)) {
        return { ok: false, status: 400, message: 'playbook must be a file inside the project directory', diagnostics: [] };
      }
      task = runPlaybook({
        playbook,
        ...(paths.inventory !== undefined ? { inventoryFile: paths.inventory } : {}),
        ...(paths.config !== undefined ? { configFile: paths.config } : {}),
        extraVars,
        tags: body.tags ?? [],
        ...(body.limit !== undefined ? { limit: body.limit } : {}),
        ...common,
      });
    }

    const finish = (code: number): number => {
      run.finish(code);
      if (run.id !== undefined) {
        this.finished.push(run.id);
        while (this.finished.length > KEEP_FINISHED) this.live.delete(this.finished.shift() as string);
      }
      return code;
    };
    const settled = task.then(finish, (error: unknown) => {
      stderr.push(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      return finish(ExitCode.internal);
    });
    await Promise.race([startedPromise, settled]);
    if (run.id !== undefined) return { ok: true, id: run.id };
    const problems = diagnostics.filter((d) => d.severity === 'error');
    const message =
      problems.length > 0 ? `${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was run` : stderr.join('').trim() || 'the run did not start';
    return { ok: false, status: 422, message, diagnostics: diagnostics.map((d) => toApiDiagnostic(d, workspace.root)) };
  }
}
