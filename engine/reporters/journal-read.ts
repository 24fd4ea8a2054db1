/**
 * Reads run journals back (`<workdir>/runs/<id>/events.jsonl`, written by journal.ts): one
 * summary per run for `kplay runs`, `kplay web` and `--resume last`, and the pruning of old runs
 * (docs/cli.md#kplay-runs).
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HostStats, RunEvent } from '../events/types';

/** `running` only while the process that wrote `run_start` is alive; otherwise `interrupted`. */
export type JournalRunState = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface JournalFailure {
  readonly play: string;
  readonly task: string;
  readonly host: string;
  readonly status: string;
  readonly msg: string;
  readonly source: string;
}

export interface JournalSummary {
  readonly id: string;
  readonly playbook: string;
  /** `run`, `create cluster`, `precheck`… (absent in journals of older versions). */
  readonly command?: string;
  readonly check: boolean;
  readonly state: JournalRunState;
  readonly started: string;
  readonly ended?: string;
  readonly durationMs?: number;
  readonly exitCode?: number;
  readonly stats?: Readonly<Record<string, HostStats>>;
  readonly error?: string;
  /** Every host a play started on, first seen first. */
  readonly hosts: readonly string[];
  readonly pid?: number;
  readonly reportFile?: string;
  /** The run this one resumed (its journal names it in run_start). */
  readonly resumedFrom?: string;
  /** Failed and unreachable results, in order (`kplay runs show`). */
  readonly failures: readonly JournalFailure[];
}

/** Interruption exit codes (SIGHUP, SIGINT, SIGTERM). */
const INTERRUPTED_CODES = new Set([129, 130, 143]);

function parseLine(line: string): RunEvent | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' ? (value as RunEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface SummarizeOptions {
  /** Decides `running` against `interrupted` for a journal without run_end; default: signal 0 to its pid. */
  readonly alive?: (pid: number) => boolean;
}

/** The summary of a run from its journal lines (all of them, or those written so far). */
export function summarizeJournal(id: string, lines: readonly string[], options: SummarizeOptions = {}): JournalSummary | undefined {
  const first = lines.length > 0 ? parseLine(lines[0]) : undefined;
  if (first?.type !== 'run_start') return undefined;
  const hosts = new Set<string>();
  const failures: JournalFailure[] = [];
  let end: Extract<RunEvent, { type: 'run_end' }> | undefined;
  for (const line of lines) {
    const event = parseLine(line);
    if (event === undefined) continue;
    if (event.type === 'play_start') for (const h of event.hosts) hosts.add(h);
    else if (event.type === 'host_result' && (event.result.status === 'failed' || event.result.status === 'unreachable')) {
      failures.push({ play: event.task.play, task: event.task.task, host: event.result.host, status: event.result.status, msg: event.result.msg ?? event.result.stderr, source: event.task.source });
    } else if (event.type === 'run_end') end = event;
  }
  const base = {
    id,
    playbook: first.playbook,
    ...(first.command !== undefined ? { command: first.command } : {}),
    check: first.check,
    started: first.time,
    hosts: [...hosts],
    ...(first.pid !== undefined ? { pid: first.pid } : {}),
    ...(first.reportFile !== undefined ? { reportFile: first.reportFile } : {}),
    ...(first.resumedFrom !== undefined ? { resumedFrom: first.resumedFrom } : {}),
    failures,
  };
  if (end !== undefined) {
    const duration = Date.parse(end.time) - Date.parse(first.time);
    return {
      ...base,
      state: INTERRUPTED_CODES.has(end.exitCode) ? 'interrupted' : end.status,
      ended: end.time,
      ...(Number.isFinite(duration) ? { durationMs: duration } : {}),
      exitCode: end.exitCode,
      stats: end.stats,
      ...(end.error !== undefined ? { error: end.error } : {}),
    };
  }
  // No run_end: the run is still going, or its process died (SIGKILL, a crash, a power cut).
  const alive = options.alive ?? pidAlive;
  return { ...base, state: first.pid === undefined || alive(first.pid) ? 'running' : 'interrupted' };
}

export function journalLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

/** Run ids are folder names the engine makes (ISO time and a random suffix). */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export function isRunId(id: string): boolean {
  return RUN_ID.test(id);
}

export function runsDir(workDir: string): string {
  return join(workDir, 'runs');
}

export function journalFile(workDir: string, id: string): string {
  return join(workDir, 'runs', id, 'events.jsonl');
}

/** Ids of the runs with a journal, oldest first (ids start with their ISO start time). */
export function runIds(workDir: string): string[] {
  const dir = runsDir(workDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((id) => isRunId(id) && existsSync(journalFile(workDir, id)))
    .sort();
}

export function readJournalSummary(workDir: string, id: string, options: SummarizeOptions = {}): JournalSummary | undefined {
  if (!isRunId(id)) return undefined;
  const file = journalFile(workDir, id);
  if (!existsSync(file)) return undefined;
  return summarizeJournal(id, journalLines(readFileSync(file, 'utf8')), options);
}

/** Every readable run, oldest first. */
export function listJournalRuns(workDir: string, options: SummarizeOptions = {}): JournalSummary[] {
  return runIds(workDir)
    .map((id) => readJournalSummary(workDir, id, options))
    .filter((s): s is JournalSummary => s !== undefined);
}

/** How many runs `kplay run` and the cluster commands keep (docs/cli.md#kplay-runs). */
export const DEFAULT_KEEP_RUNS = 50;

/**
 * Deletes the run directories beyond the `keep` newest. A run still going is never deleted, nor
 * is the newest run of each resume chain that has not succeeded (it may still be resumed).
 * Returns the ids removed.
 */
export function pruneRuns(workDir: string, keep: number, options: SummarizeOptions = {}): string[] {
  // Reading every journal is the costly part: not needed while there are few enough runs.
  if (runIds(workDir).length <= keep) return [];
  const runs = listJournalRuns(workDir, options);
  const resumedLater = new Set(runs.map((r) => r.resumedFrom).filter((id): id is string => id !== undefined));
  const candidates = runs.slice(0, Math.max(0, runs.length - keep));
  const removed: string[] = [];
  for (const run of candidates) {
    if (run.state === 'running') continue;
    if (run.state !== 'succeeded' && !resumedLater.has(run.id) && run === newestResumable(runs)) continue;
    rmSync(join(runsDir(workDir), run.id), { recursive: true, force: true });
    removed.push(run.id);
  }
  return removed;
}

function newestResumable(runs: readonly JournalSummary[]): JournalSummary | undefined {
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i].state !== 'succeeded' && runs[i].state !== 'running') return runs[i];
  return undefined;
}

/** The journal's modification stamp, for readers that cache summaries. */
export function journalStamp(workDir: string, id: string): string | undefined {
  const file = journalFile(workDir, id);
  if (!existsSync(file)) return undefined;
  const st = statSync(file);
  return `${st.size}:${st.mtimeMs}`;
}
