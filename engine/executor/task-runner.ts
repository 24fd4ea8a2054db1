/**
 * Runs one task on a set of hosts in parallel: loop items, `when`, the module (with `until` /
 * `retries`), `failed_when` / `changed_when`, `register`, notifications and the per-host result.
 */

import path from 'node:path';
import pLimit from 'p-limit';
import { ConnectionError } from '../connectors/types';
import { becomePasswordOf } from '../connectors/implicit-sudo';
import type { HostResult, HostStatus, TaskRef } from '../events/types';
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../modules/types';
import { ModuleArgumentError } from '../modules/types';
import type { TaskNode } from '../project/model';
import { loopItemsFromOutput, renderText, renderTyped } from '../template/conversions';
import { collectNoValues } from '../template/no-value';
import { describeError, withCode, type ErrorCode } from '../core/errors';
import type { GoMap, GoValue } from '../core/values';
import { findUnknown, Unknown, UnknownValueError } from '../core/unknown';
import { formatValue } from '../go/fmt';
import type { Effective } from './effective';
import { ItemOutcome, registeredValue } from './register';
import { isSecretName, REDACTED } from './redactor';
import type { ExecutorServices, RunOptions, RunState } from './state';
import { TaskTemplates } from './template-findings';
import { OutputFiles } from './output-capture';
import type { CheckpointSite } from './checkpoint';
import { loopLabel } from './loop-label';
import { traceCommands } from './command-trace';

/** Used when the services bring no output directory: output is capped, nothing is written. */
const CAP_ONLY = new OutputFiles(undefined);

export interface TaskRunContext {
  readonly services: ExecutorServices;
  readonly options: RunOptions;
  readonly state: RunState;
  readonly playName: string;
  readonly forks: ReturnType<typeof pLimit>;
}

export interface TaskOutcome {
  /** Final status per host that took part. */
  readonly statuses: ReadonlyMap<string, HostStatus>;
  /** Hosts whose module reported a change, whatever the status (the recap counts ignored ones). */
  readonly changed: ReadonlySet<string>;
}

const DEFAULT_UNTIL_RETRIES = 3;
const DEFAULT_DELAY_SECONDS = 5;

export function taskRef(task: TaskNode, playName: string, handler = false): TaskRef {
  const ref: TaskRef = {
    play: playName,
    task: task.name,
    source: `${task.pos.file}:${task.pos.line}`,
    module: task.module,
    ...(task.role !== undefined ? { role: task.role } : {}),
    ...(handler ? { handler: true } : {}),
  };
  return ref;
}

export async function runTask(
  ctx: TaskRunContext,
  task: TaskNode,
  eff: Effective,
  hosts: readonly string[],
  handler = false,
  site?: CheckpointSite,
): Promise<TaskOutcome> {
  const ref = taskRef(task, ctx.playName, handler);
  const started = Date.now();
  const now = () => new Date().toISOString();
  ctx.services.emit({ type: 'task_start', task: ref, hosts, time: now() });
  const throttle = eff.throttle !== undefined && eff.throttle > 0 ? pLimit(eff.throttle) : undefined;
  const statuses = new Map<string, HostStatus>();
  const changed = new Set<string>();
  const checkpoint = ctx.services.checkpoint;
  await Promise.all(
    hosts.map((host) => {
      const finished = checkpoint?.finished(site, host, task);
      if (finished !== undefined) {
        // Finished before the resume: the recorded outcome steers the walk, nothing runs.
        statuses.set(host, finished.s);
        if (finished.c) changed.add(host);
        if (finished.n) notify(ctx, task, host);
        ctx.services.emit({ type: 'host_result', task: ref, result: { ...finished.r, resumed: true }, time: now() });
        return Promise.resolve();
      }
      const job = () =>
        ctx.forks(async () => {
          const templates = new TaskTemplates(ctx, task, eff, host);
          const result = await collectNoValues(templates.listener, () => runOnHost(ctx, task, eff, host, ref, templates));
          if (eff.noLog || (task.register !== undefined && isSecretName(task.register))) learnHiddenOutput(ctx, result);
          statuses.set(host, result.status);
          if (result.changed === true) changed.add(host);
          const shown = redactResult(ctx, result);
          if (checkpoint !== undefined && site !== undefined && !interruptedResult(ctx, result)) {
            checkpoint.finish(site, task, shown, notifies(task, result.status), ctx.state.failedHosts, ctx.state.unreachableHosts);
          }
          ctx.services.emit({ type: 'host_result', task: ref, result: shown, time: now() });
        });
      return throttle ? throttle(job) : job();
    }),
  );
  checkpoint?.taskEnded();
  ctx.services.emit({ type: 'task_end', task: ref, durationMs: Date.now() - started, time: now() });
  return { statuses, changed };
}

