/** What `--resume` continues (engine/run/resume.ts decides it, the runner starts from it). */
import type { Delta, HostRecord, VarsRecord } from '../executor/checkpoint-file';

export type ResumePlan =
  | { readonly kind: 'succeeded'; readonly runId: string }
  | {
      readonly kind: 'resume';
      readonly runId: string;
      readonly records: readonly HostRecord[];
      readonly vars: readonly VarsRecord[];
      readonly deltas: readonly Delta[];
      /** Hosts that failed or were unreachable: retried from the task where they failed. */
      readonly retried: readonly string[];
      /** Changed inputs and files, for the run to show at its start. */
      readonly notes: readonly string[];
    };
