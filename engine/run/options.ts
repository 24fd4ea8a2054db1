/**
 * What one run is asked to do (the options object of the public API) and what it is given to do
 * it with (its dependencies). The run never prints, never exits and never reads process state:
 * the caller owns the terminal, the process and its signals.
 */
import type { ConnectorFactory } from '../connectors';
import type { GoMap } from '../core/values';
import type { Reporter } from '../events/types';
import type { ModuleDefinition } from '../modules/types';
import type { ResumePlan } from './resume-plan';

export interface RunOptions {
  /** The playbook file. */
  readonly playbook: string;
  /** Inventory (kind: Inventory); default: localhost only. */
  readonly inventoryFile?: string;
  /** Config (kind: Config); its spec keys are variables of every host. */
  readonly configFile?: string;
  /** `-e` entries: `key=value`, `@file.yaml` or `{json}`; highest precedence. */
  readonly extraVars?: readonly string[];
  /** Values written into the config before anything else reads it (cluster commands). */
  readonly configDefaults?: GoMap;
  /**
   * The `work_dir` variable playbooks see (the cluster project keeps downloads, certificates and
   * hook scripts there); defaults to `workDir`.
   */
  readonly projectWorkDir?: string;
  readonly check?: boolean;
  readonly diff?: boolean;
  readonly tags?: readonly string[];
  readonly skipTags?: readonly string[];
  /** Further limit hosts: `a:b`, `a:&b`, `a:!b`, `web*`, `~regex`. */
  readonly limit?: string;
  /** Hosts worked on in parallel; default 50. */
  readonly forks?: number;
  /** Where run journals go (`<workDir>/runs/<run id>/events.jsonl`); default `./.kplay`. */
  readonly workDir?: string;
  /** Write the journal; default true. */
  readonly journal?: boolean;
  /** Write a JSON report of the run there. */
  readonly reportFile?: string;
  readonly verbosity?: number;
  /**
   * A template that prints `<no value>` while a task is rendered fails the task before its module
   * acts (otherwise a warning); per host also with the variable `kplay_strict: true`.
   */
  readonly strict?: boolean;
  readonly forceHandlers?: boolean;
  /**
   * Skip tasks until the first whose name (or `role : name`) matches this name or glob, as
   * Ansible's --start-at-task; a name no task has is refused before anything runs.
   */
  readonly startAtTask?: string;
  /** SSH known-hosts file kplay records new host keys in; default ~/.kplay/known_hosts. */
  readonly knownHostsFile?: string;
  /** What started the run (`run`, `create cluster`…), recorded in the journal for `kplay runs`. */
  readonly command?: string;
  /** Continue this earlier run (`last` or a run id) where it stopped (docs/cli.md#resume). */
  readonly resume?: string;
  /** Resume even though playbook files changed before the resume point. */
  readonly resumeForce?: boolean;
}

/** RunOptions with every default filled in. */
export type ResolvedRunOptions = Required<Omit<RunOptions, 'inventoryFile' | 'configFile' | 'configDefaults' | 'projectWorkDir' | 'limit' | 'reportFile' | 'knownHostsFile' | 'command' | 'resume' | 'resumeForce' | 'startAtTask'>> &
  Pick<RunOptions, 'inventoryFile' | 'configFile' | 'configDefaults' | 'projectWorkDir' | 'limit' | 'reportFile' | 'knownHostsFile' | 'command' | 'resume' | 'resumeForce' | 'startAtTask'>;

export const DEFAULT_FORKS = 50;
export const DEFAULT_WORK_DIR = '.kplay';

export function resolveRunOptions(options: RunOptions): ResolvedRunOptions {
  return {
    ...options,
    extraVars: options.extraVars ?? [],
    check: options.check ?? false,
    diff: options.diff ?? false,
    tags: options.tags ?? [],
    skipTags: options.skipTags ?? [],
    forks: options.forks ?? DEFAULT_FORKS,
    workDir: options.workDir ?? DEFAULT_WORK_DIR,
    journal: options.journal ?? true,
    verbosity: options.verbosity ?? 0,
    strict: options.strict ?? false,
    forceHandlers: options.forceHandlers ?? false,
  };
}

/** Everything a run uses that the engine does not decide itself. */
export interface RunDependencies {
  /** Module name (and alias) → definition. */
  readonly modules: ReadonlyMap<string, ModuleDefinition>;
  /** Connector types beyond local and ssh, by `connector.type`. */
  readonly connectors: Readonly<Record<string, ConnectorFactory>>;
  /** Event sinks; each sees every event of the run, in order, and is closed at its end. */
  readonly reporters: readonly Reporter[];
  /**
   * Aborting it stops the run: nothing new starts, pending SSH handshakes are abandoned, and every
   * running command's process group gets TERM, then KILL after `stopGraceMs`; the report and the
   * journal are still written. An `Interruption` reason (`{ signal: 'SIGTERM' }`) sets the exit
   * code (129, 130, 143); the CLI wires SIGINT, SIGTERM and SIGHUP to it.
   */
  readonly signal?: AbortSignal;
  /** Aborting it (after `signal`) ends the grace period at once: KILL now (a second Ctrl-C). */
  readonly forceSignal?: AbortSignal;
  /** Between TERM and KILL for interrupted commands; default 5000 ms. */
  readonly stopGraceMs?: number;
  /** The clock run ids and run_start/run_end times come from; default the system clock. */
  readonly now?: () => Date;
  /** What a `--resume` continues (Engine.planResume). */
  readonly resume?: Extract<ResumePlan, { kind: 'resume' }>;
}
