/**
 * The checkpoint of a run on disk (docs/cli.md#what-a-resume-restores), in the run directory:
 *
 * * `checkpoint-<gen>.log`: one JSON line per finished task per host (and per `vars` merge), each
 *   carrying the runtime writes (register, set_fact, add_hostvars, facts, vars) made since the
 *   line before. Whole lines are appended with write(2), at the latest when the task ends (before
 *   its end is reported) or 200 ms after a host finished, so a process killed at any instant leaves whole lines; a line cut short
 *   by a power loss fails to parse and is dropped with everything after it.
 * * `checkpoint.json`: the compacted state (every host's runtime and facts, all records) written
 *   through a temporary file, fsync and rename when the log grows past a threshold; it names the
 *   log generation that continues it.
 *
 * Both are 0600: they hold the run's real values, secrets included.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { HostResult, HostStatus } from '../events/types';
import type { Encoded } from './checkpoint-codec';

/** A task (or handler) that finished on one host. */
export interface HostRecord {
  readonly t: 'h';
  /** Position in the playbook: play, section, entry path, block part, role (checkpoint.ts). */
  readonly k: string;
  readonly h: string;
  readonly s: HostStatus;
  /** The module reported a change. */
  readonly c: boolean;
  /** The task notified its handlers on this host. */
  readonly n: boolean;
  /** A failure a `rescue` of an enclosing block took over. */
  readonly rs: boolean;
  readonly task: string;
  readonly module: string;
  /** The file the task is written in (a resume refuses edits there, docs/cli.md#resume). */
  readonly file: string;
  /** The result as the output showed it (redacted). */
  readonly r: HostResult;
}

/** A `vars` mapping that was merged on these hosts. */
export interface VarsRecord {
  readonly t: 'v';
  readonly k: string;
  readonly h: readonly string[];
}

/** A runtime write: merge into runtime, replace facts, merge into the result document. */
export type Delta = readonly ['m', string, Encoded] | readonly ['f', string, Encoded] | readonly ['r', Encoded];

export type LogLine = (HostRecord | VarsRecord) & {
  readonly d?: readonly Delta[];
  /** Hosts that failed / became unreachable so far, when that changed. */
  readonly f?: readonly string[];
  readonly u?: readonly string[];
};

export interface CheckpointData {
  readonly records: HostRecord[];
  readonly vars: VarsRecord[];
  /** Every runtime write, oldest first: replayed into a fresh variable store. */
  readonly deltas: Delta[];
  failed: string[];
  unreachable: string[];
}

interface Snapshot {
  readonly version: 1;
  readonly gen: number;
  readonly deltas: Delta[];
  readonly records: HostRecord[];
  readonly vars: VarsRecord[];
  readonly failed: string[];
  readonly unreachable: string[];
}

export const SNAPSHOT_FILE = 'checkpoint.json';
export const logFile = (dir: string, gen: number): string => join(dir, `checkpoint-${gen}.log`);

export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, SNAPSHOT_FILE)) || existsSync(logFile(dir, 0));
}

/** The last complete checkpoint of a run directory. */
export function readCheckpoint(dir: string): CheckpointData {
  const data: CheckpointData = { records: [], vars: [], deltas: [], failed: [], unreachable: [] };
  let gen = 0;
  const snapshotPath = join(dir, SNAPSHOT_FILE);
  if (existsSync(snapshotPath)) {
    const snap = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Snapshot;
    gen = snap.gen;
    data.records.push(...snap.records);
    data.vars.push(...snap.vars);
    data.deltas.push(...snap.deltas);
    data.failed = [...snap.failed];
    data.unreachable = [...snap.unreachable];
  }
  const log = logFile(dir, gen);
  if (!existsSync(log)) return data;
  const text = readFileSync(log, 'utf8');
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    let line: LogLine;
    try {
      line = JSON.parse(text.slice(start, end)) as LogLine;
    } catch {
      break;
    }
    start = end + 1;
    if (line.d !== undefined) data.deltas.push(...line.d);
    if (line.f !== undefined) data.failed = [...line.f];
    if (line.u !== undefined) data.unreachable = [...line.u];
    if (line.t === 'h') data.records.push(stripLine(line) as HostRecord);
    else data.vars.push(stripLine(line) as VarsRecord);
  }
  return data;
}

function stripLine(line: LogLine): HostRecord | VarsRecord {
  const { d: _d, f: _f, u: _u, ...record } = line;
  return record;
}

/** How long a finished host's line may wait for the others of its task before it is written. */
const FLUSH_MS = 200;

/** Compact once the log holds this much; the snapshot costs about the size of the state. */
const COMPACT_BYTES = 8 * 1024 * 1024;

/** Appends checkpoint lines and compacts; every method is synchronous so that order is kept. */
export class CheckpointWriter {
  private fd: number;
  private gen = 0;
  private bytes = 0;

  constructor(
    private readonly dir: string,
    /** The variable state and host sets for a snapshot; the records are read back from the files. */
    private readonly state: () => Pick<Snapshot, 'deltas' | 'failed' | 'unreachable'>,
    initial?: CheckpointData,
  ) {
    if (initial !== undefined) {
      // A resumed run starts from what it restored: one snapshot, then its own log.
      this.gen = 1;
      this.writeSnapshot({ version: 1, gen: 1, ...initial });
    }
    this.fd = openSync(logFile(dir, this.gen), 'a', 0o600);
  }

  private buffered: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  /**
   * Queues a line. Queued lines go out together in one write(2) when the task ends (`flush`), or
   * after FLUSH_MS while a long task is still running on other hosts: a write per host result
   * would cost more than the recording itself.
   */
  append(line: LogLine): void {
    this.buffered.push(`${JSON.stringify(line)}\n`);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffered.length === 0) return;
    const text = this.buffered.length === 1 ? this.buffered[0] : this.buffered.join('');
    this.buffered = [];
    writeSync(this.fd, text);
    // Characters, not bytes: close enough to decide when to compact.
    this.bytes += text.length;
    if (this.bytes > COMPACT_BYTES) this.compact();
  }

  /** Writes the whole state as a snapshot and starts a new, empty log generation. */
  compact(): void {
    this.flush();
    const next = this.gen + 1;
    // Records stay on disk rather than in memory: a run of many hosts and tasks makes many.
    const { records, vars } = readCheckpoint(this.dir);
    this.writeSnapshot({ version: 1, gen: next, records, vars, ...this.state() });
    const old = this.fd;
    const oldGen = this.gen;
    this.fd = openSync(logFile(this.dir, next), 'a', 0o600);
    this.gen = next;
    this.bytes = 0;
    closeSync(old);
    rmSync(logFile(this.dir, oldGen), { force: true });
  }

  private writeSnapshot(snapshot: Snapshot): void {
    const target = join(this.dir, SNAPSHOT_FILE);
    const temp = `${target}.tmp-${process.pid}`;
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(snapshot));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
    // The rename itself is durable once the directory is synced.
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }

  close(): void {
    this.flush();
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
  }
}