/**
 * A no_log task's output, or one registered under a secret's name (`register: join_token`),
 * stays hidden in this task's result and wherever a later task prints it.
 */
function learnHiddenOutput(ctx: TaskRunContext, result: HostResult): void {
  const r = ctx.services.redactor;
  for (const one of [result, ...(result.items ?? [])]) {
    r.learnHidden(one.stdout);
    r.learnHidden(one.stderr);
    r.learnHidden(one.msg);
  }
}

function redactResult(ctx: TaskRunContext, result: HostResult): HostResult {
  // No secret known yet: only an item (values under secret-looking keys) or a no_log result changes.
  if (!result.noLog && !ctx.services.redactor.active && result.item === undefined && result.items === undefined) return result;
  const items = result.items?.map((item) => redactResult(ctx, item));
  if (result.noLog) {
    return {
      ...result,
      stdout: result.stdout === '' ? '' : REDACTED,
      stderr: result.stderr === '' ? '' : REDACTED,
      ...(result.msg !== undefined ? { msg: REDACTED } : {}),
      ...(result.item !== undefined ? { item: REDACTED } : {}),
      ...(result.label !== undefined ? { label: REDACTED } : {}),
      ...(result.reason !== undefined ? { reason: REDACTED } : {}),
      ...(items !== undefined ? { items } : {}),
      diff: undefined,
    };
  }
  const r = ctx.services.redactor;
  return {
    ...result,
    stdout: r.redact(result.stdout),
    stderr: r.redact(result.stderr),
    ...(result.msg !== undefined ? { msg: r.redact(result.msg) } : {}),
    ...(result.item !== undefined ? { item: r.redactValue(result.item) } : {}),
    // A check-mode reason may quote the command it would run, secrets and all.
    ...(result.label !== undefined ? { label: r.redact(result.label) } : {}),
    ...(result.reason !== undefined ? { reason: r.redact(result.reason) } : {}),
    ...(items !== undefined ? { items } : {}),
    ...(result.diff !== undefined ? { diff: result.diff.map((d) => ({ path: d.path, text: r.redact(d.text) })) } : {}),
  };
}

interface LoopItem {
  readonly value: GoValue;
  readonly has: boolean;
}

