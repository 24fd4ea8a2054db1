/**
 * What the cluster commands need from whoever hosts them (the CLI): the terminal's streams and a
 * way to run a playbook that prints and returns an exit code the way `kplay run` does.
 */
import type { ListKind, Reporter, RunOptions } from '../../engine';

export interface ClusterIO {
  /** Where a confirmation is read from; absent or not a terminal: nobody to ask. */
  readonly stdin?: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export interface ClusterRunRequest extends RunOptions {
  readonly output: 'text' | 'json';
  readonly color?: boolean;
  readonly list?: ListKind;
  readonly hideSkipped?: boolean;
  /** Hosts grouped by outcome, one line per task. */
  readonly compact?: boolean;
  /** Text sections after the recap (precheck table, plan summary); text output only. */
  readonly presenters?: readonly ((out: NodeJS.WritableStream, color: boolean) => Reporter)[];
}

export interface ClusterCommandContext {
  readonly io: ClusterIO;
  /**
   * Loads, prints diagnostics and events, and returns the exit code (docs/cli.md); `streams`
   * replaces the terminal's stdout/stderr (a command that prints its own result from the run).
   */
  runPlaybook(request: ClusterRunRequest, streams?: Pick<ClusterIO, 'stdout' | 'stderr'>): Promise<number>;
  /**
   * Asks for a secret on the terminal without echo (-k, -K); absent when there is no terminal
   * to ask on (a pipe, kplay web). Rejects with an `exitCode` when the user interrupts.
   */
  readonly askSecret?: (prompt: string) => Promise<string>;
}
