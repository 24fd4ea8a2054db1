/**
 * Runs task lists with Ansible's linear strategy: every task finishes on all hosts before the
 * next starts; a host that fails leaves the list (and, unless a rescue handles it, the play);
 * blocks run `rescue` for the hosts that failed in `block`, and `always` for all of them.
 */

import { describeError } from '../core/errors';
import type { BlockNode, RoleNode, TaskListEntry, TaskNode, VarsNode } from '../project/model';
import { inherit, type Effective } from './effective';
import { isStartTask } from './start-at';
import { shouldRunTask } from './tags';
import { runTask, taskRef, type TaskOutcome, type TaskRunContext } from './task-runner';
import { mergeVarsWatched } from './template-findings';

export interface ListScope {
  /** Hosts of the current batch, for max_fail_percentage. */
  readonly batch: readonly string[];
  readonly maxFailPercentage?: number;
  /** Inside the `block` section of a block with a `rescue`: failures are counted `rescued`. */
  readonly rescuable?: boolean;
  /** Position of this list in the playbook, for checkpoints (checkpoint.ts). */
  readonly path?: string;
}

/** Runs entries on `hosts`; returns the hosts that failed (and were not rescued) in this list. */
export async function runEntries(
  ctx: TaskRunContext,
  entries: readonly TaskListEntry[],
  parent: Effective,
  hosts: readonly string[],
  scope: ListScope,
): Promise<Set<string>> {
  const failed = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    if (ctx.state.aborted || ctx.options.signal.aborted) break;
    const at = scope.path === undefined ? undefined : `${scope.path}/${index}`;
    let active = hosts.filter((h) => ctx.state.isActive(h) && !failed.has(h));
    if (active.length === 0) break;
    if (entry.kind === 'task' && ctx.state.startAtTask !== undefined) {
      if (!isStartTask(entry, ctx.state.startAtTask)) continue;
      ctx.state.startAtTask = undefined;
    }
    const eff = inherit(parent, entry);
    if (entry.runOnce === true) active = active.slice(0, 1);
    // A task that tags exclude is not rendered at all, its vars included (as in Ansible).
    if (entry.kind === 'task' && !shouldRunTask(eff.tags, ctx.options)) continue;
    const pendingVars = entry.vars !== undefined ? varsPending(ctx, at, active) : [];
    if (entry.vars !== undefined && !mergeVars(ctx, entry.vars, pendingVars, failed, entry, scope)) continue;
    varsMerged(ctx, at, pendingVars);
    const entryScope = at === undefined ? scope : { ...scope, path: at };
    const entryFailed = entry.kind === 'task' ? await runTaskEntry(ctx, entry, eff, active, entryScope) : await runBlock(ctx, entry, eff, active, entryScope);
    for (const h of entryFailed) failed.add(h);
  }
  return failed;
}

/** The hosts a `vars` mapping at `at` still has to be merged on (a resumed run restored the others). */
export function varsPending(ctx: TaskRunContext, at: string | undefined, hosts: readonly string[]): readonly string[] {
  const checkpoint = ctx.services.checkpoint;
  return at === undefined || checkpoint === undefined ? hosts : checkpoint.varsPending(`${at}#vars`, hosts);
}

export function varsMerged(ctx: TaskRunContext, at: string | undefined, hosts: readonly string[]): void {
  if (at !== undefined) ctx.services.checkpoint?.varsMerged(`${at}#vars`, hosts);
}

function mergeVars(ctx: TaskRunContext, vars: VarsNode, hosts: readonly string[], failed: Set<string>, entry: TaskListEntry, scope: ListScope): boolean {
  if (hosts.length === 0) return true;
  try {
    ctx.services.redactor.learnFrom(vars.data);
    mergeVarsWatched(ctx, vars, hosts, entry.kind === 'task' ? entry.name : entry.name ?? 'block');
    return true;
  } catch (err) {
    const message = describeError(err);
    const ref = entry.kind === 'task' ? taskRef(entry, ctx.playName) : { play: ctx.playName, task: entry.name ?? 'block', source: `${entry.pos.file}:${entry.pos.line}`, module: 'vars' };
    for (const host of hosts) {
      failed.add(host);
      ctx.state.count(host, { status: 'failed', changed: false, rescuable: scope.rescuable === true });
      ctx.services.emit({
        type: 'host_result',
        task: ref,
        result: { host, status: 'failed', stdout: '', stderr: '', msg: `vars: ${message}`, durationMs: 0 },
        time: new Date().toISOString(),
      });
    }
    return false;
  }
}