async function runOnHost(ctx: TaskRunContext, task: TaskNode, eff: Effective, host: string, ref: TaskRef, templates: TaskTemplates): Promise<HostResult> {
  const started = Date.now();
  const store = ctx.services.vars;
  const file = task.pos.file;
  const checkMode = eff.checkMode ?? ctx.options.check;
  const base = { host, noLog: eff.noLog };
  let items: LoopItem[];
  try {
    items = loopItems(task, store.view(host), file);
  } catch (err) {
    if (err instanceof UnknownValueError) {
      // Which items a real run would see is not known: nothing can be said of any of them.
      const reason = unknownBecause('"loop"', err);
      if (task.register !== undefined) store.mergeRuntime(host, { [task.register]: registeredUnknown(task) });
      return { ...base, status: 'unknown', stdout: '', stderr: '', reason, durationMs: Date.now() - started };
    }
    return { ...base, status: 'failed', stdout: '', stderr: '', msg: errorText(templates.relocate(err), task), durationMs: Date.now() - started };
  }
  if (task.loop !== undefined && items.length === 0) {
    if (task.register !== undefined) store.mergeRuntime(host, { [task.register]: [] });
    return { ...base, status: 'skipped', stdout: '', stderr: '', reason: 'loop has no items', durationMs: Date.now() - started };
  }

  const outcomes: ItemOutcome[] = [];
  const itemResults: HostResult[] = [];
  let unknownReason: string | undefined;
  let unreachable: string | undefined;
  for (const item of items) {
    if (item.has) store.mergeRuntime(host, { item: item.value });
    const itemStarted = Date.now();
    const step = await runItem(ctx, task, eff, host, item, checkMode, ref, templates);
    outcomes.push(step.outcome);
    if (step.unknown !== undefined) unknownReason = step.unknown;
    if (step.unreachable !== undefined) unreachable = step.unreachable;
    itemResults.push({
      ...base,
      status: step.status,
      ...(item.has ? { item: item.value } : {}),
      ...(item.has && task.loopLabel !== undefined ? { label: loopLabel(task, store.view(host), file) } : {}),
      ...(step.outcome.rc !== undefined ? { rc: step.outcome.rc } : {}),
      stdout: typeof step.outcome.stdout === 'string' ? step.outcome.stdout : formatValue(step.outcome.stdout),
      stderr: step.outcome.stderr,
      ...(step.msg !== undefined ? { msg: step.msg } : {}),
      ...(step.reason !== undefined ? { reason: step.reason } : {}),
      ...(step.diff !== undefined ? { diff: step.diff } : {}),
      ...(step.delegatedTo !== undefined ? { delegatedTo: step.delegatedTo } : {}),
      ...(step.stdoutFile !== undefined ? { stdoutFile: step.stdoutFile } : {}),
      ...(step.stderrFile !== undefined ? { stderrFile: step.stderrFile } : {}),
      durationMs: Date.now() - itemStarted,
    });
    if (step.unreachable !== undefined) break;
    if (step.status === 'failed' && !eff.ignoreErrors && task.loop === undefined) break;
  }
  if (task.loop !== undefined) store.mergeRuntime(host, { item: null });

  if (task.register !== undefined) {
    // What a task that did not really run would have registered is unknown, not a placeholder.
    const registered = unknownReason !== undefined ? registeredUnknown(task) : registeredValue(outcomes, task.loop !== undefined, task.registerType);
    store.mergeRuntime(host, { [task.register]: registered });
  }

  const status = aggregateStatus(itemResults.map((r) => r.status), eff.ignoreErrors, unreachable !== undefined);
  if (status === 'changed' || (status === 'unknown' && task.notify.length > 0)) notify(ctx, task, host);
  const single = itemResults.length === 1 && task.loop === undefined ? itemResults[0] : undefined;
  const failedItem = itemResults.find((r) => r.status === 'failed' || r.status === 'unreachable');
  const changed = outcomes.some((o) => o.changed) ? { changed: true } : {};
  const summary: HostResult = single
    ? { ...single, status, ...changed, durationMs: Date.now() - started }
    : {
        ...base,
        status,
        ...changed,
        stdout: '',
        stderr: '',
        ...(failedItem?.msg !== undefined ? { msg: failedItem.msg } : {}),
        ...(unknownReason !== undefined && status === 'unknown' ? { reason: unknownReason } : {}),
        durationMs: Date.now() - started,
      };
  return task.loop !== undefined ? { ...summary, items: itemResults } : summary;
}

/** Whether runOnHost notified the task's handlers for this outcome. */
function notifies(task: TaskNode, status: HostStatus): boolean {
  return task.notify.length > 0 && (status === 'changed' || status === 'unknown');
}

/** A failure caused by the run being stopped did not finish the task: a resume runs it again. */
function interruptedResult(ctx: TaskRunContext, result: HostResult): boolean {
  return ctx.options.signal.aborted && (result.status === 'failed' || result.status === 'unreachable');
}

function notify(ctx: TaskRunContext, task: TaskNode, host: string): void {
  for (const name of task.notify) {
    let hosts = ctx.state.notified.get(name);
    if (hosts === undefined) {
      hosts = new Set();
      ctx.state.notified.set(name, hosts);
    }
    hosts.add(host);
  }
}

function aggregateStatus(statuses: readonly HostStatus[], ignoreErrors: boolean, unreachable: boolean): HostStatus {
  if (unreachable) return 'unreachable';
  if (statuses.includes('failed')) return ignoreErrors ? 'ignored' : 'failed';
  if (statuses.includes('ignored')) return 'ignored';
  if (statuses.includes('unknown')) return 'unknown';
  if (statuses.includes('changed')) return 'changed';
  if (statuses.length > 0 && statuses.every((s) => s === 'skipped')) return 'skipped';
  return 'ok';
}

/** The value `register` stores for a task whose result check mode could not know (the task's own line says why). */
function registeredUnknown(task: TaskNode): Unknown {
  const name = task.role !== undefined ? `${task.role} : ${task.name}` : task.name;
  return new Unknown(`.${task.register}: registered by task "${name}" (${path.basename(task.pos.file)}:${task.pos.line}), which did not really run`);
}

