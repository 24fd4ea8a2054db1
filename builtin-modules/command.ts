import { isMap, LOGIN_SHELL, ModuleArgumentError, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, UnknownValueError, validatedArgs } from '../engine/modules/module-api';
import type { CommandArguments } from './arguments';
import { argvCommandLine, argvWords } from './lib/argv';

interface CommandArgs {
  readonly cmd: string;
  /** Set for the `argv` form: what the result's `cmd` shows. */
  readonly argv?: readonly string[];
  readonly chdir?: string;
  readonly creates?: string;
  readonly removes?: string;
  readonly stdin?: string;
  readonly executable?: string;
}

const ARGUMENTS = moduleSchema('command');

function readArgs(ctx: ModuleContext): CommandArgs {
  // `shell` is an alias: the arguments and their schema are the same.
  const args = validatedArgs<CommandArguments>(ctx, ARGUMENTS);
  if (typeof args === 'string') return { cmd: args };
  const { cmd, argv, ...rest } = args;
  if ((cmd === undefined) === (argv === undefined)) {
    throw new ModuleArgumentError('give the command as cmd (a shell command line) or as argv (a list of arguments run without a shell), one of them');
  }
  if (argv === undefined) return { ...rest, cmd: cmd as string };
  const words = argvWords(argv);
  return { ...rest, cmd: argvCommandLine(words), argv: words };
}

/** `creates`/`removes` decide without running anything, in check mode and for real alike. */
async function guard(ctx: ModuleContext, args: Pick<CommandArgs, 'chdir' | 'creates' | 'removes'>): Promise<ModuleResult | undefined> {
  if (args.creates === undefined && args.removes === undefined) return undefined;
  const connector = await ctx.connector();
  const resolve = (p: string) => (p.startsWith('/') || args.chdir === undefined ? p : `${args.chdir}/${p}`);
  if (args.creates !== undefined) {
    const st = await connector.stat(resolve(args.creates), ctx.become ? { become: ctx.become } : {});
    if (st.exists) return { changed: false, skipped: true, msg: `skipped, since ${args.creates} exists`, stdout: '', stderr: '' };
  }
  if (args.removes !== undefined) {
    const st = await connector.stat(resolve(args.removes), ctx.become ? { become: ctx.become } : {});
    if (!st.exists) return { changed: false, skipped: true, msg: `skipped, since ${args.removes} does not exist`, stdout: '', stderr: '' };
  }
  return undefined;
}

/**
 * Check mode: the command reads an unknown value (docs/cli.md#unknown-values-in-check-mode), but
 * `creates`/`removes` may still decide that it would not run, as Ansible decides before looking at
 * the command. Undefined when they do not decide (the task is then unknown).
 */
async function decideDespiteUnknown(ctx: ModuleContext, err: unknown): Promise<ModuleResult | undefined> {
  if (!(err instanceof UnknownValueError) || !isMap(ctx.args) || (ctx.args.creates === undefined && ctx.args.removes === undefined)) return undefined;
  let guards: Pick<CommandArgs, 'chdir' | 'creates' | 'removes'>;
  try {
    guards = validatedArgs<Exclude<CommandArguments, string>>(ctx, ARGUMENTS, { raw: ['cmd', 'argv', 'stdin'] });
  } catch {
    return undefined;
  }
  return guard(ctx, guards);
}

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  let args: CommandArgs;
  try {
    args = readArgs(ctx);
  } catch (err) {
    const decided = await decideDespiteUnknown(ctx, err);
    if (decided !== undefined) return decided;
    throw err;
  }
  const decided = await guard(ctx, args);
  if (decided !== undefined) return decided;
  if (ctx.checkMode) {
    return {
      changed: false,
      skipped: true,
      // What a real run would do, in the operator's words; the whole command is there for -v and
      // the report (docs/modules.md#command--shell has the check_mode: false advice for probes).
      unknown: `would run: ${args.cmd.trim()}`,
      stdout: '',
      stderr: '',
    };
  }
  const connector = await ctx.connector();
  const result = await connector.exec(args.cmd, {
    signal: ctx.signal,
    // KubeKey's commands are written for the login user's shell (usually bash), not /bin/sh. The
    // argv form is one `exec` of quoted words: no shell interprets them, so none is chosen for it.
    ...(args.argv === undefined ? { shell: args.executable ?? LOGIN_SHELL } : {}),
    ...(args.chdir !== undefined ? { cwd: args.chdir } : {}),
    ...(args.stdin !== undefined ? { stdin: args.stdin } : {}),
    ...(ctx.become !== undefined ? { become: ctx.become } : {}),
    ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
  });
  const deltaMs = result.endedAt.getTime() - result.startedAt.getTime();
  const failed = result.rc !== 0;
  const msg = result.timedOut
    ? `command timed out after ${formatSeconds(result.timeoutMs ?? ctx.timeoutMs ?? 0)}`
    : failed
      ? `command exited with status ${result.rc}${result.signal ? ` (signal ${result.signal})` : ''}${tail(result.stderr)}`
      : undefined;
  return {
    changed: true,
    failed,
    rc: result.rc,
    stdout: result.stdout,
    stderr: result.stderr,
    ...(msg !== undefined ? { msg } : {}),
    data: { start: result.startedAt.toISOString(), end: result.endedAt.toISOString(), delta: formatDelta(deltaMs), cmd: args.argv !== undefined ? [...args.argv] : args.cmd },
  };
}

function tail(stderr: string): string {
  const text = stderr.trim();
  if (text === '') return '';
  const lines = text.split('\n');
  return `: ${lines.slice(-3).join('\n')}`;
}

/** Ansible's delta format, H:MM:SS.ffffff. */
function formatDelta(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const micro = String((ms % 1000) * 1000).padStart(6, '0');
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${micro}`;
}

export const commandModule: ModuleDefinition = {
  name: 'command',
  arguments: ARGUMENTS,
  aliases: ['shell'],
  checkMode: 'partial',
  summary: "Run a shell command on the host under the login user's shell (chdir, creates, removes, stdin, executable).",
  run,
};

/** `2s`, `1.5s`, `0.25s`: a limit as the user wrote it, not rounded to a misleading `0s`. */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
