/**
 * Turns an exec request into the argument vector both connectors run: `/bin/sh -c <script>`,
 * wrapped in sudo/su when a privilege change is needed. The same vector is spawned locally and
 * shell-joined for SSH, so both connectors behave alike. kplay's own preamble (group
 * announcement, cd, exports) is POSIX sh; a command that asks for another shell is handed to it
 * with `exec <shell> -c <command>`, which keeps the process (and so its announced group).
 */
import { randomBytes } from 'node:crypto';
import { BecomeOptions } from './types';
import { isValidEnvName, shellJoin, shellQuote } from '../core/shell-quote';

export interface ScriptParts {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Path of the shell that runs the command itself; default the preamble's /bin/sh. */
  readonly shell?: string;
}

export interface BecomePlan {
  readonly options: BecomeOptions;
  /** Prompt sudo prints instead of its default, so we can recognise it reliably. */
  readonly promptMarker: string;
  /** Printed by the privileged shell first: proves the privilege change worked. */
  readonly successToken: string;
}

export interface CommandPlan {
  readonly argv: readonly string[];
  readonly become?: BecomePlan;
  /**
   * First line the command prints on stdout: this prefix, a space and the id of the process group
   * (and session) the command runs in, so an interruption can stop the whole group.
   */
  readonly groupMarker: string;
}

export function buildScript(command: string, parts: ScriptParts): string {
  const lines: string[] = [];
  if (parts.cwd !== undefined) lines.push(`cd -- ${shellQuote(parts.cwd)} || exit 1`);
  for (const [name, value] of Object.entries(parts.env ?? {})) {
    if (!isValidEnvName(name)) throw new Error(`invalid environment variable name ${JSON.stringify(name)}`);
    lines.push(`export ${name}=${shellQuote(value)}`);
  }
  if (parts.shell === undefined) lines.push(command);
  else {
    if (parts.shell === '' || parts.shell.includes('\0')) throw new Error(`invalid shell ${JSON.stringify(parts.shell)}`);
    lines.push(`exec ${shellQuote(parts.shell)} -c ${shellQuote(command)}`);
  }
  return lines.join('\n');
}

/** Whether running as `become.user` needs a privilege change for someone logged in as `loginUser`. */
export function needsBecome(become: BecomeOptions | undefined, loginUser: string): become is BecomeOptions {
  return become !== undefined && (become.user || 'root') !== loginUser;
}

function secondsArgument(ms: number): string {
  return String(Math.max(ms, 1) / 1000);
}

export interface PlanParts extends ScriptParts {
  readonly become?: BecomeOptions;
  readonly timeoutMs?: number;
  /**
   * Enforce the timeout on the host with coreutils `timeout` (kills the command's process group)
   * even without a privilege change: sshd refuses "signal" requests on root logins.
   */
  readonly enforceTimeoutOnHost?: boolean;
}

/**
 * First line of every script: prints the process group the script's shell runs in. That group is
 * the command's (an SSH session, a detached local child, or the group coreutils `timeout` makes),
 * and everything the command starts stays in it, so one `kill -s SIG -- -PGID` through a second
 * channel stops it all, also as root under sudo.
 */
function announceGroup(groupMarker: string): string {
  return [
    'kplay_group() { set -- $1; echo "' + groupMarker + ' $3"; }',
    'if read -r kplay_s < /proc/$$/stat 2>/dev/null; then kplay_group "${kplay_s##*) }";',
    'else echo "' + groupMarker + ' $(ps -o pgid= -p $$ | tr -d \' \')"; fi',
    'unset -f kplay_group; unset kplay_s',
  ].join('\n');
}

export function planCommand(command: string, parts: PlanParts, loginUser: string): CommandPlan {
  const nonce = randomBytes(8).toString('hex');
  const groupMarker = `kplay-pgid-${nonce}`;
  const script = buildScript(command, parts);
  const withDeadline = (inner: string): string[] =>
    parts.timeoutMs !== undefined
      ? ['timeout', '-s', 'KILL', secondsArgument(parts.timeoutMs), '/bin/sh', '-c', inner]
      : ['/bin/sh', '-c', inner];
  if (!needsBecome(parts.become, loginUser)) {
    const announced = `${announceGroup(groupMarker)}\n${script}`;
    return { argv: parts.enforceTimeoutOnHost ? withDeadline(announced) : ['/bin/sh', '-c', announced], groupMarker };
  }

  const promptMarker = `kplay-become-prompt-${nonce}:`;
  const successToken = `kplay-become-ok-${nonce}`;
  const privileged = `${announceGroup(groupMarker)}\necho ${successToken}\n${script}`;
  // The controller cannot signal processes of another user; coreutils `timeout` inside the
  // privilege change kills the command's whole process group when the deadline passes.
  const shell = withDeadline(privileged);
  const target = parts.become.user || 'root';
  const argv =
    parts.become.method === 'su'
      ? ['su', '-s', '/bin/sh', '-c', parts.timeoutMs !== undefined ? shellJoin(shell) : privileged, target]
      : ['sudo', '-H', '-S', '-p', promptMarker, '-u', target, '--', ...shell];
  return { argv, become: { options: parts.become, promptMarker, successToken }, groupMarker };
}

/**
 * The command `plan` runs, as code a fresh job of a persistent session evaluates
 * (ssh/session-driver.ts). A plain command skips the preamble shell: the job sets the environment
 * and execs the command's shell itself, so it starts one process, as the exec request's shell would.
 * A directory change, a host-side timeout or a privilege change keeps the full command line (so
 * messages and process groups are exactly exec mode's); that line announces its group itself.
 */
export function sessionScript(command: string, parts: PlanParts, plan: CommandPlan): { readonly script: string; readonly announced: boolean } {
  const wrapped = plan.become !== undefined || parts.cwd !== undefined || (parts.enforceTimeoutOnHost === true && parts.timeoutMs !== undefined);
  if (wrapped) return { script: `exec ${shellJoin(plan.argv)}`, announced: true };
  return { script: buildScript(command, { env: parts.env, shell: parts.shell ?? '/bin/sh' }), announced: false };
}