async function runTaskEntry(ctx: TaskRunContext, task: TaskNode, eff: Effective, hosts: readonly string[], scope: ListScope): Promise<Set<string>> {
  const failed = new Set<string>();
  if (!shouldRunTask(eff.tags, ctx.options)) return failed;
  const site = scope.path === undefined ? undefined : { key: scope.path, rescuable: scope.rescuable === true };
  const outcome = await runTask(ctx, task, eff, hosts, false, site);
  recordStatuses(ctx, outcome, failed, scope.rescuable === true);
  if (failed.size > 0 && eff.anyErrorsFatal) {
    ctx.state.fatalError = `any_errors_fatal: task "${task.name}" failed on ${[...failed].join(', ')}`;
    for (const h of scope.batch) if (ctx.state.isActive(h)) failed.add(h);
    ctx.state.aborted = true;
  }
  checkMaxFailPercentage(ctx, scope);
  return failed;
}

/** Counts a task's results in the recap and collects the hosts that failed (or could not be reached). */
export function recordStatuses(ctx: TaskRunContext, outcome: TaskOutcome, failed: Set<string>, rescuable = false): void {
  for (const [host, status] of outcome.statuses) {
    if (status === 'failed') failed.add(host);
    if (status === 'unreachable') ctx.state.unreachableHosts.add(host);
    ctx.state.count(host, { status, changed: outcome.changed.has(host), rescuable });
  }
}

function checkMaxFailPercentage(ctx: TaskRunContext, scope: ListScope): void {
  if (scope.maxFailPercentage === undefined || scope.batch.length === 0) return;
  const down = scope.batch.filter((h) => !ctx.state.isActive(h) || ctx.state.stats.get(h)?.failed).length;
  if ((down / scope.batch.length) * 100 > scope.maxFailPercentage) {
    ctx.state.aborted = true;
    ctx.state.fatalError = `max_fail_percentage ${scope.maxFailPercentage}% exceeded: ${down} of ${scope.batch.length} hosts failed`;
  }
}

async function runBlock(ctx: TaskRunContext, block: BlockNode, eff: Effective, hosts: readonly string[], scope: ListScope): Promise<Set<string>> {
  // A failure in `block` was counted `rescued` when it happened (Ansible counts the rescue, not
  // its outcome; a failing rescue then counts `failed` as well).
  const hasRescue = block.rescue.length > 0;
  const part = (name: string): { path?: string } => (scope.path === undefined ? {} : { path: `${scope.path}/${name}` });
  const blockFailed = await runEntries(ctx, block.block, eff, hosts, { ...scope, rescuable: scope.rescuable === true || hasRescue, ...part('block') });
  let stillFailed = blockFailed;
  if (blockFailed.size > 0 && hasRescue) {
    const toRescue = [...blockFailed].filter((h) => !ctx.state.unreachableHosts.has(h));
    if (ctx.state.aborted) {
      // The run stopped before the rescue could start: these hosts failed after all.
      for (const h of toRescue) {
        const stats = ctx.state.statsOf(h);
        if (stats.rescued > 0) stats.rescued--;
        stats.failed++;
      }
    } else {
      stillFailed = await runEntries(ctx, block.rescue, eff, toRescue, { ...scope, ...part('rescue') });
    }
  }
  const failed = new Set(stillFailed);
  if (block.always.length > 0) {
    // `always` runs on every host of the block, including those that failed in it.
    const alwaysHosts = hosts.filter((h) => !ctx.state.unreachableHosts.has(h) && !ctx.state.failedHosts.has(h));
    const alwaysFailed = await runEntries(ctx, block.always, eff, alwaysHosts, { ...scope, ...part('always') });
    for (const h of alwaysFailed) failed.add(h);
  }
  return failed;
}

/** A role: its vars and defaults are merged, then dependencies run, then its own tasks. */
export async function runRole(ctx: TaskRunContext, role: RoleNode, parent: Effective, hosts: readonly string[], scope: ListScope): Promise<Set<string>> {
  const eff = inherit(parent, role, role.name);
  const failed = new Set<string>();
  let active = hosts.filter((h) => ctx.state.isActive(h));
  if (active.length === 0) return failed;
  const pending = varsPending(ctx, scope.path, active);
  for (const node of pending.length > 0 ? [...(role.vars !== undefined ? [role.vars] : []), ...role.defaults] : []) {
    try {
      ctx.services.redactor.learnFrom(node.data);
      mergeVarsWatched(ctx, node, pending);
    } catch (err) {
      ctx.state.fatalError = `role ${role.name}: ${describeError(err)}`;
      for (const h of active) failed.add(h);
      return failed;
    }
  }
  varsMerged(ctx, scope.path, pending);
  const under = (name: string): ListScope => (scope.path === undefined ? scope : { ...scope, path: `${scope.path}/${name}` });
  for (const [index, dep] of role.dependencies.entries()) {
    for (const h of await runRole(ctx, dep, eff, active, under(`dep${index}`))) failed.add(h);
    active = active.filter((h) => !failed.has(h));
  }
  for (const h of await runEntries(ctx, role.tasks, eff, active, under('t'))) failed.add(h);
  return failed;
}
