/**
 * The flags every command that runs a playbook takes (`kplay run`, `kplay create cluster`,
 * `kplay precheck`): one option table for `node:util` parseArgs, one help text, one check of the
 * values and one mapping onto RunOptions, so the commands cannot drift apart (docs/cli.md#kplay-run).
 * A command adds its own flags next to these and may word a help line its own way.
 */
import { resolve } from 'node:path';
import type { GoMap } from '../core/values';
import type { ListKind } from './list';

export const RUN_FLAGS = {
  inventory: { type: 'string', short: 'i' },
  config: { type: 'string', short: 'c' },
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  check: { type: 'boolean', short: 'C' },
  diff: { type: 'boolean', short: 'D' },
  tags: { type: 'string', short: 't', multiple: true },
  'skip-tags': { type: 'string', multiple: true },
  'start-at-task': { type: 'string' },
  limit: { type: 'string', short: 'l' },
  user: { type: 'string', short: 'u' },
  'private-key': { type: 'string' },
  'ask-pass': { type: 'boolean', short: 'k' },
  'ask-become-pass': { type: 'boolean', short: 'K' },
  forks: { type: 'string', short: 'f' },
  report: { type: 'string' },
  output: { type: 'string' },
  workdir: { type: 'string' },
  'known-hosts': { type: 'string' },
  force: { type: 'boolean' },
  'list-hosts': { type: 'boolean' },
  'list-tasks': { type: 'boolean' },
  'hide-skipped': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export type RunFlagName = keyof typeof RUN_FLAGS;

/** The values parseArgs returns for RUN_FLAGS (a command's own flags come on top). */
export interface RunFlagValues {
  readonly inventory?: string;
  readonly config?: string;
  readonly 'extra-vars'?: string[];
  readonly check?: boolean;
  readonly diff?: boolean;
  readonly tags?: string[];
  readonly 'skip-tags'?: string[];
  readonly 'start-at-task'?: string;
  readonly limit?: string;
  readonly user?: string;
  readonly 'private-key'?: string;
  readonly 'ask-pass'?: boolean;
  readonly 'ask-become-pass'?: boolean;
  readonly forks?: string;
  readonly report?: string;
  readonly output?: string;
  readonly workdir?: string;
  readonly 'known-hosts'?: string;
  readonly force?: boolean;
  readonly 'list-hosts'?: boolean;
  readonly 'list-tasks'?: boolean;
  readonly 'hide-skipped'?: boolean;
  readonly 'no-color'?: boolean;
  readonly verbose?: boolean[];
  readonly help?: boolean;
}

/** Help lines of the shared flags: the flag as written, then what it does. */
const RUN_FLAG_HELP: Readonly<Record<Exclude<RunFlagName, 'help'>, readonly [string, string]>> = {
  inventory: ['-i, --inventory FILE', 'inventory (kind: Inventory); default: localhost only'],
  config: ['-c, --config FILE', 'config (kind: Config); its spec keys are variables of every host'],
  'extra-vars': ['-e, --extra-vars VARS', 'key=value, @file.yaml or {json}; highest precedence (repeatable)'],
  check: ['-C, --check', 'dry run: nothing on any host changes; tasks report what they would do'],
  diff: ['-D, --diff', 'show the differences of files that change (or would change)'],
  tags: ['-t, --tags TAGS', 'run only tasks with these tags (comma-separated, repeatable)'],
  'skip-tags': ['    --skip-tags TAGS', 'skip tasks with these tags (comma-separated, repeatable)'],
  'start-at-task': ['    --start-at-task NAME', 'start at the first task named NAME (or "role : NAME"; globs allowed), skipping the tasks and plays before it'],
  limit: ['-l, --limit PATTERN', 'further limit hosts: a:b (union), a:&b (and), a:!b (not), web*, ~regex'],
  user: ['-u, --user USER', 'SSH user for hosts whose connector sets none (an inventory user wins)'],
  'private-key': ['    --private-key FILE', 'SSH private key for hosts whose connector sets none'],
  'ask-pass': ['-k, --ask-pass', 'ask for the SSH password on the terminal (not echoed, never logged)'],
  'ask-become-pass': ['-K, --ask-become-pass', 'ask for the become (sudo/su) password on the terminal'],
  forks: ['-f, --forks N', 'hosts worked on in parallel (default 50)'],
  report: ['    --report FILE.json', 'write a JSON report of the run'],
  output: ['    --output FORMAT', 'text (default) or json (events as JSON lines)'],
  workdir: ['    --workdir DIR', "kplay's own directory: run journals (default ./.kplay)"],
  'known-hosts': ['    --known-hosts FILE', 'SSH known-hosts file kplay records new host keys in'],
  force: ['    --force', 'with --resume: resume although playbook files changed before the resume point'],
  'list-hosts': ['    --list-hosts', 'print the hosts each play would run on, then exit'],
  'list-tasks': ['    --list-tasks', 'print the tasks each play would run, then exit'],
  'hide-skipped': ['    --hide-skipped', 'leave out skipped hosts, and tasks every host skipped (also KPLAY_DISPLAY_SKIPPED_HOSTS=false)'],
  'no-color': ['    --no-color', 'plain output (also NO_COLOR)'],
  verbose: ['-v, --verbose', 'more output (-vv: command output; -vvv: each command as sent)'],
};

const HELP_WIDTH = 26;

/** One help line per flag, wrapped so that a long text continues under its column. */
export function formatFlagHelp(lines: readonly (readonly [string, string])[]): string {
  return lines
    .map(([flag, text]) => {
      const words = text.split(' ');
      const out: string[] = [];
      let current = '';
      for (const word of words) {
        if (current !== '' && HELP_WIDTH + 2 + current.length + 1 + word.length > 100) {
          out.push(current);
          current = word;
        } else current = current === '' ? word : `${current} ${word}`;
      }
      out.push(current);
      return out.map((l, i) => `${i === 0 ? `  ${flag.padEnd(HELP_WIDTH)}` : ' '.repeat(HELP_WIDTH + 2)}${l}`).join('\n');
    })
    .join('\n');
}

/**
 * The help text of the shared flags in `order` (a command's own flags given as [flag, text] pairs
 * where they belong); `wording` replaces the text of a shared flag for this command.
 */
/** `--resume [ID|last]` is taken out of the arguments before parseArgs (it has an optional value). */
export const RESUME_HELP: readonly [string, string] = ['    --resume [ID|last]', "continue a failed or interrupted run where it stopped, with its registered values and facts; options not given are the run's own"];

export function runFlagHelp(order: readonly (RunFlagName | readonly [string, string])[], wording: Partial<Record<RunFlagName, string>> = {}): string {
  return formatFlagHelp(
    order.flatMap((entry): (readonly [string, string])[] => {
      if (typeof entry !== 'string') return [entry];
      if (entry === 'help') return [];
      const [flag, text] = RUN_FLAG_HELP[entry];
      return [[flag, wording[entry] ?? text]];
    }),
  );
}

function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** Passwords asked on the terminal (-k, -K); they become connector defaults, never flags. */
export interface AskedPasswords {
  readonly ssh?: string;
  readonly become?: string;
}

/** What the shared flags ask of a run, checked; a command spreads it into its request. */
export interface RunFlagOptions {
  readonly extraVars: readonly string[];
  readonly check: boolean;
  readonly diff: boolean;
  readonly tags: readonly string[];
  readonly skipTags: readonly string[];
  readonly startAtTask?: string;
  readonly limit?: string;
  readonly forks: number;
  readonly reportFile?: string;
  readonly output: 'text' | 'json';
  readonly workDir: string;
  readonly verbosity: number;
  readonly knownHostsFile?: string;
  readonly list?: ListKind;
  readonly hideSkipped?: boolean;
  readonly color?: boolean;
  /** -u, --private-key and asked passwords as connector defaults below inventory and config. */
  readonly configDefaults: GoMap;
}

export type RunFlagCheck = { readonly ok: true; readonly options: RunFlagOptions } | { readonly ok: false; readonly message: string };

/**
 * -u / --private-key / -k / -K as Ansible has them: defaults below everything else (config values
 * are the lowest layer), so a connector setting in the inventory or the config still wins. The
 * implicit localhost stays local (docs/connectors.md#local-or-ssh).
 */
function connectorDefaults(values: RunFlagValues, passwords: AskedPasswords): GoMap {
  const connector: GoMap = {};
  if (values.user !== undefined) connector.user = values.user;
  if (values['private-key'] !== undefined) connector.private_key = resolve(values['private-key']);
  if (passwords.ssh !== undefined) connector.password = passwords.ssh;
  if (passwords.become !== undefined) connector.sudo_password = passwords.become;
  return Object.keys(connector).length > 0 ? { connector } : {};
}

export function runFlagOptions(values: RunFlagValues, passwords: AskedPasswords = {}): RunFlagCheck {
  const forks = values.forks === undefined ? 50 : Number(values.forks);
  if (!Number.isInteger(forks) || forks < 1) return { ok: false, message: `--forks must be a positive whole number, got "${values.forks}"` };
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') return { ok: false, message: `--output must be text or json, got "${output}"` };
  const list: ListKind | undefined = values['list-hosts'] ? 'hosts' : values['list-tasks'] ? 'tasks' : undefined;
  return {
    ok: true,
    options: {
      extraVars: values['extra-vars'] ?? [],
      check: values.check ?? false,
      diff: values.diff ?? false,
      tags: splitList(values.tags),
      skipTags: splitList(values['skip-tags']),
      ...(values['start-at-task'] !== undefined ? { startAtTask: values['start-at-task'] } : {}),
      ...(values.limit !== undefined ? { limit: values.limit } : {}),
      forks,
      ...(values.report !== undefined ? { reportFile: values.report } : {}),
      output,
      workDir: resolve(values.workdir ?? '.kplay'),
      verbosity: values.verbose?.length ?? 0,
      ...(values['known-hosts'] !== undefined ? { knownHostsFile: values['known-hosts'] } : {}),
      ...(list !== undefined ? { list } : {}),
      ...(values['hide-skipped'] ? { hideSkipped: true } : {}),
      ...(values['no-color'] ? { color: false } : {}),
      configDefaults: connectorDefaults(values, passwords),
    },
  };
}

/**
 * -k / -K: the SSH password, then the become password; an empty become answer after -k means
 * "the same as the SSH password", as in Ansible. `ask` prompts without echo.
 */
export async function askPasswords(values: RunFlagValues, ask: (prompt: string) => Promise<string>): Promise<AskedPasswords> {
  const ssh = values['ask-pass'] ? await ask('SSH password: ') : undefined;
  let become = values['ask-become-pass'] ? await ask(ssh !== undefined ? 'BECOME password[defaults to SSH password]: ' : 'BECOME password: ') : undefined;
  if (become === '' && ssh !== undefined) become = ssh;
  return { ...(ssh !== undefined ? { ssh } : {}), ...(become !== undefined ? { become } : {}) };
}
