/**
 * The executor's output is a stream of typed events; reporters (console, JSON lines, report
 * file, journal) consume it and are the only code that prints or writes results.
 */

import type { FileDiff } from '../diff/file-diff';
import type { GoValue } from '../core/values';

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable' | 'rescued' | 'ignored' | 'unknown';

export interface HostStats {
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
  unreachable: number;
  rescued: number;
  ignored: number;
  /** Check mode: results that cannot be known without really running (docs/cli.md#unknown-values-in-check-mode). */
  unknown: number;
}

export interface TaskRef {
  readonly play: string;
  readonly role?: string;
  readonly task: string;
  /** `file:line` of the task. */
  readonly source: string;
  readonly module: string;
  readonly handler?: boolean;
}

export interface HostResult {
  readonly host: string;
  readonly status: HostStatus;
  readonly item?: GoValue;
  /** The rendered `loop_control.label` of the item, when the task sets one. */
  readonly label?: string;
  readonly rc?: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The whole stdout/stderr when it was longer than the cap kept in `stdout`/`stderr` (1 MiB). */
  readonly stdoutFile?: string;
  readonly stderrFile?: string;
  readonly msg?: string;
  readonly durationMs: number;
  readonly diff?: readonly FileDiff[];
  /** `delegate_to` target, when different from host. */
  readonly delegatedTo?: string;
  /** Why a check-mode outcome cannot be known, or why a task was skipped. */
  readonly reason?: string;
  readonly noLog?: boolean;
  /** Per-item results of a loop, in order. */
  readonly items?: readonly HostResult[];
  /** Set when the module reported a change whatever the status (a failed command reports one). */
  readonly changed?: boolean;
  /** The result was recorded by the run this one resumes; the task did not run again (`--resume`). */
  readonly resumed?: boolean;
}

/**
 * What a warning is about: `no-value` a template printed `<no value>` (a variable that does not
 * exist, usually a typo); `condition` a condition rendered to neither true nor false;
 * `host-pattern` a play's `hosts` entry or a `--limit` term selected no host; `resume` an input or
 * file changed since the run a `--resume` continues.
 */
export type WarningKind = 'no-value' | 'condition' | 'host-pattern' | 'resume';

/** Something that is probably a mistake although the run went on (docs/cli.md#warnings). */
export interface RunWarning {
  readonly kind: WarningKind;
  readonly message: string;
  /** `file:line:col` the warning points at. */
  readonly source?: string;
  readonly host?: string;
  readonly play?: string;
  readonly task?: string;
  /** For `no-value`: the expression that had no value, as written (`.kube_vesion`). */
  readonly variable?: string;
}

/** `debug` and `warning` come from modules; `command` is a command line as sent to the host (-vvv). */
export type LogKind = 'debug' | 'warning' | 'command';

export type RunEvent =
  | {
      readonly type: 'run_start';
      readonly runId: string;
      readonly playbook: string;
      readonly check: boolean;
      readonly time: string;
      /** The process running it: `kplay runs` tells a run still going from one whose process died. */
      readonly pid?: number;
      /** What started it: `run`, `create cluster`, `precheck`… */
      readonly command?: string;
      readonly reportFile?: string;
      /** The run this one resumes (`--resume`). */
      readonly resumedFrom?: string;
    }
  | { readonly type: 'play_start'; readonly play: string; readonly hosts: readonly string[]; readonly time: string }
  | { readonly type: 'task_start'; readonly task: TaskRef; readonly hosts: readonly string[]; readonly time: string }
  | { readonly type: 'host_result'; readonly task: TaskRef; readonly result: HostResult; readonly time: string }
  | { readonly type: 'task_end'; readonly task: TaskRef; readonly durationMs: number; readonly time: string }
  | { readonly type: 'log'; readonly task: TaskRef; readonly host: string; readonly kind: LogKind; readonly text: string; readonly time: string }
  | { readonly type: 'warning'; readonly warning: RunWarning; readonly time: string }
  | { readonly type: 'play_end'; readonly play: string; readonly time: string }
  | {
      readonly type: 'run_end';
      readonly status: 'succeeded' | 'failed';
      readonly exitCode: number;
      readonly stats: Readonly<Record<string, HostStats>>;
      readonly detail: GoValue;
      readonly error?: string;
      readonly time: string;
    };

export interface Reporter {
  handle(event: RunEvent): void;
  /** Called once after run_end; flushes files. */
  close?(): Promise<void>;
}

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0, rescued: 0, ignored: 0, unknown: 0 };
}
