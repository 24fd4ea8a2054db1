/**
 * The options `supervise` gets for one planned command. Every connector builds them the same way,
 * so a command is timed out, interrupted and reported alike locally and over SSH.
 */
import { Readable } from 'node:stream';
import type { CommandPlan } from './command-line';
import type { StopPolicy, StopSignal, SuperviseOptions } from './supervise';
import type { ExecOptions } from './types';

/** A command as a connector runs it: stdin may also be a stream (file uploads). */
export interface RunOptions extends Omit<ExecOptions, 'stdin'> {
  readonly stdin?: string | Buffer | Readable;
}

/** What the connector knows of the host the command runs on. */
export interface SupervisedHost {
  readonly hostName: string;
  readonly loginUser: string;
  /** How long sudo/su may take to prompt or succeed; supervise's default when absent. */
  readonly becomeTimeoutMs?: number;
  /** How interrupted commands are stopped; supervise's default when absent. */
  readonly stop?: StopPolicy;
}

export function superviseOptionsFor(
  host: SupervisedHost,
  options: RunOptions,
  plan: CommandPlan,
  timeoutMs: number | undefined,
  stopGroup: (pgid: number, signal: StopSignal) => Promise<void>,
): SuperviseOptions {
  return {
    hostName: host.hostName,
    loginUser: host.loginUser,
    stdin: options.stdin,
    timeoutMs,
    signal: options.signal,
    become: plan.become,
    ...(host.becomeTimeoutMs !== undefined ? { becomeTimeoutMs: host.becomeTimeoutMs } : {}),
    onStdout: options.onStdout,
    onStderr: options.onStderr,
    groupMarker: plan.groupMarker,
    ...(options.maxOutputBytes !== undefined ? { maxOutputBytes: options.maxOutputBytes } : {}),
    stopGroup,
    ...(host.stop !== undefined ? { stop: host.stop } : {}),
  };
}
