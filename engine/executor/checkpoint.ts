/**
 * The executor's side of checkpoints and resume (docs/cli.md#what-a-resume-restores).
 *
 * Every task, handler and `vars` merge has a position key built from the playbook's structure
 * (`p1/tasks/3/block/0`, `p0/roles/2/t/5`, `p1/h1/0` for the second handler flush's first
 * handler), so a resumed run walks the same playbook and finds, per host, what had finished:
 * a finished task is not run again on that host, its recorded result is shown as `resumed`, and
 * what it decided (failure, change, notification) steers the walk exactly as it did the first
 * time. Runtime variables are not recomputed: every write to them was recorded in order and is
 * replayed into the new run's variable store before the first task.
 */
import type { HostResult } from '../events/types';
import type { StoreChange } from '../variables/store';
import type { TaskNode } from '../project/model';
import { encodeValue, type Encoded } from './checkpoint-codec';
import { CheckpointWriter, type CheckpointData, type Delta, type HostRecord, type LogLine, type VarsRecord } from './checkpoint-file';

/** Where a task stands in the playbook, and whether a failure there is rescued. */
export interface CheckpointSite {
  readonly key: string;
  readonly rescuable: boolean;
}

/** What a resumed run takes over from the run it continues: per host, the tasks that finished. */
export class ResumePoint {
  private readonly done = new Map<string, HostRecord>();
  private readonly varsDone = new Set<string>();

  constructor(records: readonly HostRecord[], vars: readonly VarsRecord[]) {
    for (const r of records) this.done.set(`${r.k}\u0000${r.h}`, r);
    for (const v of vars) for (const h of v.h) this.varsDone.add(`${v.k}\u0000${h}`);
  }

  /** The finished result of this task on this host; none when the task at this position is another one now. */
  finished(key: string, host: string, task: TaskNode): HostRecord | undefined {
    const r = this.done.get(`${key}\u0000${host}`);
    return r !== undefined && r.task === task.name && r.module === task.module ? r : undefined;
  }

  varsMerged(key: string, host: string): boolean {
    return this.varsDone.has(`${key}\u0000${host}`);
  }

  get size(): number {
    return this.done.size;
  }
}

/**
 * Which records of a checkpoint a resume keeps. A host that left the run (failed or unreachable)
 * is retried where it failed: from the start of the role the failing task belongs to (values the
 * role computed from the inputs, which a resume may have fixed, are computed again), or from the
 * task itself outside roles. The failure that made it leave is its first one no `rescue` took over.
 */
export function resumableRecords(data: CheckpointData): { records: HostRecord[]; vars: VarsRecord[]; retried: string[] } {
  const fatal = (r: HostRecord) => r.s === 'unreachable' || (r.s === 'failed' && !r.rs);
  const rewind = new Map<string, string>();
  for (const r of data.records) if (!rewind.has(r.h) && fatal(r)) rewind.set(r.h, retryPoint(r.k));
  const records: HostRecord[] = [];
  const dropping = new Set<string>();
  for (const r of data.records) {
    const point = rewind.get(r.h);
    if (point !== undefined && (r.k === point || r.k.startsWith(`${point}/`))) dropping.add(r.h);
    if (!dropping.has(r.h)) records.push(r);
  }
  const vars = data.vars
    .map((v) => {
      const dropped = v.h.filter((h) => {
        const point = rewind.get(h);
        return point !== undefined && (v.k === `${point}#vars` || v.k.startsWith(`${point}/`));
      });
      return dropped.length === 0 ? v : { ...v, h: v.h.filter((h) => !dropped.includes(h)) };
    })
    .filter((v) => v.h.length > 0);
  return { records, vars, retried: [...rewind.keys()] };
}

/** The innermost role around a position (`p2/roles/0/dep1/t/4` → `p2/roles/0/dep1`), or the position. */
function retryPoint(key: string): string {
  const parts = key.split('/');
  for (let i = parts.length - 1; i > 0; i--) {
    if (/^dep\d+$/.test(parts[i]) || (parts[i - 1] === 'roles' && /^\d+$/.test(parts[i]))) return parts.slice(0, i + 1).join('/');
  }
  return key;
}

/** Sources of the state a snapshot needs (the run's variable store). */
export interface CheckpointState {
  hostNames(): readonly string[];
  runtime(host: string): Encoded;
  facts(host: string): Encoded;
  result(): Encoded;
}

/**
 * Records a run's progress and answers a resumed run's questions. Created by engine/run for runs
 * with a journal; the executor calls it through `ExecutorServices.checkpoint`.
 */
export class Checkpointer {
  private readonly writer: CheckpointWriter;
  private pending: Delta[] = [];
  private failedCount = 0;
  private unreachableCount = 0;
  private failed: string[] = [];
  private unreachable: string[] = [];