/** Throws UnknownValueError when `value` holds a check-mode unknown value. */
function known<T extends GoValue>(value: T): T {
  const unknown = findUnknown(value);
  if (unknown !== undefined) throw new UnknownValueError(unknown);
  return value;
}

/** The reason of an outcome that depends on an unknown value, naming what read it. */
function unknownBecause(what: string, err: UnknownValueError): string {
  return `${what} reads a value unknown in check mode (${err.unknown.reason})`;
}

function loopItems(task: TaskNode, view: GoMap, file: string): LoopItem[] {
  if (task.loop === undefined) return [{ value: null, has: false }];
  if ('items' in task.loop) {
    return task.loop.items.map((raw) => {
      const value = known(renderTyped(raw, view, file));
      return { value, has: value !== null && value !== undefined };
    });
  }
  return loopItemsFromOutput(renderText(task.loop.template, view, file)).map((value) => ({ value, has: value !== null }));
}

interface ItemStep {
  readonly status: HostStatus;
  readonly outcome: ItemOutcome;
  readonly msg?: string;
  readonly reason?: string;
  readonly unknown?: string;
  readonly unreachable?: string;
  readonly diff?: HostResult['diff'];
  readonly delegatedTo?: string;
  readonly stdoutFile?: string;
  readonly stderrFile?: string;
}

function skippedStep(item: LoopItem, reason: string, unknown?: string): ItemStep {
  return {
    status: unknown !== undefined ? 'unknown' : 'skipped',
    outcome: { item: item.value, hasItem: item.has, stdout: '', stderr: '', error: '', changed: false, failed: false, skipped: true },
    reason,
    ...(unknown !== undefined ? { unknown } : {}),
  };
}

function unknownStep(item: LoopItem, reason: string): ItemStep {
  return skippedStep(item, reason, reason);
}

function failedStep(item: LoopItem, msg: string, stdout: GoValue = '', stderr = '', rc?: number): ItemStep {
  return {
    status: 'failed',
    outcome: { item: item.value, hasItem: item.has, stdout, stderr, error: msg, changed: false, failed: true, skipped: false, ...(rc !== undefined ? { rc } : {}) },
    msg,
  };
}

async function runItem(
  ctx: TaskRunContext,
  task: TaskNode,
  eff: Effective,
  host: string,
  item: LoopItem,
  checkMode: boolean,
  ref: TaskRef,
  templates: TaskTemplates,
): Promise<ItemStep> {
  const store = ctx.services.vars;
  try {
    for (const cond of eff.when) {
      if (!templates.holds(cond, store.view(host))) {
        return skippedStep(item, `condition ${cond.template} is false`);
      }
    }
  } catch (err) {
    if (err instanceof UnknownValueError) {
      const reason = unknownBecause('"when"', err);
      return skippedStep(item, reason, reason);
    }
    return failedStep(item, errorText(templates.relocate(err), task));
  }

  const module = ctx.services.modules.get(task.module);
  if (module === undefined) return failedStep(item, `unknown module "${task.module}"`);
  if (checkMode && module.checkMode === 'none') {
    return skippedStep(item, `module ${module.name} does not support check mode`, `task did not run in check mode`);
  }

  const untilRetries = task.until !== undefined ? (task.retries ?? DEFAULT_UNTIL_RETRIES) : (task.retries ?? 0);
  const delayMs = (task.delay ?? (task.until !== undefined ? DEFAULT_DELAY_SECONDS : 0)) * 1000;
  let attempt = 0;
  for (;;) {
    const step = await runModuleOnce(ctx, task, eff, host, item, checkMode, module, ref, templates);
    // A module that did not really run (check mode) has nothing to retry or wait for.
    if (step.unreachable !== undefined || ctx.options.signal.aborted || step.status === 'unknown' || step.status === 'skipped') return step;
    const done = task.until !== undefined ? untilSatisfied(ctx, task, host, step, templates) : step.status !== 'failed';
    // Waiting for a condition on an unknown value would only wait for nothing.
    if (done instanceof UnknownValueError) return unknownStep(item, unknownBecause('"until"', done));
    if (done || attempt >= untilRetries) {
      if (task.until !== undefined && !done && step.status !== 'failed') {
        return failedStep(item, `"until" was still false after ${attempt + 1} attempts`, step.outcome.stdout, step.outcome.stderr, step.outcome.rc);
      }
      return step;
    }
    attempt++;
    if (delayMs > 0) await sleep(delayMs, ctx.options.signal);
  }
}

