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

/** Signals an interruption sends to a command's process group: TERM first, KILL when it lingers. */
export type StopSignal = 'TERM' | 'KILL';

/** How an interrupted command is stopped: TERM, then KILL after `graceMs` or when `force` aborts. */
export interface StopPolicy {
  readonly graceMs: number;
  /** Aborted by a second interruption: skip what is left of the grace period. */
  readonly force?: AbortSignal;
}

export const DEFAULT_STOP_GRACE_MS = 5000;

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
  /** The plan's group marker: the first stdout line announces the command's process group. */
  readonly groupMarker?: string;
  /** Sends `signal` to process group `pgid` on the host through another channel; never rejects. */
  readonly stopGroup?: (pgid: number, signal: StopSignal) => Promise<void>;
  readonly stop?: StopPolicy;
  /** Keep at most this many bytes of each stream; the callbacks still see all of it. */
  readonly maxOutputBytes?: number;
}

export interface RawResult {
  readonly rc: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly timedOut?: boolean;
  /** The limit that was exceeded, when `timedOut`. */
  readonly timeoutMs?: number;
  readonly signal?: string;
  /** Set when `maxOutputBytes` cut a stream: the bytes each stream really produced. */
  readonly outputBytes?: { readonly stdout: number; readonly stderr: number };
}

