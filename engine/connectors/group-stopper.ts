/**
 * Delivers stop signals to commands' process groups on one host. An interruption stops every
 * running command at once, so the requests made in one turn of the event loop travel together in
 * one `kill` command per privilege (one extra session, one sudo prompt) instead of one each.
 */
import type { StopSignal } from './supervise';
import type { BecomeOptions } from './types';

/** Runs `command` on the host as the login user, or through `become`; resolves when it ended. */
export type StopCommandRunner = (command: string, become: BecomeOptions | undefined) => Promise<void>;

interface Batch {
  readonly become: BecomeOptions | undefined;
  readonly groups: Map<StopSignal, Set<number>>;
  readonly waiters: (() => void)[];
}

/** `kill -s TERM -- -12 -34; kill -s KILL -- -56`; groups already gone are not an error. */
export function stopCommand(groups: ReadonlyMap<StopSignal, ReadonlySet<number>>): string {
  const parts: string[] = [];
  for (const signal of ['TERM', 'KILL'] as const) {
    const ids = [...(groups.get(signal) ?? [])];
    if (ids.length > 0) parts.push(`kill -s ${signal} -- ${ids.map((id) => `-${id}`).join(' ')} 2>/dev/null`);
  }
  parts.push('exit 0');
  return parts.join('; ');
}

export class GroupStopper {
  private readonly batches = new Map<string, Batch>();

  constructor(private readonly run: StopCommandRunner) {}

  stop(pgid: number, signal: StopSignal, become: BecomeOptions | undefined): Promise<void> {
    // A group id of 0 or 1 would signal the caller's own group or every process: never valid here.
    if (!Number.isInteger(pgid) || pgid <= 1) return Promise.resolve();
    const key = become === undefined ? '' : `${become.method}:${become.user}`;
    let batch = this.batches.get(key);
    if (batch === undefined) {
      const created: Batch = { become, groups: new Map(), waiters: [] };
      this.batches.set(key, created);
      setImmediate(() => this.flush(key, created));
      batch = created;
    }
    let ids = batch.groups.get(signal);
    if (ids === undefined) batch.groups.set(signal, (ids = new Set()));
    ids.add(pgid);
    const waiters = batch.waiters;
    return new Promise((resolve) => waiters.push(resolve));
  }

  private flush(key: string, batch: Batch): void {
    if (this.batches.get(key) === batch) this.batches.delete(key);
    const done = (): void => {
      for (const resolve of batch.waiters) resolve();
    };
    this.run(stopCommand(batch.groups), batch.become).then(done, done);
  }
}
