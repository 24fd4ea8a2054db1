/**
 * Runs one started process (a local child or an SSH exec channel) to completion: feeds stdin,
 * streams and collects output, drives become prompts, enforces the timeout and abort signal.
 * Both connectors share it so they report results and failures the same way.
 */
import { Readable, Writable } from 'node:stream';
import { BecomePlan } from './command-line';
import { BecomeDriver, BecomeStep } from './become-driver';
import { ConnectionError } from './types';

export interface ProcessEvents {
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
  /** `rc` is null when the process died from a signal. */
  onExit(rc: number | null, signal?: string): void;
  /** The transport went away before the process reported its exit. */
  onLost(message: string): void;
  /** The process could not be started at all (e.g. its connection could not be re-established). */
  onStartFailed(error: Error): void;
}

export interface StartedProcess {
  readonly stdin: Writable;
  /** Forcefully stops the process (and its group where possible). Must lead to onExit/onLost. */
  kill(): void;
}

export interface SuperviseOptions {
  readonly hostName: string;
  readonly loginUser: string;
  readonly stdin?: string | Buffer | Readable;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly become?: BecomePlan;
  /** How long sudo/su may take before its prompt or success appears. */
  readonly becomeTimeoutMs?: number;
  readonly onStdout?: (chunk: Buffer) => void;
  readonly onStderr?: (chunk: Buffer) => void;
}

export interface RawResult {
  readonly rc: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly timedOut?: boolean;
  readonly signal?: string;
}

/** Grace period after a kill before we stop waiting for the exit report. */
const KILL_GRACE_MS = 5000;
const DEFAULT_BECOME_TIMEOUT_MS = 30_000;

export class CommandAbortedError extends Error {
  constructor(message = 'command aborted') {
    super(message);
    this.name = 'AbortError';
  }
}

export function supervise(start: (events: ProcessEvents) => StartedProcess, options: SuperviseOptions): Promise<RawResult> {
  return new Promise<RawResult>((resolve, reject) => {
    const startedAt = new Date();
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const driver = options.become ? new BecomeDriver(options.become, options.loginUser, options.hostName) : undefined;
    let settled = false;
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    let timeoutTimer: NodeJS.Timeout | undefined;
    let becomeTimer: NodeJS.Timeout | undefined;
    let proc: StartedProcess | undefined;
    let pendingFailure: Error | undefined;

    const cleanup = (): void => {
      clearTimeout(killTimer);
      clearTimeout(timeoutTimer);
      clearTimeout(becomeTimer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const finish = (rc: number, rawSignal?: string): void => {
      if (settled) return;
      const signal = rawSignal === undefined || rawSignal.startsWith('SIG') ? rawSignal : `SIG${rawSignal}`;
      settled = true;
      cleanup();
      // The host enforces the same deadline (coreutils `timeout -s KILL`), and on a busy controller
      // its kill can be reported before our own timer callback has run.
      if (!timedOut && options.timeoutMs !== undefined && Date.now() - startedAt.getTime() >= options.timeoutMs) {
        timedOut = signal === 'SIGKILL' || rc === 128 + SIGNAL_NUMBERS.KILL;
      }
      if (pendingFailure) {
        reject(pendingFailure);
        return;
      }
      if (driver && !driver.done && !timedOut) {
        reject(new ConnectionError('become', driver.failureOnExit(rc), options.hostName));
        return;
      }
      resolve({
        rc,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        startedAt,
        endedAt: new Date(),
        ...(timedOut ? { timedOut: true } : {}),
        ...(signal ? { signal } : {}),
      });
    };
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(error);
    };
    const kill = (): void => {
      if (!proc || killTimer) return;
      proc.kill();
      killTimer = setTimeout(() => finish(-1, 'KILL'), KILL_GRACE_MS);
    };
    /** Stops the process, then reports `error` once it is gone. */
    const abortWith = (error: Error): void => {
      if (!pendingFailure) pendingFailure = error;
      kill();
    };
    function onAbort(): void {
      abortWith(new CommandAbortedError());
    }

    const writeUserStdin = (): void => {
      if (!proc) return;
      const input = options.stdin;
      if (input instanceof Readable) {
        input.on('error', (error) => abortWith(new Error(`reading input failed: ${error.message}`)));
        input.pipe(proc.stdin);
      } else {
        if (input !== undefined && input.length > 0) proc.stdin.write(input);
        proc.stdin.end();
      }
    };
    const applyBecomeSteps = (steps: readonly BecomeStep[]): void => {
      for (const step of steps) {
        if (step.kind === 'send-password') proc?.stdin.write(`${step.password}\n`);
        else if (step.kind === 'succeeded') {
          clearTimeout(becomeTimer);
          writeUserStdin();
        } else abortWith(new ConnectionError('become', step.message, options.hostName));
      }
    };
    const emit = (chunk: Buffer, into: Buffer[], callback?: (chunk: Buffer) => void): void => {
      into.push(chunk);
      callback?.(chunk);
    };

    const events: ProcessEvents = {
      onStdout(chunk) {
        if (!driver) return emit(chunk, stdout, options.onStdout);
        const { passthrough, steps } = driver.feedStdout(chunk);
        if (passthrough) emit(passthrough, stdout, options.onStdout);
        applyBecomeSteps(steps);
      },
      onStderr(chunk) {
        if (!driver) return emit(chunk, stderr, options.onStderr);
        const { passthrough, steps } = driver.feedStderr(chunk);
        if (passthrough) emit(passthrough, stderr, options.onStderr);
        applyBecomeSteps(steps);
      },
      onExit(rc, signal) {
        finish(rc ?? (signal ? 128 + signalNumber(signal) : -1), signal);
      },
      onLost(message) {
        fail(pendingFailure ?? new ConnectionError('dropped', message, options.hostName));
      },
      onStartFailed(error) {
        fail(pendingFailure ?? error);
      },
    };

    if (options.signal?.aborted) {
      fail(new CommandAbortedError());
      return;
    }
    try {
      proc = start(events);
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    // A process that exits early closes its stdin; late writes must not crash the controller.
    proc.stdin.on('error', () => undefined);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      timeoutTimer = setTimeout(() => {
        timedOut = true;
        kill();
      }, options.timeoutMs);
    }
    if (driver) {
      becomeTimer = setTimeout(() => {
        const method = options.become?.options.method ?? 'sudo';
        abortWith(
          new ConnectionError('become', `${method}: timed out waiting for privilege escalation on ${options.hostName}`, options.hostName),
        );
      }, options.becomeTimeoutMs ?? DEFAULT_BECOME_TIMEOUT_MS);
    } else {
      writeUserStdin();
    }
  });
}

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, ABRT: 6, FPE: 8, KILL: 9, SEGV: 11, PIPE: 13, ALRM: 14, TERM: 15, USR1: 10, USR2: 12,
};

function signalNumber(signal: string): number {
  return SIGNAL_NUMBERS[signal.replace(/^SIG/, '')] ?? 0;
}

export function toExecResult(raw: RawResult): import('./types').ExecResult {
  return {
    rc: raw.rc,
    stdout: raw.stdout.toString('utf8'),
    stderr: raw.stderr.toString('utf8'),
    startedAt: raw.startedAt,
    endedAt: raw.endedAt,
    ...(raw.timedOut ? { timedOut: true } : {}),
    ...(raw.signal ? { signal: raw.signal } : {}),
  };
}
