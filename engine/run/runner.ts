/**
 * One run from inputs to exit code: load and validate everything (reporting every problem with
 * its position, exit 4, nothing touched), then execute with reporters attached. Shared by
 * `kplay run` and the cluster commands.
 */

import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinModules } from '../../builtin-modules';
import { ConnectionPool } from '../connectors';
import { buildConnectorConfig } from '../connectors/config';
import { PrometheusConnector } from '../connectors/prometheus/connector';
import { prometheusSettingsFrom } from '../connectors/prometheus/settings';
import type { CommandIO } from '../../cli/io';
import { ExitCode } from '../core/exit-codes';
import type { Reporter, RunEvent } from '../events/types';
import { runPlaybook } from '../executor/playbook-executor';
import { shouldRunTask, type TagFilter } from '../executor/tags';
import { Redactor } from '../executor/redactor';
import type { ConnectorConfigSource } from '../executor/connections';
import { Inventory, loadInventory } from '../inventory/inventory';
import { loadConfig, parseOverrides } from '../inventory/config';
import { combineVariables } from '../core/merge';
import { applyLimit, resolveHostPatterns } from '../inventory/patterns';
import { buildModuleRegistry } from '../modules/registry';
import { loadProject } from '../project/loader';
import type { LoadedProject, TaskListEntry } from '../project/model';
import type { Diagnostic } from '../core/source';
import { ConsoleReporter } from '../reporters/console';
import { JournalReporter } from '../reporters/journal';
import { JsonLinesReporter } from '../reporters/json-lines';
import { ReportFileReporter } from '../reporters/report-file';
import type { GoMap } from '../core/values';
import { VariableStore } from '../variables/store';
import { formatDiagnostic } from '../core/format-diagnostic';

export interface RunRequest {
  readonly playbook: string;
  readonly inventoryFile?: string;
  readonly configFile?: string;
  /** `-e` entries: `key=value` or `@file.yaml`. */
  readonly extraVars: readonly string[];
  /** Values written into the config before anything else reads it (cluster commands). */
  readonly configDefaults?: GoMap;
  /**
   * The `work_dir` variable playbooks see (the cluster project keeps downloads, certificates and
   * hook scripts there); defaults to `workDir`, kplay's journal directory.
   */
  readonly projectWorkDir?: string;
  readonly check: boolean;
  readonly diff: boolean;
  readonly tags: readonly string[];
  readonly skipTags: readonly string[];
  readonly limit?: string;
  readonly forks: number;
  readonly reportFile?: string;
  readonly output: 'text' | 'json';
  readonly workDir: string;
  readonly verbosity: number;
  readonly forceHandlers: boolean;
  readonly knownHostsFile?: string;
  readonly list?: 'hosts' | 'tasks' | 'tags';
  readonly syntaxCheck?: boolean;
  readonly color?: boolean;
}

interface Loaded {
  readonly project: LoadedProject;
  readonly inventory: Inventory;
  readonly config: GoMap;
  readonly extra: GoMap;
}

