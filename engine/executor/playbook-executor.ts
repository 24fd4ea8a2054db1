/**
 * Runs a loaded project: plays in order, each over its hosts in `serial` batches; per batch
 * pre_tasks → roles → tasks → post_tasks, with notified handlers flushed after each section.
 */

import { describeError } from '../core/errors';
import pLimit from 'p-limit';
import { emptyStats, type HostStats } from '../events/types';
import type { PlayNode, TaskNode } from '../project/model';
import type { GoValue } from '../core/values';
import { inherit, ROOT_EFFECTIVE, type Effective } from './effective';
import { splitIntoBatches } from './serial';
import { ExitCode as ExitCodes, interruptedExitCode, interruptedMessage } from '../core/exit-codes';
import { recordStatuses, runEntries, runRole, varsMerged, varsPending, type ListScope } from './task-list';
import { runTask, type TaskRunContext } from './task-runner';
import { playContainsStart } from './start-at';
import { RunState, type ExecutorServices, type RunOptions } from './state';
import { mergeVarsWatched } from './template-findings';

export interface RunOutcome {
  readonly status: 'succeeded' | 'failed';
  readonly exitCode: number;
  readonly stats: Readonly<Record<string, HostStats>>;
  readonly detail: GoValue;
  readonly error?: string;
}

export async function runPlaybook(services: ExecutorServices, options: RunOptions, limitHosts?: ReadonlySet<string>): Promise<RunOutcome> {
  const state = new RunState();
  state.startAtTask = options.startAtTask;
  const forks = pLimit(Math.max(1, options.forks));
  let internalError: string | undefined;
  try {
    for (const play of services.project.plays) {
      if (state.aborted || options.signal.aborted) break;
      const ctx: TaskRunContext = { services, options, state, playName: playLabel(play), forks };
      await runPlay(ctx, play, limitHosts);
    }
  } catch (err) {
    internalError = err instanceof Error ? (err.stack ?? err.message) : String(err);
  } finally {
    await services.connections.closeAll().catch(() => undefined);
    services.checkpoint?.close(state.failedHosts, state.unreachableHosts);
  }
  // Hosts finish tasks in any order; the stats (and the recap) follow inventory order instead.
  const stats: Record<string, HostStats> = {};
  for (const host of state.hostOrder) {
    const s = state.stats.get(host);
    if (s !== undefined) stats[host] = { ...s };
  }
  for (const [host, s] of state.stats) stats[host] ??= { ...s };
  for (const host of new Set([...state.failedHosts, ...state.unreachableHosts])) stats[host] ??= emptyStats();
  const anyFailed = [...state.stats.values()].some((s) => s.failed > 0);
  const anyUnreachable = [...state.stats.values()].some((s) => s.unreachable > 0);
  const exitCode = internalError !== undefined
    ? ExitCodes.internal
    : options.signal.aborted
      ? interruptedExitCode(options.signal.reason)
      : anyFailed || state.fatalError !== undefined
        ? ExitCodes.hostFailed
        : anyUnreachable
          ? ExitCodes.hostUnreachable
          : ExitCodes.ok;
  const error = internalError ?? (options.signal.aborted ? interruptedMessage(options.signal.reason) : (state.fatalError ?? state.stopReason));
  return {
    status: exitCode === ExitCodes.ok ? 'succeeded' : 'failed',
    exitCode,
    stats,
    detail: services.vars.result(),
    ...(error !== undefined ? { error } : {}),
  };
}

function playLabel(play: PlayNode): string {
  return play.name ?? play.hosts.join(',');
}