  constructor(
    dir: string,
    private readonly state: CheckpointState,
    private readonly resume?: ResumePoint,
    /** The records a resumed run starts from (the finished part of the run it continues). */
    inherited?: { readonly records: readonly HostRecord[]; readonly vars: readonly VarsRecord[] },
  ) {
    this.writer = new CheckpointWriter(
      dir,
      () => this.snapshot(),
      inherited !== undefined ? { ...this.snapshot(), records: [...inherited.records], vars: [...inherited.vars] } : undefined,
    );
  }

  /** A write to the runtime state (from the variable store's change listener). */
  change(delta: Delta): void {
    this.pending.push(delta);
  }

  /** The finished result of `task` at `site` on `host` in the run being resumed. */
  finished(site: CheckpointSite | undefined, host: string, task: TaskNode): HostRecord | undefined {
    return site === undefined ? undefined : this.resume?.finished(site.key, host, task);
  }

  /** The hosts a `vars` mapping still has to be merged on (a resumed run restored the others). */
  varsPending(key: string, hosts: readonly string[]): string[] {
    const resume = this.resume;
    return resume === undefined ? [...hosts] : hosts.filter((h) => !resume.varsMerged(key, h));
  }

  varsMerged(key: string, hosts: readonly string[]): void {
    if (hosts.length === 0) return;
    this.write({ t: 'v', k: key, h: [...hosts] });
  }

  /** A task finished on a host: queued at once, written at the latest when the task ends. */
  finish(site: CheckpointSite, task: TaskNode, result: HostResult, notified: boolean, failed: ReadonlySet<string>, unreachable: ReadonlySet<string>): void {
    const failedChanged = failed.size !== this.failedCount;
    const unreachableChanged = unreachable.size !== this.unreachableCount;
    if (failedChanged) {
      this.failedCount = failed.size;
      this.failed = [...failed];
    }
    if (unreachableChanged) {
      this.unreachableCount = unreachable.size;
      this.unreachable = [...unreachable];
    }
    const line: HostRecord & { d?: readonly Delta[]; f?: readonly string[]; u?: readonly string[] } = {
      t: 'h',
      k: site.key,
      h: result.host,
      s: result.status,
      c: result.changed === true || result.status === 'changed',
      n: notified,
      rs: site.rescuable,
      task: task.name,
      module: task.module,
      file: task.pos.file,
      r: result,
    };
    // Set only when there is something: one line per host and task, the common case stays small.
    if (this.pending.length > 0) {
      line.d = this.pending;
      this.pending = [];
    }
    if (failedChanged) line.f = this.failed;
    if (unreachableChanged) line.u = this.unreachable;
    this.writer.append(line);
  }

  /** Writes what is queued: a task is recorded before its end is reported. */
  taskEnded(): void {
    this.writer.flush();
  }

  /** Hosts that left the run since the last line (recorded with the next one, or at the end). */
  close(failed: ReadonlySet<string>, unreachable: ReadonlySet<string>): void {
    if (failed.size !== this.failedCount || unreachable.size !== this.unreachableCount || this.pending.length > 0) {
      this.failedCount = failed.size;
      this.unreachableCount = unreachable.size;
      this.failed = [...failed];
      this.unreachable = [...unreachable];
      this.writer.append({ t: 'v', k: 'end', h: [], d: this.pending, f: this.failed, u: this.unreachable });
      this.pending = [];
    }
    this.writer.close();
  }

  private write(record: VarsRecord): void {
    const line: LogLine = this.pending.length > 0 ? { ...record, d: this.pending } : record;
    this.pending = [];
    this.writer.append(line);
  }

  private snapshot(): { deltas: Delta[]; failed: string[]; unreachable: string[] } {
    const deltas: Delta[] = [];
    for (const host of this.state.hostNames()) {
      const runtime = this.state.runtime(host);
      const facts = this.state.facts(host);
      if (runtime !== null && typeof runtime === 'object' && Object.keys(runtime).length > 0) deltas.push(['m', host, runtime]);
      if (facts !== null && typeof facts === 'object' && Object.keys(facts).length > 0) deltas.push(['f', host, facts]);
    }
    const result = this.state.result();
    if (result !== null) deltas.push(['r', result]);
    this.pending = [];
    return { deltas, failed: [...this.failed], unreachable: [...this.unreachable] };
  }
}

/** The store's change, as a delta line. */
export function deltaOf(change: StoreChange): Delta {
  switch (change.kind) {
    case 'runtime':
      return ['m', change.host, encodeValue(change.data)];
    case 'facts':
      return ['f', change.host, encodeValue(change.facts)];
    case 'result':
      return ['r', encodeValue(change.value)];
  }
}