export async function executeRun(req: RunRequest, io: CommandIO): Promise<number> {
  const loaded = loadEverything(req, io);
  if (loaded === undefined) return ExitCode.invalidInput;
  const { project, inventory, config, extra } = loaded;

  const resolveHosts = (patterns: readonly string[]) => resolveHostPatterns(patterns, inventory, config).hosts;
  let limitHosts: ReadonlySet<string> | undefined;
  if (req.limit !== undefined) {
    const limited = applyLimit(inventory.hostNames, req.limit, inventory);
    if (limited.error !== undefined) {
      io.stderr.write(`kplay: --limit ${req.limit}: ${limited.error}\n`);
      return ExitCode.badOptions;
    }
    limitHosts = new Set(limited.hosts);
  }
  if (req.syntaxCheck) {
    io.stdout.write(`playbook: ${project.entry}: syntax OK (${project.plays.length} plays)\n`);
    return ExitCode.ok;
  }
  if (req.list !== undefined) {
    listProject(req.list, project, resolveHosts, limitHosts, { tags: req.tags, skipTags: req.skipTags }, io);
    return ExitCode.ok;
  }

  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  const redactor = new Redactor();
  redactor.learnFrom(config);
  redactor.learnFrom(extra);
  redactor.learnFrom(inventory.vars);
  for (const host of inventory.hostNames) redactor.learnFrom(inventory.hostVars(host));
  for (const group of inventory.groupDefinitions.values()) redactor.learnFrom(group.vars);
  const store = new VariableStore(inventory, config, extra);
  const reporters: Reporter[] = [];
  if (req.output === 'json') reporters.push(new JsonLinesReporter(io.stdout));
  else reporters.push(new ConsoleReporter({ out: io.stdout, color: req.color ?? Boolean((io.stdout as { isTTY?: boolean }).isTTY), verbosity: req.verbosity }));
  if (req.reportFile !== undefined) reporters.push(new ReportFileReporter(resolve(req.reportFile)));
  reporters.push(new JournalReporter(req.workDir, runId));
  const emit = (event: RunEvent) => {
    for (const r of reporters) r.handle(event);
  };

  const pool = new ConnectionPool({
    ...(req.knownHostsFile !== undefined ? { knownHostsFile: req.knownHostsFile } : {}),
    // A dry run changes nothing on the controller either, known_hosts included.
    recordHostKeys: !req.check,
    factories: {
      // The prometheus connector needs url/token/headers, which ConnectorConfig does not carry.
      prometheus: (host) => new PrometheusConnector(host, prometheusSettingsFrom(store.view(host).connector, host)),
    },
  });
  const connections: ConnectorConfigSource = {
    connectorFor: async (host) => {
      const view = store.view(host);
      const cfg = buildConnectorConfig(host, view.connector, { resolveHost: (name) => store.view(name).connector });
      return pool.get(host, cfg);
    },
    closeAll: () => pool.closeAll(),
  };

  const abort = new AbortController();
  // Every running command listens on the run's signal; fifty at once are expected, not a leak.
  setMaxListeners(0, abort.signal);
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(ExitCode.interrupted);
    io.stderr.write('\nkplay: interrupted; stopping running commands (Ctrl-C again to quit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    emit({ type: 'run_start', runId, playbook: project.entry, check: req.check, time: new Date().toISOString() });
    const outcome = await runPlaybook(
      {
        project,
        vars: {
          view: (h) => store.view(h),
          mergeRuntime: (h, data) => store.mergeRuntime(h, data),
          renderAndMergeVars: (hosts, node) => store.renderAndMergeVars(hosts, node.data, node.pos),
          setFacts: (h, facts) => store.setFacts(h, facts),
          mergeResult: (doc) => store.setResult(doc),
          result: () => store.result(),
        },
        modules: buildModuleRegistry(builtinModules),
        connections,
        resolveHosts,
        emit,
        redactor,
      },
      {
        check: req.check,
        diff: req.diff,
        forks: req.forks,
        tags: req.tags,
        skipTags: req.skipTags,
        forceHandlers: req.forceHandlers,
        workDir: req.workDir,
        verbosity: req.verbosity,
        signal: abort.signal,
      },
      limitHosts,
    );
    emit({
      type: 'run_end',
      status: outcome.status,
      exitCode: outcome.exitCode,
      stats: outcome.stats,
      detail: redactor.redactValue(outcome.detail ?? {}),
      ...(outcome.error !== undefined ? { error: redactor.redact(outcome.error) } : {}),
      time: new Date().toISOString(),
    });
    return outcome.exitCode;
  } finally {
    process.off('SIGINT', onSigint);
    for (const r of reporters) await r.close?.();
  }
}