function untilSatisfied(ctx: TaskRunContext, task: TaskNode, host: string, step: ItemStep, templates: TaskTemplates): boolean | UnknownValueError {
  if (task.until === undefined) return true;
  const store = ctx.services.vars;
  if (task.register !== undefined) store.mergeRuntime(host, { [task.register]: registeredValue([step.outcome], false, task.registerType) });
  try {
    return task.until.every((c) => templates.holds(c, store.view(host)));
  } catch (err) {
    return err instanceof UnknownValueError ? err : false;
  }
}

async function runModuleOnce(
  ctx: TaskRunContext,
  task: TaskNode,
  eff: Effective,
  host: string,
  item: LoopItem,
  checkMode: boolean,
  module: ModuleDefinition,
  ref: TaskRef,
  templates: TaskTemplates,
): Promise<ItemStep> {
  const store = ctx.services.vars;
  const file = task.pos.file;
  const view = store.view(host);
  let delegatedTo: string | undefined;
  if (task.delegateTo !== undefined) {
    try {
      delegatedTo = renderText(task.delegateTo, view, file).trim();
    } catch (err) {
      if (err instanceof UnknownValueError) return unknownStep(item, unknownBecause('"delegate_to"', err));
      return failedStep(item, errorText(templates.relocate(err), task));
    }
  }
  const connectionHost = delegatedTo ?? host;
  const timeoutMs = eff.timeout !== undefined && eff.timeout > 0 ? eff.timeout * 1000 : undefined;
  const signals = [ctx.options.signal];
  if (timeoutMs !== undefined) signals.push(AbortSignal.timeout(timeoutMs));
  const signal = signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  // A no_log task's output past the cap is dropped: its spill file would print it in the clear.
  const output = (ctx.services.outputs ?? CAP_ONLY).forModule(connectionHost, eff.noLog);
  // `become` set anywhere above the task decides; otherwise the host's `connector.sudo` does.
  const become = eff.become === true
    ? { method: eff.becomeMethod ?? 'sudo', user: eff.becomeUser ?? 'root', ...becomePassword(store.connector(host)) }
    : eff.become === undefined
      ? ctx.services.connections.defaultBecome?.(connectionHost)
      : undefined;
  const moduleCtx: ModuleContext = {
    host,
    args: task.args,
    vars: view,
    task,
    project: ctx.services.project,
    checkMode,
    diffMode: ctx.options.diff && eff.diff !== false && !eff.noLog,
    ...(become !== undefined ? { become } : {}),
    signal,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    connector: async () => {
      const wrapped = output.wrap(await ctx.services.connections.connectorFor(connectionHost));
      if (ctx.options.verbosity < 3) return wrapped;
      const via = connectionHost === host ? '' : ` (via ${connectionHost})`;
      return traceCommands(wrapped, (line) =>
        ctx.services.emit({ type: 'log', task: ref, host, kind: 'command', text: `${eff.noLog ? REDACTED : ctx.services.redactor.redact(line)}${via}`, time: new Date().toISOString() }),
      );
    },
    render: (text) => renderText(text, view, file),
    // A module argument that reads an unknown value makes the task unknown before the module acts.
    renderValue: (value) => known(renderTyped(value, view, file)),
    runtime: {
      mergeHostVars: (target, data) => {
        ctx.services.redactor.learnFrom(data);
        store.mergeRuntime(target, data);
      },
      setFacts: (target, facts) => store.setFacts(target, facts),
      mergeResult: (doc) => store.mergeResult(doc),
      resolveHosts: (patterns) => ctx.services.resolveHosts(patterns),
      projectPath: (kind, relative) => projectPath(task.baseDir, kind, relative),
      workDir: ctx.options.workDir,
    },
    log: (kind, text) => ctx.services.emit({ type: 'log', task: ref, host, kind, text: eff.noLog ? REDACTED : ctx.services.redactor.redact(text), time: new Date().toISOString() }),
  };

  let result: ModuleResult;
  try {
    result = await module.run(moduleCtx);
  } catch (err) {
    if (err instanceof ConnectionError) {
      return {
        status: 'unreachable',
        outcome: { item: item.value, hasItem: item.has, stdout: '', stderr: '', error: err.message, changed: false, failed: true, skipped: false },
        msg: describeError(err),
        unreachable: describeError(err),
        ...(delegatedTo !== undefined ? { delegatedTo } : {}),
      };
    }
    if (err instanceof UnknownValueError) return unknownStep(item, unknownBecause(module.name, err));
    if (signal.aborted && timeoutMs !== undefined && !ctx.options.signal.aborted) {
      return failedStep(item, withCode(`task timed out after ${eff.timeout}s`, 'KP-RUN-002'));
    }
    return failedStep(item, errorText(templates.relocate(err), task, 'KP-MOD-001'));
  }
  const stdout = result.stdout ?? '';
  const stderr = result.stderr ?? '';
  let failed = result.failed === true;
  let changed = result.changed;
  const files = {
    ...(output.stdoutFile !== undefined ? { stdout_file: output.stdoutFile } : {}),
    ...(output.stderrFile !== undefined ? { stderr_file: output.stderrFile } : {}),
  };
  const extra = result.data !== undefined || output.stdoutFile !== undefined || output.stderrFile !== undefined ? { ...result.data, ...files } : undefined;
  const outcome = (): ItemOutcome => ({
    item: item.value,
    hasItem: item.has,
    stdout,
    stderr,
    error: failed ? (result.msg ?? (stderr !== '' ? stderr : 'failed')) : '',
    changed,
    failed,
    skipped: result.skipped === true,
    ...(result.rc !== undefined ? { rc: result.rc } : {}),
    ...(extra !== undefined ? { extra } : {}),
  });
  // failed_when / changed_when see the task's own registered result, as in Ansible.
  if (task.register !== undefined && (task.failedWhen.length > 0 || task.changedWhen !== undefined)) {
    store.mergeRuntime(host, { [task.register]: registeredValue([outcome()], false, task.registerType) });
  }
  try {
    if (!failed && task.failedWhen.length > 0 && task.failedWhen.every((c) => templates.holds(c, store.view(host)))) {
      failed = true;
      result = { ...result, msg: result.msg ?? `failed_when is true: ${task.failedWhen.map((c) => c.template).join(' and ')}` };
    } else if (failed && task.failedWhen.length > 0 && result.rc !== undefined) {
      // An explicit failed_when decides for commands (Ansible: `failed_when: false` ignores rc).
      if (!task.failedWhen.every((c) => templates.holds(c, store.view(host)))) failed = false;
    }
    if (task.changedWhen !== undefined && !result.skipped) {
      changed = task.changedWhen.every((c) => templates.holds(c, store.view(host)));
    }
  } catch (err) {
    if (err instanceof UnknownValueError) return unknownStep(item, unknownBecause('"failed_when"/"changed_when"', err));
    return failedStep(item, errorText(templates.relocate(err), task), stdout, stderr, result.rc);
  }
  const status: HostStatus = failed
    ? 'failed'
    : result.unknown !== undefined && result.skipped
      ? 'unknown'
      : result.skipped
        ? 'skipped'
        : changed
          ? 'changed'
          : 'ok';
  return {
    status,
    outcome: outcome(),
    ...(failed ? { msg: result.msg ?? (stderr || 'failed') } : result.msg !== undefined ? { msg: result.msg } : {}),
    ...(result.unknown !== undefined ? { unknown: result.unknown, reason: result.unknown } : {}),
    ...(result.diff !== undefined && moduleCtx.diffMode ? { diff: result.diff } : {}),
    ...(delegatedTo !== undefined ? { delegatedTo } : {}),
    ...(output.stdoutFile !== undefined ? { stdoutFile: output.stdoutFile } : {}),
    ...(output.stderrFile !== undefined ? { stderrFile: output.stderrFile } : {}),
  };
}

/** From the connector's own settings: templates only see the password masked. */
function becomePassword(connector: GoValue): { password?: string } {
  const password = becomePasswordOf(connector);
  return password !== undefined ? { password } : {};
}

function projectPath(baseDir: string, kind: 'files' | 'templates' | 'vars', relative: string): string {
  return path.isAbsolute(relative) ? relative : path.join(baseDir, kind, relative);
}

/** A failure's text with its code; `fallback` is the code for errors kplay did not raise itself. */
function errorText(err: unknown, task: TaskNode, fallback?: ErrorCode): string {
  if (err instanceof ModuleArgumentError) return withCode(`${task.pos.file}:${task.argsPos.line}:${task.argsPos.col}: ${err.message}`, err.code);
  return describeError(err, fallback);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