async function runPlay(ctx: TaskRunContext, play: PlayNode, limitHosts: ReadonlySet<string> | undefined): Promise<void> {
  const { services, state } = ctx;
  const matched = services.matchHosts(play.hosts);
  // Ansible names each pattern once per run, however many plays use it.
  for (const pattern of matched.unmatched.filter((p) => !state.warnedPatterns.has(p))) {
    state.warnedPatterns.add(pattern);
    services.emit({
      type: 'warning',
      warning: { kind: 'host-pattern', message: `could not match supplied host pattern, ignoring: ${pattern}`, source: `${play.pos.file}:${play.pos.line}:${play.pos.col}`, play: ctx.playName },
      time: new Date().toISOString(),
    });
  }
  let hosts = matched.hosts;
  if (limitHosts !== undefined) hosts = hosts.filter((h) => limitHosts.has(h));
  hosts = hosts.filter((h) => state.isActive(h));
  for (const h of hosts) state.hostOrder.add(h);
  services.emit({ type: 'play_start', play: ctx.playName, hosts, time: new Date().toISOString() });
  // Before the --start-at-task task, a play does nothing at all, fact gathering included.
  if (hosts.length === 0 || (state.startAtTask !== undefined && !playContainsStart(play, state.startAtTask))) {
    services.emit({ type: 'play_end', play: ctx.playName, time: new Date().toISOString() });
    return;
  }
  const playEff = inherit(ROOT_EFFECTIVE, play);
  const at = playKey(ctx, play);
  if (play.gatherFacts) {
    const outcome = await runTask(ctx, factsTask(play), { ...playEff, when: [], tags: [], checkMode: false }, hosts, false, { key: `${at}/facts`, rescuable: false });
    const failed = new Set<string>();
    recordStatuses(ctx, outcome, failed);
    for (const h of failed) state.failedHosts.add(h);
  }
  let batches: string[][];
  try {
    batches = play.runOnce === true ? [hosts.slice(0, 1)] : splitIntoBatches(hosts, play.serial);
  } catch (err) {
    state.fatalError = `${play.pos.file}:${play.pos.line}:${play.pos.col}: ${describeError(err, 'KP-RUN-003')}`;
    state.aborted = true;
    return;
  }
  for (const batch of batches) {
    if (state.aborted || ctx.options.signal.aborted) break;
    await runBatch(ctx, play, playEff, batch);
    // Ansible's linear strategy: when every host of a batch (of the play, without `serial`) has
    // failed or become unreachable, no further batch and no later play runs.
    if (!state.aborted && batch.length > 0 && batch.every((h) => !state.isActive(h))) {
      const what = batches.length > 1 ? `serial batch (${batch.join(', ')})` : `play "${ctx.playName}"`;
      state.stopReason = `every host of the ${what} failed: the playbook stops here, as Ansible's does`;
      state.aborted = true;
    }
  }
  services.emit({ type: 'play_end', play: ctx.playName, time: new Date().toISOString() });
}

async function runBatch(ctx: TaskRunContext, play: PlayNode, playEff: Effective, batch: readonly string[]): Promise<void> {
  const { services, state } = ctx;
  state.notified = new Map();
  const scope: ListScope = { batch, ...(play.maxFailPercentage !== undefined ? { maxFailPercentage: play.maxFailPercentage } : {}) };
  const active = () => batch.filter((h) => state.isActive(h));
  const at = playKey(ctx, play);
  const section = (name: string): ListScope => ({ ...scope, path: `${at}/${name}` });
  const pendingVars = varsPending(ctx, at, active());
  for (const node of pendingVars.length > 0 ? play.varsNodes : []) {
    try {
      services.redactor.learnFrom(node.data);
      mergeVarsWatched(ctx, node, pendingVars);
    } catch (err) {
      state.fatalError = `play vars: ${describeError(err)}`;
      state.aborted = true;
      return;
    }
  }
  varsMerged(ctx, at, pendingVars);
  const leave = (failed: Set<string>) => {
    for (const h of failed) state.failedHosts.add(h);
  };
  leave(await runEntries(ctx, play.preTasks, playEff, active(), section('pre')));
  await flushHandlers(ctx, play, playEff, batch, `${at}/h0`);
  for (const [index, role] of play.roles.entries()) {
    if (state.aborted) break;
    leave(await runRole(ctx, role, playEff, active(), section(`roles/${index}`)));
  }
  leave(await runEntries(ctx, play.tasks, playEff, active(), section('tasks')));
  await flushHandlers(ctx, play, playEff, batch, `${at}/h1`);
  leave(await runEntries(ctx, play.postTasks, playEff, active(), section('post')));
  await flushHandlers(ctx, play, playEff, batch, `${at}/h2`);
}

/** The play's position for checkpoints: its index in the playbook. */
function playKey(ctx: TaskRunContext, play: PlayNode): string {
  return `p${ctx.services.project.plays.indexOf(play)}`;
}

/** Runs notified handlers in the order they are defined, on the hosts that notified them. */
async function flushHandlers(ctx: TaskRunContext, play: PlayNode, playEff: Effective, batch: readonly string[], at: string): Promise<void> {
  const { state } = ctx;
  if (state.notified.size === 0) return;
  const force = ctx.options.forceHandlers || play.forceHandlers === true;
  const notified = state.notified;
  state.notified = new Map();
  for (const [index, handler] of play.handlers.entries()) {
    const names = [handler.task.name, ...handler.listen];
    const hosts = batch.filter((h) => names.some((n) => notified.get(n)?.has(h)) && (force ? !state.unreachableHosts.has(h) : state.isActive(h)));
    if (hosts.length === 0) continue;
    const eff = inherit(playEff, handler.task);
    const outcome = await runTask(ctx, handler.task, eff, hosts, true, { key: `${at}/${index}`, rescuable: false });
    const failed = new Set<string>();
    recordStatuses(ctx, outcome, failed);
    for (const h of failed) state.failedHosts.add(h);
  }
}

function factsTask(play: PlayNode): TaskNode {
  return {
    kind: 'task',
    name: 'Gathering Facts',
    pos: play.pos,
    module: 'setup',
    args: {},
    argsPos: play.pos,
    failedWhen: [],
    notify: [],
    when: [],
    tags: [],
    baseDir: play.file,
  };
}
