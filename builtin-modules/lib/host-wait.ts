/**
 * Reaching a host that is going away and coming back (reboot, wait_for_connection): single
 * bounded attempts that turn a lost or refused connection into "not yet" instead of a failure.
 * The SSH connector reconnects by itself on the next command after a drop; a bounded attempt
 * only keeps one slow reconnect from eating the whole wait.
 */
import { type BecomeOptions, type ModuleConnector, ModuleArgumentError, parseDuration } from '../../engine/modules/module-api';

/** Connection failures a retry cannot fix: wrong credentials, a changed host key, an unknown name. */
const PERMANENT_CODES = new Set(['KP-CONN-003', 'KP-CONN-004', 'KP-CONN-005', 'KP-CONN-006', 'KP-CONN-008']);

export type Attempt =
  | { readonly ok: true; readonly stdout: string }
  | { readonly ok: false; readonly reason: string; readonly permanent: boolean };

/** A Go duration or a number of seconds ("90", 90, "1m30s"), in milliseconds. */
export function durationArg(value: string | number, key: string): number {
  const text = String(value);
  try {
    return parseDuration(/^\d+(\.\d+)?$/.test(text) ? `${text}s` : text);
  } catch (error) {
    throw new ModuleArgumentError(`"${key}": ${(error as Error).message}`);
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Runs `command` once, giving up after `limitMs`; never throws for a host that is not there. */
export async function attempt(
  connector: ModuleConnector,
  command: string,
  options: { readonly limitMs: number; readonly signal: AbortSignal; readonly become?: BecomeOptions },
): Promise<Attempt> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Attempt>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${options.limitMs / 1000} s`, permanent: false }), options.limitMs);
  });
  const run = connector
    .exec(command, { signal: options.signal, timeoutMs: options.limitMs, ...(options.become !== undefined ? { become: options.become } : {}) })
    .then(
      (result): Attempt =>
        result.rc === 0
          ? { ok: true, stdout: result.stdout }
          : { ok: false, reason: `"${command}" exited with status ${result.rc}${result.stderr.trim() ? `: ${result.stderr.trim()}` : ''}`, permanent: false },
      (error: unknown): Attempt => {
        const code = errorCode(error);
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, reason, permanent: code !== undefined && PERMANENT_CODES.has(code) };
      },
    );
  try {
    return await Promise.race([run, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits `ms`, or less when the task is aborted. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** Seconds since `start`, to one decimal (the registered `elapsed`). */
export function elapsedSince(start: number): number {
  return Math.round((Date.now() - start) / 100) / 10;
}
