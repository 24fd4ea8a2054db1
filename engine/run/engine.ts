/**
 * The engine as a program sees it: registries of modules and connector types, event
 * subscribers, and load/run. It starts with no modules (the builtin ones live above the engine,
 * in builtin-modules/, and are registered by whoever composes it) and with the connector types
 * the dialect defines beyond local and ssh (prometheus).
 */
import { defaultConnectorFactories, type ConnectorFactory } from '../connectors';
import type { Reporter, RunEvent } from '../events/types';
import type { ModuleDefinition } from '../modules/types';
import { listRun, type ListKind } from './list';
import { ExitCode } from '../core/exit-codes';
import { loadRun, runOutputPaths, type LoadOutcome, type PreparedRun } from './load';
import { outputPathProblem } from './output-paths';
import { resolveRunOptions, type RunOptions } from './options';
import { executeRun, type RunResult } from './runner';
import { planResume, type ResumePlan } from './resume';

export type EventListener = (event: RunEvent) => void;

export interface ExecuteOptions {
  /** Aborting it stops the run: running commands are stopped, nothing new starts (RunDependencies.signal). */
  readonly signal?: AbortSignal;
  /** Aborting it after `signal` kills the running commands without waiting out the grace period. */
  readonly forceSignal?: AbortSignal;
  /** Reporters for this run only, besides the engine's subscribers. */
  readonly reporters?: readonly Reporter[];
  /** Continue an earlier run (from `planResume`). */
  readonly resume?: Extract<ResumePlan, { kind: 'resume' }>;
}

/** What `run` returns when the inputs did not load: nothing was executed. */
export interface NotRun {
  readonly ran: false;
  readonly load: Extract<LoadOutcome, { ok: false }>;
  readonly exitCode: number;
}

export type RunReport = (RunResult & { readonly ran: true; readonly warnings: LoadOutcome['diagnostics'] }) | NotRun;

/** Connector types the engine implements itself; a registration cannot replace them. */
const BUILTIN_CONNECTOR_TYPES = new Set(['local', 'ssh']);

export class Engine {
  private readonly modules = new Map<string, ModuleDefinition>();
  private readonly connectors = new Map<string, ConnectorFactory>(Object.entries(defaultConnectorFactories));
  private readonly listeners = new Set<EventListener>();

  /** Adds a module under its name and aliases; a name already taken is an error. */
  registerModule(definition: ModuleDefinition): this {
    const names = [definition.name, ...(definition.aliases ?? [])];
    for (const name of names) if (this.modules.has(name)) throw new Error(`module "${name}" is registered twice`);
    for (const name of names) this.modules.set(name, definition);
    return this;
  }

  registerModules(definitions: Iterable<ModuleDefinition>): this {
    for (const d of definitions) this.registerModule(d);
    return this;
  }

  /** Adds (or replaces) the connector of hosts whose `connector.type` is `type`. */
  registerConnector(type: string, factory: ConnectorFactory): this {
    if (BUILTIN_CONNECTOR_TYPES.has(type)) throw new Error(`connector type "${type}" is built in and cannot be replaced`);
    this.connectors.set(type, factory);
    return this;
  }

  moduleNames(): string[] {
    return [...this.modules.keys()];
  }

  /** Calls `listener` with every event of every later run; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Reads and validates everything a run needs; nothing on any host is touched. */
  load(options: RunOptions): LoadOutcome {
    return loadRun(resolveRunOptions(options), this.moduleNames());
  }

  /** `--list-hosts` / `--list-tasks` / `--list-tags` of a loaded run. */
  list(what: ListKind, prepared: PreparedRun, options: Pick<RunOptions, 'tags' | 'skipTags'> = {}): string[] {
    return listRun(what, prepared, { tags: options.tags ?? [], skipTags: options.skipTags ?? [] });
  }

  /**
   * What `options.resume` (`last` or a run id) continues: the finished part of that run, or that
   * it succeeded. Throws a KplayError (KP-RUN-010/002) when it cannot be resumed.
   */
  planResume(prepared: PreparedRun, options: RunOptions): ResumePlan {
    const resolved = resolveRunOptions(options);
    return planResume(resolved.workDir, resolved.resume ?? 'last', prepared, resolved, resolved.resumeForce ?? false);
  }

  /**
   * Why the run could not write its report, journal or known hosts (docs/cli.md#output-paths):
   * one line with its code, or undefined. `execute` refuses to start on it; a program (the CLI)
   * asks first to print it its own way.
   */
  outputProblem(options: RunOptions): string | undefined {
    return outputPathProblem(runOutputPaths(resolveRunOptions(options)));
  }

  /**
   * Executes a run `load` accepted, with the same options. An output path that cannot be written
   * stops it before anything runs: exit code 5 and the reason in `error`, no event.
   */
  execute(prepared: PreparedRun, options: RunOptions, extra: ExecuteOptions = {}): Promise<RunResult> {
    const unusable = this.outputProblem(options);
    if (unusable !== undefined) return Promise.resolve({ runId: '', status: 'failed', exitCode: ExitCode.badOptions, stats: {}, error: unusable });
    const listeners = [...this.listeners];
    const subscribers: Reporter = {
      handle: (event) => {
        for (const l of listeners) l(event);
      },
    };
    return executeRun(prepared, resolveRunOptions(options), {
      modules: new Map(this.modules),
      connectors: Object.fromEntries(this.connectors),
      reporters: [subscribers, ...(extra.reporters ?? [])],
      ...(extra.signal !== undefined ? { signal: extra.signal } : {}),
      ...(extra.forceSignal !== undefined ? { forceSignal: extra.forceSignal } : {}),
      ...(extra.resume !== undefined ? { resume: extra.resume } : {}),
    });
  }

  /** `load` then `execute`; when loading fails nothing runs and the diagnostics come back. */
  async run(options: RunOptions, extra: ExecuteOptions = {}): Promise<RunReport> {
    const loaded = this.load(options);
    if (!loaded.ok) return { ran: false, load: loaded, exitCode: loaded.exitCode };
    const result = await this.execute(loaded.run, options, extra);
    return { ...result, ran: true, warnings: loaded.diagnostics };
  }
}

export function createEngine(): Engine {
  return new Engine();
}
