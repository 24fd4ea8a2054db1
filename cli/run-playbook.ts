/**
 * One playbook run as the terminal sees it: diagnostics with their source lines, `--list-*` and
 * `--syntax-check` output, console or JSON-lines events, Ctrl-C handling, and the exit code.
 * Shared by `kplay run` and (through the context the CLI hands them) the cluster commands.
 */
import { readFileSync } from 'node:fs';
import { ConsoleReporter, ExitCode, formatDiagnostic, JsonLinesReporter, type Diagnostic, type ListKind, type Reporter, type RunOptions } from '../engine';
import { createCliEngine } from './compose';
import type { CommandIO } from './io';

export interface PlaybookRunRequest extends RunOptions {
  readonly output: 'text' | 'json';
  readonly color?: boolean;
  readonly list?: ListKind;
  readonly syntaxCheck?: boolean;
}

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

  const reporter: Reporter =
    request.output === 'json'
      ? new JsonLinesReporter(io.stdout)
      : new ConsoleReporter({ out: io.stdout, color: request.color ?? Boolean((io.stdout as { isTTY?: boolean }).isTTY), verbosity: request.verbosity ?? 0 });
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(ExitCode.interrupted);
    io.stderr.write('\nkplay: interrupted; stopping running commands (Ctrl-C again to quit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await engine.execute(prepared, request, { reporters: [reporter], signal: abort.signal });
    return result.exitCode;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