function loadEverything(req: RunRequest, io: CommandIO): Loaded | undefined {
  const diagnostics: Diagnostic[] = [];
  const inv = loadInventory(req.inventoryFile);
  diagnostics.push(...inv.diagnostics);
  const cfg = loadConfig(req.configFile);
  diagnostics.push(...cfg.diagnostics);
  // `check_mode` tells templates and conditions whether this is a dry run (issue 3, item 7).
  const config: GoMap = combineVariables(req.configDefaults ?? {}, {
    ...(cfg.config ?? {}),
    work_dir: req.projectWorkDir ?? req.workDir,
    check_mode: req.check,
  });
  const overrides = parseOverrides(req.extraVars);
  diagnostics.push(...overrides.diagnostics);
  if (errorsIn(diagnostics)) return report(diagnostics, io);
  const modules = buildModuleRegistry(builtinModules);
  const loaded = loadProject(resolve(req.playbook), { config: { ...config, ...overrides.vars }, moduleNames: [...modules.keys()] });
  diagnostics.push(...loaded.diagnostics);
  if (errorsIn(diagnostics) || loaded.project === undefined || inv.inventory === undefined) return report(diagnostics, io);
  for (const d of diagnostics) io.stderr.write(`${formatWithSource(d)}\n`);
  return { project: loaded.project, inventory: inv.inventory, config, extra: overrides.vars };
}

/** `file:line:col: message` plus the offending line and a caret, as docs/cli.md promises. */
function formatWithSource(d: Diagnostic): string {
  let text: string | undefined;
  try {
    text = readFileSync(d.pos.file, 'utf8');
  } catch {
    text = undefined;
  }
  return formatDiagnostic(d, text);
}

function errorsIn(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

function report(diagnostics: readonly Diagnostic[], io: CommandIO): undefined {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  for (const d of diagnostics) io.stderr.write(`${formatWithSource(d)}\n`);
  io.stderr.write(`kplay: ${errors.length} problem${errors.length === 1 ? '' : 's'} found; nothing was run\n`);
  return undefined;
}

function listProject(
  what: 'hosts' | 'tasks' | 'tags',
  project: LoadedProject,
  resolveHosts: (patterns: readonly string[]) => string[],
  limit: ReadonlySet<string> | undefined,
  tagFilter: TagFilter,
  io: CommandIO,
): void {
  const out = (s: string) => io.stdout.write(`${s}\n`);
  const allTags = new Set<string>();
  for (const play of project.plays) {
    const name = play.name ?? play.hosts.join(',');
    out(`play: ${name}`);
    if (what === 'hosts') {
      const hosts = resolveHosts(play.hosts).filter((h) => limit === undefined || limit.has(h));
      out(`  hosts (${hosts.length}):`);
      for (const h of hosts) out(`    ${h}`);
      continue;
    }
    const walk = (entries: readonly TaskListEntry[], inherited: readonly string[], depth: number, role?: string) => {
      for (const e of entries) {
        const tags = [...new Set([...inherited, ...e.tags])];
        if (e.kind === 'task') {
          for (const t of tags) allTags.add(t);
          // Like Ansible, --list-tasks shows what --tags/--skip-tags would select.
          if (what === 'tasks' && shouldRunTask(tags, tagFilter)) out(`${'  '.repeat(depth)}${role ? `${role} : ` : ''}${e.name}\tTAGS: [${tags.join(', ')}]`);
        } else {
          walk(e.block, tags, depth, role);
          walk(e.rescue, tags, depth, role);
          walk(e.always, tags, depth, role);
        }
      }
    };
    const playTags = [...play.tags];
    walk(play.preTasks, playTags, 1);
    const walkRole = (role: LoadedProject['plays'][number]['roles'][number], inherited: readonly string[]) => {
      const tags = [...new Set([...inherited, ...role.tags])];
      for (const dep of role.dependencies) walkRole(dep, tags);
      walk(role.tasks, tags, 1, role.name);
    };
    for (const role of play.roles) walkRole(role, playTags);
    walk(play.tasks, playTags, 1);
    walk(play.postTasks, playTags, 1);
  }
  if (what === 'tags') out(`TASK TAGS: [${[...allTags].sort().join(', ')}]`);
}
