/**
 * Turns an exec request into the argument vector both connectors run: `/bin/sh -c <script>`,
 * wrapped in sudo/su when a privilege change is needed. The same vector is spawned locally and
 * shell-joined for SSH, so both connectors behave alike.
 */
import { randomBytes } from 'node:crypto';
import { BecomeOptions } from './types';
import { isValidEnvName, shellJoin, shellQuote } from '../core/shell-quote';

export interface ScriptParts {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
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
  lines.push(command);
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
 * Wraps `inner` (the argument vector of the real shell) so it runs as the leader of a new session
 * and process group (`setsid -w`), announces that group on stdout first, and then execs `inner`.
 * Everything the command starts stays in the group, so one `kill -s SIG -- -PGID` through a second
 * channel stops it all, also as root under sudo. Without `setsid` (rare) the shell announces its own
 * pid, which is still the group of an SSH session or of a detached local child.
 */
function inOwnGroup(inner: readonly string[], groupMarker: string): string[] {
  const leader = `echo "${groupMarker} $$"; exec ${shellJoin(inner.slice(0, -1))} "$1"`;
  const outer =
    `l=${shellQuote(leader)}; ` +
    'if command -v setsid >/dev/null 2>&1; then exec setsid -w /bin/sh -c "$l" kplay "$1"; fi; ' +
    'exec /bin/sh -c "$l" kplay "$1"';
  return ['/bin/sh', '-c', outer, 'kplay', inner[inner.length - 1]];
}

export function planCommand(command: string, parts: PlanParts, loginUser: string): CommandPlan {
  const script = buildScript(command, parts);
  const nonce = randomBytes(8).toString('hex');
  const groupMarker = `kplay-pgid-${nonce}`;
  const withDeadline = (inner: string): string[] =>
    parts.timeoutMs !== undefined
      ? ['timeout', '-s', 'KILL', secondsArgument(parts.timeoutMs), '/bin/sh', '-c', inner]
      : ['/bin/sh', '-c', inner];
  if (!needsBecome(parts.become, loginUser)) {
    return { argv: inOwnGroup(parts.enforceTimeoutOnHost ? withDeadline(script) : ['/bin/sh', '-c', script], groupMarker), groupMarker };
  }

  const promptMarker = `kplay-become-prompt-${nonce}:`;
  const successToken = `kplay-become-ok-${nonce}`;
  const privileged = `echo ${successToken}\n${script}`;
  // The controller cannot signal processes of another user; coreutils `timeout` inside the
  // privilege change kills the command's whole process group when the deadline passes.
  const shell = inOwnGroup(withDeadline(privileged), groupMarker);
  const target = parts.become.user || 'root';
  const argv =
    parts.become.method === 'su'
      ? ['su', '-s', '/bin/sh', '-c', shellJoin(shell), target]
      : ['sudo', '-H', '-S', '-p', promptMarker, '-u', target, '--', ...shell];
  return { argv, become: { options: parts.become, promptMarker, successToken }, groupMarker };
}
