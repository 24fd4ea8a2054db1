import type { BecomeOptions, Connector } from '../connectors/types';
import type { FileDiff } from '../diff/file-diff';

export type { FileDiff };

/**
 * The host as a module holds it: commands, files and capabilities. Opening and closing the
 * connection belong to the engine.
 */
export type ModuleConnector = Omit<Connector, 'connect' | 'close'>;
import { KplayError } from '../core/errors';
import type { LoadedProject, TaskNode } from '../project/model';
import type { GoMap, GoValue } from '../core/values';

/** How far a module honours `--check` (Ansible's attributes.check_mode.support). */
export type CheckModeSupport = 'full' | 'partial' | 'none';


export interface ModuleResult {
  /** The module did (or in check mode would) change something. */
  readonly changed: boolean;
  readonly failed?: boolean;
  /** The module decided there was nothing to do (KubeKey's `skip`). */
  readonly skipped?: boolean;
  readonly msg?: string;
  /** What `register` stores as stdout: text, or data for modules that produce structures. */
  readonly stdout?: GoValue;
  readonly stderr?: string;
  readonly rc?: number;
  readonly diff?: readonly FileDiff[];
  /** Extra keys for `register` (start, end, delta for commands, …). */
  readonly data?: Readonly<Record<string, GoValue>>;
  /** In check mode: the real outcome cannot be known (the value registered is a guess). */
  readonly unknown?: string;
}

/** Everything a module may use; modules never reach into the executor otherwise. */
export interface ModuleContext {
  /** The inventory host the task runs for. */
  readonly host: string;
  /** Raw module arguments (YAML-typed, not rendered). */
  readonly args: GoValue;
  /** The host's variable view, `item` included. */
  readonly vars: GoMap;
  readonly task: TaskNode;
  readonly project: LoadedProject | undefined;
  readonly checkMode: boolean;
  readonly diffMode: boolean;
  readonly become?: BecomeOptions;
  readonly signal: AbortSignal;
  /** Per-task time limit, when set. */
  readonly timeoutMs?: number;
  /** The connection of the target host, or of the `delegate_to` host. */
  connector(): Promise<ModuleConnector>;
  /** Renders a template string with the host's view (name = the task's file for errors). */
  render(text: string): string;
  /** Renders template strings inside a value, typing the results like vars (`docs/inventory.md#rendered-values-get-a-type`). */
  renderValue(value: GoValue): GoValue;
  /** Runtime-layer writes and cross-host operations. */
  readonly runtime: ModuleRuntime;
  /** A line the reporters show under the task (debug output, warnings). */
  log(kind: 'debug' | 'warning', text: string): void;
}

export interface ModuleRuntime {
  mergeHostVars(host: string, data: GoMap): void;
  setFacts(host: string, facts: GoMap): void;
  mergeResult(doc: GoValue): void;
  resolveHosts(patterns: readonly string[]): string[];
  /** Controller path for a file relative to the task's role/playbook `kind` directory. */
  projectPath(kind: 'files' | 'templates' | 'vars', relative: string): string;
  readonly workDir: string;
}

/** A module's argument schema (schemas/modules/<module>.json for the builtin modules). */
export interface ArgumentSchema {
  readonly module: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

export interface ModuleDefinition {
  readonly name: string;
  /** The JSON Schema of the arguments: checked at load time and again after rendering. */
  readonly arguments?: ArgumentSchema;
  readonly aliases?: readonly string[];
  readonly checkMode: CheckModeSupport;
  /** Shown in `docs/modules.md` and `kplay --list-modules`. */
  readonly summary: string;
  run(ctx: ModuleContext): Promise<ModuleResult>;
}

/** Raised by a module for a bad argument; reported as a task failure naming the argument. */
export class ModuleArgumentError extends KplayError {
  constructor(message: string) {
    super('KP-MOD-002', message);
    this.name = 'ModuleArgumentError';
  }
}
