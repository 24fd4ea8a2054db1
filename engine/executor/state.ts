import type { ConnectorConfigSource } from './connections';
import { emptyStats, type RunEvent, type HostStats } from '../events/types';
import type { ModuleDefinition } from '../modules/types';
import type { LoadedProject, VarsNode } from '../project/model';
import type { GoMap, GoValue } from '../core/values';
import type { Redactor } from './redactor';
import type { OutputFiles } from './output-capture';
import { countResult, type CountedResult } from './stats';
import type { Checkpointer } from './checkpoint';

/** What the executor needs from the variable store (engine/variables). */
export interface VariableAccess {
  view(host: string): GoMap;
  /** The host's `connector` map with its secrets (views mask them): for become, never for templates. */
  connector(host: string): GoValue;
  mergeRuntime(host: string, data: GoMap): void;
  /** Renders `vars` per host with that host's view and merges the typed result (`docs/playbooks.md#how-vars-are-merged`). */
  renderAndMergeVars(hosts: readonly string[], vars: VarsNode): void;
  setFacts(host: string, facts: GoMap): void;
  mergeResult(doc: GoValue): void;
  result(): GoValue;
}

export interface RunOptions {
  readonly check: boolean;
  readonly diff: boolean;
  readonly forks: number;
  readonly tags: readonly string[];
  readonly skipTags: readonly string[];
  readonly forceHandlers: boolean;
  readonly workDir: string;
  readonly verbosity: number;
  /** A template printing `<no value>` fails the task (also per host with `kplay_strict: true`). */
  readonly strict: boolean;
  /** `--start-at-task`: skip tasks until the first one this name (or glob) matches. */
  readonly startAtTask?: string;
  /** Aborted when the run is interrupted (SIGINT, SIGTERM, SIGHUP): running commands are stopped, nothing new starts. */
  readonly signal: AbortSignal;
}

export interface ExecutorServices {
  readonly project: LoadedProject;
  readonly vars: VariableAccess;
  readonly modules: ReadonlyMap<string, ModuleDefinition>;
  readonly connections: ConnectorConfigSource;
  /** Host patterns (play hosts, add_hostvars) → inventory hosts, in inventory order. */
  resolveHosts(patterns: readonly string[]): string[];
  /** Like resolveHosts, also naming the entries that selected no host. */
  matchHosts(patterns: readonly string[]): { readonly hosts: string[]; readonly unmatched: readonly string[] };
  readonly emit: (event: RunEvent) => void;
  readonly redactor: Redactor;
  /** Where command output past the cap goes; without it output is still capped, but not kept. */
  readonly outputs?: OutputFiles;
  /** Records progress for `--resume`, and answers what a resumed run had finished (checkpoint.ts). */
  readonly checkpoint?: Checkpointer;
}

/** Mutable state of one run. */
export class RunState {
  readonly stats = new Map<string, HostStats>();
  /** Hosts that failed or became unreachable: they take no further part in the run. */
  readonly failedHosts = new Set<string>();
  readonly unreachableHosts = new Set<string>();
  /** The `--start-at-task` name while its task has not been reached; undefined once it has. */
  startAtTask?: string;
  /** Handler name → hosts that notified it during the current play. */
  notified = new Map<string, Set<string>>();
  aborted = false;
  fatalError: string | undefined;
  /** Why the run stopped early although nothing beyond the failed hosts went wrong (exit code unchanged). */
  stopReason: string | undefined;
  /** Host patterns already warned about as matching nothing. */
  readonly warnedPatterns = new Set<string>();
  /** Every host a play was about to run on, first seen first: the order of the recap and stats. */
  readonly hostOrder = new Set<string>();

  /** Counts one task result of `host` in the recap (Ansible's rules, engine/executor/stats.ts). */
  count(host: string, result: CountedResult): void {
    countResult(this.statsOf(host), result);
  }

  statsOf(host: string): HostStats {
    let s = this.stats.get(host);
    if (s === undefined) {
      s = emptyStats();
      this.stats.set(host, s);
    }
    return s;
  }

  isActive(host: string): boolean {
    return !this.failedHosts.has(host) && !this.unreachableHosts.has(host);
  }
}