/** Grace period after a kill before we stop waiting for the exit report. */
const KILL_GRACE_MS = 5000;
/** How long a finished command waits for its group's stop requests to be delivered. */
const STOP_DELIVERY_MS = 15_000;
/** A first stdout line longer than this is command output, not a group announcement. */
const MAX_GROUP_LINE = 200;
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
    const stdout = new BoundedBuffer(options.maxOutputBytes);
    const stderr = new BoundedBuffer(options.maxOutputBytes);
    const driver = options.become ? new BecomeDriver(options.become, options.loginUser, options.hostName) : undefined;
    let settled = false;
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    let timeoutTimer: NodeJS.Timeout | undefined;
    let becomeTimer: NodeJS.Timeout | undefined;
    let proc: StartedProcess | undefined;
    let pendingFailure: Error | undefined;
    /** The command's process group on the host, once announced. */
    let pgid: number | undefined;
    let groupHead: Buffer | undefined = options.groupMarker !== undefined ? Buffer.alloc(0) : undefined;
    let interrupted = false;
    let termSent = false;
    let killSent = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const deliveries: Promise<void>[] = [];
    const signalGroup = (signal: StopSignal): void => {
      if (pgid === undefined || !options.stopGroup) return;
      deliveries.push(options.stopGroup(pgid, signal).catch(() => undefined));
    };

    const cleanup = (): void => {
      clearTimeout(killTimer);
      clearTimeout(timeoutTimer);
      clearTimeout(becomeTimer);
      clearTimeout(graceTimer);
      options.signal?.removeEventListener('abort', onAbort);
      options.stop?.force?.removeEventListener('abort', escalate);
    };
    /** Settles once the stop requests sent so far have reached the host (or a bound passed). */
    const afterDeliveries = (settle: () => void): void => {
      // An interrupted group may hold members that ignored TERM; the leader's exit does not end them.
      if (interrupted && !killSent) {
        killSent = true;
        signalGroup('KILL');
      }
      if (deliveries.length === 0) return settle();
      let called = false;
      const done = (): void => {
        if (called) return;
        called = true;
        clearTimeout(bound);
        settle();
      };
      const bound = setTimeout(done, STOP_DELIVERY_MS);
      void Promise.allSettled(deliveries).then(done);
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
      const endedAt = new Date();
      afterDeliveries(() => report(rc, signal, endedAt));
    };
    const report = (rc: number, signal: string | undefined, endedAt: Date): void => {
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
        stdout: stdout.bytes(),
        stderr: stderr.bytes(),
        ...(stdout.cut || stderr.cut ? { outputBytes: { stdout: stdout.total, stderr: stderr.total } } : {}),
        startedAt,
        endedAt,
        ...(timedOut ? { timedOut: true, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) } : {}),
        ...(signal ? { signal } : {}),
      });
    };
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      cleanup();
      afterDeliveries(() => reject(error));
    };
    const kill = (): void => {
      if (!proc || killTimer) return;
      killSent = true;
      signalGroup('KILL');
      proc.kill();
      killTimer = setTimeout(() => finish(-1, 'KILL'), KILL_GRACE_MS);
    };
    function escalate(): void {
      kill();
    }
    /** Stops the process, then reports `error` once it is gone. */
    const abortWith = (error: Error): void => {
      if (!pendingFailure) pendingFailure = error;
      kill();
    };
    /** TERM to the whole group once it is known, KILL when the grace period ends. */
    const sendTerm = (): void => {
      if (termSent || killSent || pgid === undefined) return;
      termSent = true;
      signalGroup('TERM');
    };
    function onAbort(): void {
      if (!pendingFailure) pendingFailure = new CommandAbortedError();
      interrupted = true;
      // Without a way to reach the command's group there is nothing to stop gracefully: close the
      // process at once.
      if (!proc || !options.stopGroup || options.groupMarker === undefined) return kill();
      // A privilege change still under way: the command may already run as the other user (whose
      // processes only a signal to its group reaches), so it is stopped like any other once the
      // change is confirmed (a TERM lets it clean up; the become timeout and the grace period bound
      // the wait). Sent now, the stop would cut off the command's input and leave its cleanup to
      // outlive the run.
      if (driver === undefined || driver.done) sendTerm();
      // The group may have ended while TERM was delivered: nothing left to wait for.
      if (settled) return;
      if (options.stop?.force?.aborted) return kill();
      options.stop?.force?.addEventListener('abort', escalate, { once: true });
      graceTimer = setTimeout(escalate, options.stop?.graceMs ?? DEFAULT_STOP_GRACE_MS);
    }
    /** Strips the group announcement (the command's first stdout line); returns the rest. */
    const takeGroupLine = (chunk: Buffer): Buffer | undefined => {
      if (groupHead === undefined) return chunk;
      const head = Buffer.concat([groupHead, chunk]);
      const prefix = `${options.groupMarker} `;
      const overlap = Math.min(head.length, prefix.length);
      if (head.subarray(0, overlap).toString('latin1') !== prefix.slice(0, overlap)) {
        // Not the announcement (something else printed first): output as it is, at once.
        groupHead = undefined;
        return head;
      }
      const newline = head.indexOf(10);
      if (newline < 0) {
        if (head.length <= MAX_GROUP_LINE) {
          groupHead = head;
          return undefined;
        }
        groupHead = undefined;
        return head;
      }
      groupHead = undefined;
      const line = head.subarray(0, newline).toString('utf8');
      if (!line.startsWith(prefix) || !/^\d+$/.test(line.slice(prefix.length))) return head;
      pgid = Number(line.slice(prefix.length));
      if (interrupted) sendTerm();
      if (killSent) signalGroup('KILL');
      const rest = head.subarray(newline + 1);
      return rest.length > 0 ? rest : undefined;
    };

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
          if (interrupted) {
            proc?.stdin.end();
            sendTerm();
          } else writeUserStdin();
        } else abortWith(new ConnectionError('become', step.message, options.hostName));
      }
    };
    const emit = (chunk: Buffer, into: BoundedBuffer, callback?: (chunk: Buffer) => void): void => {
      into.push(chunk);
      callback?.(chunk);
    };

    const events: ProcessEvents = {
      onStdout(raw) {
        const chunk = takeGroupLine(raw);
        if (chunk === undefined) return;
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

/** Output kept in memory: everything, or the first `limit` bytes (cut at a UTF-8 character boundary). */
class BoundedBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly limit: number | undefined) {}

  get cut(): boolean {
    return this.limit !== undefined && this.total > this.limit;
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const room = this.limit === undefined ? chunk.length : Math.min(chunk.length, this.limit - this.kept);
    if (room <= 0) return;
    this.chunks.push(room === chunk.length ? chunk : chunk.subarray(0, room));
    this.kept += room;
  }

  bytes(): Buffer {
    const all = Buffer.concat(this.chunks);
    if (!this.cut) return all;
    // Drop a character the cut split in two instead of turning it into U+FFFD.
    let end = all.length;
    let back = 0;
    while (back < 3 && end - back - 1 >= 0 && (all[end - back - 1] & 0xc0) === 0x80) back++;
    const lead = all[end - back - 1];
    if (lead !== undefined && lead >= 0xc0) {
      const width = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
      if (back + 1 < width) end -= back + 1;
    }
    return all.subarray(0, end);
  }
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
    ...(raw.timedOut ? { timedOut: true, ...(raw.timeoutMs !== undefined ? { timeoutMs: raw.timeoutMs } : {}) } : {}),
    ...(raw.signal ? { signal: raw.signal } : {}),
    ...(raw.outputBytes ? { outputBytes: raw.outputBytes } : {}),
  };
}
