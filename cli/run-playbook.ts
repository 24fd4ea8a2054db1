/**
 * One playbook run as the terminal sees it: diagnostics with their source lines, `--list-*` and
 * `--syntax-check` output, console or JSON-lines events, interruption by signal, and the exit code.
 * Shared by `kplay run` and (through the context the CLI hands them) the cluster commands.
 */
import { readFileSync } from 'node:fs';
import { ConsoleReporter, DEFAULT_KEEP_RUNS, DEFAULT_WORK_DIR, ExitCode, KplayError, pruneRuns, withCode, type ResumePlan, formatDiagnostic, interruptedExitCode, JsonLinesReporter, type Diagnostic, type Interruption, type ListKind, type Reporter, type RunOptions } from '../engine';
import { createCliEngine } from './compose';
import { displaySkippedFromEnv, type CommandIO } from './io';

export interface PlaybookRunRequest extends RunOptions {
  readonly output: 'text' | 'json';
  readonly color?: boolean;
  readonly list?: ListKind;
  readonly syntaxCheck?: boolean;
  /** Leave out skipped hosts and tasks every host skipped (--hide-skipped). */
  readonly hideSkipped?: boolean;
  /** Hosts grouped by outcome, one line per task (docs/cli.md#compact-output). */
  readonly compact?: boolean;
  /** Sections printed after the recap in text output (the cluster's precheck table, plan). */
  readonly presenters?: readonly PresenterFactory[];
}

/** Makes a reporter that writes its text to `out` (colour as the console has it). */
export type PresenterFactory = (out: NodeJS.WritableStream, color: boolean) => Reporter;

/** `file:line:col: message` plus the offending line and a caret, as docs/cli.md promises. */
function formatWithSource(d: Diagnostic): string {
  let text: string | undefined;
  try {
    text = readFileSync(d.pos.file, 'utf8');
  } catch {
    text = undefined;
  }
  return formatDiagnostic(d, text);
}

export async function runPlaybook(request: PlaybookRunRequest, io: CommandIO): Promise<number> {
  const engine = createCliEngine();
  const loaded = engine.load(request);
  for (const d of loaded.diagnostics) io.stderr.write(`${formatWithSource(d)}\n`);
  if (!loaded.ok) {
    if (loaded.exitCode === ExitCode.badOptions) {
      io.stderr.write(`kplay: ${loaded.message}\n`);
    } else {
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
      io.stderr.write(`kplay: ${errors} problem${errors === 1 ? '' : 's'} found; nothing was run\n`);
    }
    return loaded.exitCode;
  }
  const prepared = loaded.run;
  if (request.syntaxCheck) {
    io.stdout.write(`playbook: ${prepared.project.entry}: syntax OK (${prepared.project.plays.length} plays)\n`);
    return ExitCode.ok;
  }
  if (request.list !== undefined) {
    for (const line of engine.list(request.list, prepared, request)) io.stdout.write(`${line}\n`);
    return ExitCode.ok;
  }

  // Listing and syntax checks write nothing; a run must be able to write its report and journal.
  const unusable = engine.outputProblem(request);
  if (unusable !== undefined) {
    io.stderr.write(`kplay: ${unusable}\n`);
    return ExitCode.badOptions;
  }
  let resume: Extract<ResumePlan, { kind: 'resume' }> | undefined;
  if (request.resume !== undefined) {
    let plan: ResumePlan;
    try {
      plan = engine.planResume(prepared, request);
    } catch (err) {
      if (!(err instanceof KplayError)) throw err;
      io.stderr.write(`kplay: ${withCode(err.message, err.code)}\n`);
      return err.code === 'KP-RUN-011' ? ExitCode.invalidInput : ExitCode.badOptions;
    }
    if (plan.kind === 'succeeded') {
      io.stdout.write(`run ${plan.runId} succeeded: there is nothing to resume, nothing was run\n`);
      return ExitCode.ok;
    }
    resume = plan;
  }

  const color = request.color ?? Boolean((io.stdout as { isTTY?: boolean }).isTTY);
  const reporters: Reporter[] =
    request.output === 'json'
      ? [new JsonLinesReporter(io.stdout)]
      : [
          new ConsoleReporter({
            out: io.stdout,
            color,
            verbosity: request.verbosity ?? 0,
            hideSkipped: request.hideSkipped ?? !displaySkippedFromEnv(),
            compact: request.compact ?? false,
          }),
          ...(request.presenters ?? []).map((make) => make(io.stdout, color)),
        ];
  const interruption = new Interruptions(io);
  try {
    const result = await engine.execute(prepared, request, {
      reporters,
      signal: interruption.signal,
      forceSignal: interruption.force,
      ...(resume !== undefined ? { resume } : {}),
    });
    keepNewestRuns(request.workDir ?? DEFAULT_WORK_DIR);
    return result.exitCode;
  } finally {
    interruption.dispose();
  }
}

/** docs/cli.md#kplay-runs: old run directories go; a failure to delete one never fails the run. */
function keepNewestRuns(workDir: string): void {
  try {
    pruneRuns(workDir, DEFAULT_KEEP_RUNS);
  } catch {
    // A run directory another process is deleting, or a permission problem: the next run retries.
  }
}

/** The signals that stop a run; each gives its own exit code (129, 130, 143). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The first SIGINT, SIGTERM or SIGHUP stops the run (running commands get TERM, then KILL after
 * the grace period); the second skips the grace period; both still write the report and the
 * journal. A third leaves at once with the first signal's exit code.
 */
class Interruptions {
  private readonly stop = new AbortController();
  private readonly hurry = new AbortController();
  private first?: string;
  private count = 0;
  private readonly handler = (signal: NodeJS.Signals): void => this.onSignal(signal);
  private readonly ignoreWriteErrors = (): void => undefined;

  constructor(private readonly io: CommandIO) {
    for (const name of STOP_SIGNALS) process.on(name, this.handler);
  }

  get signal(): AbortSignal {
    return this.stop.signal;
  }

  get force(): AbortSignal {
    return this.hurry.signal;
  }

  private onSignal(signal: NodeJS.Signals): void {
    this.count++;
    if (this.count === 1) {
      this.first = signal;
      // A hang-up usually means the terminal is gone: writes to it fail, the run must go on.
      this.io.stdout.on('error', this.ignoreWriteErrors);
      this.io.stderr.on('error', this.ignoreWriteErrors);
      this.say(`\nkplay: interrupted (${signal}); stopping running commands on every host (again to stop them at once)\n`);
      const reason: Interruption = { signal };
      this.stop.abort(reason);
    } else if (this.count === 2) {
      this.say(`kplay: ${signal} again; killing running commands, then writing the report (again to quit at once)\n`);
      this.hurry.abort();
    } else {
      process.exit(interruptedExitCode({ signal: this.first }));
    }
  }

  private say(text: string): void {
    try {
      this.io.stderr.write(text);
    } catch {
      // The terminal may be gone (SIGHUP).
    }
  }

  dispose(): void {
    for (const name of STOP_SIGNALS) process.off(name, this.handler);
    // After an interruption the terminal may still fail late writes; those stay ignored.
    if (this.count > 0) return;
    this.io.stdout.off('error', this.ignoreWriteErrors);
    this.io.stderr.off('error', this.ignoreWriteErrors);
  }
}
