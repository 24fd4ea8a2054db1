/**
 * Run history from the journals every run writes (`<workdir>/runs/<id>/events.jsonl`), so runs
 * started from a terminal show up beside the page's own.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { journalLines, summarizeJournal } from '../engine';
import { journalLiveness } from './journal-liveness';
import { isRunId, type Workspace } from './workspace';

export type RunState = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface RunSummary {
  readonly id: string;
  readonly playbook: string;
  readonly check: boolean;
  readonly state: RunState;
  readonly started: string;
  readonly ended?: string;
  readonly exitCode?: number;
  readonly stats?: Record<string, unknown>;
  readonly error?: string;
  /** `web` for runs this server started; absent for the others (the CLI, an earlier server). */
  readonly origin?: 'web';
}

interface ParsedEnd {
  readonly type: 'run_end';
  readonly detail?: unknown;
}

function parseLine(line: string): { type?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' ? (value) : undefined;
  } catch {
    return undefined;
  }
}

/** The summary of a run from its journal lines (all of them, or those written so far). */
export function summarize(id: string, lines: readonly string[]): RunSummary | undefined {
  const s = summarizeJournal(id, lines);
  if (s === undefined) return undefined;
  return {
    id,
    playbook: s.playbook,
    check: s.check,
    state: s.state,
    started: s.started,
    ...(s.ended !== undefined ? { ended: s.ended } : {}),
    ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
    ...(s.stats !== undefined ? { stats: s.stats } : {}),
    ...(s.error !== undefined ? { error: s.error } : {}),
  };
}

export { journalLines };

export class JournalReader {
  private readonly cache = new Map<string, { stamp: string; summary: RunSummary | undefined }>();

  constructor(private readonly workspace: Workspace) {}

  ids(): string[] {
    const dir = this.workspace.runsDir();
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((id) => isRunId(id) && existsSync(this.workspace.journalFile(id)));
  }

  lines(id: string): string[] | undefined {
    const file = this.workspace.journalFile(id);
    return existsSync(file) ? journalLines(readFileSync(file, 'utf8')) : undefined;
  }

  /** Summaries are re-read only when the journal changed. */
  summary(id: string): RunSummary | undefined {
    const file = this.workspace.journalFile(id);
    if (!existsSync(file)) return undefined;
    const st = statSync(file);
    const stamp = `${st.size}:${st.mtimeMs}`;
    const cached = this.cache.get(id);
    if (cached?.stamp === stamp) return cached.summary;
    const summary = summarize(id, journalLines(readFileSync(file, 'utf8')));
    this.cache.set(id, { stamp, summary });
    return summary;
  }

  /**
   * Summaries of journals this server is not running itself: one without its `run_end` is
   * `running` while some process still writes it, `interrupted` once none does (journal-liveness.ts).
   */
  settledSummaries(ids: readonly string[]): RunSummary[] {
    const found = ids.map((id) => this.summary(id)).filter((s): s is RunSummary => s !== undefined);
    const open = journalLiveness(found.filter((s) => s.state === 'running').map((s) => this.workspace.journalFile(s.id)));
    return found.map((s) => (s.state === 'running' && open.get(this.workspace.journalFile(s.id)) === 'closed' ? { ...s, state: 'interrupted' as const } : s));
  }

  /** The run_end event's report detail, when the run has ended. */
  report(id: string): unknown {
    const lines = this.lines(id);
    const last = lines === undefined || lines.length === 0 ? undefined : parseLine(lines[lines.length - 1]);
    return last?.type === 'run_end' ? (last as ParsedEnd).detail : undefined;
  }
}
