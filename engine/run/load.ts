/**
 * Loading before running: inventory, config, extra vars and the project are read and validated
 * together so that every problem is reported with its position and nothing is touched when any
 * is an error.
 */
import { resolve } from 'node:path';
import { withCode } from '../core/errors';
import { ExitCode } from '../core/exit-codes';
import { combineVariables } from '../core/merge';
import type { Diagnostic } from '../core/source';
import type { GoMap } from '../core/values';
import { loadConfig, parseOverrides } from '../inventory/config';
import type { Inventory } from '../inventory/inventory';
import { loadInventory } from '../inventory/inventory';
import { applyLimit, resolveHostPatterns } from '../inventory/patterns';
import { playContainsStart } from '../executor/start-at';
import { loadProject } from '../project/loader';
import type { LoadedProject } from '../project/model';
import type { ResolvedRunOptions } from './options';
import type { OutputPath } from './output-paths';

/** A validated run, ready to execute (or to list). */
export interface PreparedRun {
  readonly project: LoadedProject;
  readonly inventory: Inventory;
  /** The config's spec with `work_dir` and `check_mode` set. */
  readonly config: GoMap;
  /** The `-e` values. */
  readonly extra: GoMap;
  /** The hosts `limit` allows; undefined without a limit. */
  readonly limitHosts?: ReadonlySet<string>;
  /** Terms of `limit` that matched no host (warned about when the run starts, as Ansible does). */
  readonly limitUnmatched?: readonly string[];
  /** Host patterns → inventory hosts, in inventory order. */
  resolveHosts(patterns: readonly string[]): string[];
  /** Like resolveHosts, also naming the entries that selected no host. */
  matchHosts(patterns: readonly string[]): { readonly hosts: string[]; readonly unmatched: readonly string[] };
}

export type LoadOutcome =
  /** `diagnostics` holds warnings only. */
  | { readonly ok: true; readonly run: PreparedRun; readonly diagnostics: readonly Diagnostic[] }
  /** Invalid input (exit 4): every problem found, warnings included. */
  | { readonly ok: false; readonly exitCode: typeof ExitCode.invalidInput; readonly diagnostics: readonly Diagnostic[] }
  /** A bad `limit` (exit 5). */
  | { readonly ok: false; readonly exitCode: typeof ExitCode.badOptions; readonly diagnostics: readonly Diagnostic[]; readonly message: string };

function errorsIn(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Where a run writes on the controller, checked before it starts (docs/cli.md#output-paths). */
export function runOutputPaths(options: Pick<ResolvedRunOptions, 'reportFile' | 'workDir' | 'knownHostsFile'>): OutputPath[] {
  return [
    ...(options.reportFile !== undefined ? [{ option: '--report', path: options.reportFile, kind: 'file' as const }] : []),
    { option: '--workdir', path: options.workDir, kind: 'directory' },
    // Read at every run, written only when a new host key is recorded: its shape is checked.
    ...(options.knownHostsFile !== undefined ? [{ option: '--known-hosts', path: options.knownHostsFile, kind: 'file' as const, write: false }] : []),
  ];
}

export function loadRun(options: ResolvedRunOptions, moduleNames: readonly string[]): LoadOutcome {
  const diagnostics: Diagnostic[] = [];
  const invalid = (): LoadOutcome => ({ ok: false, exitCode: ExitCode.invalidInput, diagnostics });
  const inv = loadInventory(options.inventoryFile);
  diagnostics.push(...inv.diagnostics);
  const cfg = loadConfig(options.configFile);
  diagnostics.push(...cfg.diagnostics);
  // `check_mode` tells templates and conditions whether this is a dry run (docs/playbooks.md).
  const config: GoMap = combineVariables(options.configDefaults ?? {}, {
    ...(cfg.config ?? {}),
    work_dir: options.projectWorkDir ?? options.workDir,
    check_mode: options.check,
  });
  const overrides = parseOverrides(options.extraVars);
  diagnostics.push(...overrides.diagnostics);
  if (errorsIn(diagnostics)) return invalid();
  const loaded = loadProject(resolve(options.playbook), { config: { ...config, ...overrides.vars }, moduleNames });
  diagnostics.push(...loaded.diagnostics);
  const inventory = inv.inventory;
  if (errorsIn(diagnostics) || loaded.project === undefined || inventory === undefined) return invalid();

  let limitHosts: ReadonlySet<string> | undefined;
  let limitUnmatched: readonly string[] = [];
  if (options.limit !== undefined) {
    const limited = applyLimit(inventory.hostNames, options.limit, inventory);
    if (limited.error !== undefined) return { ok: false, exitCode: ExitCode.badOptions, diagnostics, message: `--limit ${options.limit}: ${limited.error}` };
    if (limited.hosts.length === 0) {
      // Ansible refuses too ("--limit leaves us with no hosts to target"), with its exit code 1;
      // kplay keeps 5, its code for every bad option (docs/compatibility.md#compared-with-ansible).
      const terms = limited.unmatched.length > 0 ? ` (no host matches ${limited.unmatched.map((t) => `"${t}"`).join(', ')})` : '';
      return { ok: false, exitCode: ExitCode.badOptions, diagnostics, message: withCode(`--limit "${options.limit}" selects no host of the inventory${terms}; nothing was run`, 'KP-CLI-002') };
    }
    limitHosts = new Set(limited.hosts);
    limitUnmatched = limited.unmatched;
  }
  if (options.startAtTask !== undefined && !loaded.project.plays.some((play) => playContainsStart(play, options.startAtTask as string))) {
    // Ansible runs nothing and only then says so (exit 0); kplay refuses up front
    // (docs/compatibility.md#compared-with-ansible).
    return {
      ok: false,
      exitCode: ExitCode.badOptions,
      diagnostics,
      message: withCode(
        `--start-at-task "${options.startAtTask}" matches no task of ${options.playbook} (a task's name or "role : name", literally or as a glob; rescue sections and handlers are not start points); nothing was run`,
        'KP-CLI-001',
      ),
    };
  }
  const run: PreparedRun = {
    project: loaded.project,
    inventory,
    config,
    extra: overrides.vars,
    ...(limitHosts !== undefined ? { limitHosts } : {}),
    ...(limitUnmatched.length > 0 ? { limitUnmatched } : {}),
    resolveHosts: (patterns) => resolveHostPatterns(patterns, inventory, config).hosts,
    matchHosts: (patterns) => resolveHostPatterns(patterns, inventory, config),
  };
  return { ok: true, run, diagnostics };
}
