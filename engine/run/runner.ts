/**
 * Executes a prepared run with the dependencies it is given: connectors are pooled per host,
 * events go to the reporters, the caller's signal stops it. Shared by the public API (and so
 * by `kplay run` and the cluster commands).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { join, resolve } from 'node:path';
import { ConnectionPool, DEFAULT_STOP_GRACE_MS, implicitBecome } from '../connectors';
import type { HostStats, Reporter, RunEvent } from '../events/types';
import type { ConnectorConfigSource } from '../executor/connections';
import { OutputFiles } from '../executor/output-capture';
import { runPlaybook } from '../executor/playbook-executor';
import { Redactor } from '../executor/redactor';
import { JournalReporter } from '../reporters/journal';
import { ReportFileReporter } from '../reporters/report-file';
import { VariableStore } from '../variables/store';
import type { GoMap } from '../core/values';
import { Checkpointer, deltaOf, ResumePoint } from '../executor/checkpoint';
import { decodeValue, encodeValue } from '../executor/checkpoint-codec';
import type { Delta } from '../executor/checkpoint-file';
import { META_FILE, resumeMeta } from './resume';
import { LOCALHOST } from '../inventory/inventory';
import type { PreparedRun } from './load';
import { ConnectorConfigs } from './connector-configs';
import type { ResolvedRunOptions, RunDependencies } from './options';

export interface RunResult {
  readonly runId: string;
  readonly status: 'succeeded' | 'failed';
  /** 0 ok, 2 a host failed, 3 a host was unreachable, 129/130/143 interrupted, 250 internal error. */
  readonly exitCode: number;
  readonly stats: Readonly<Record<string, HostStats>>;
  readonly error?: string;
  /** Where the journal of this run was written, when it was. */
  readonly journalFile?: string;
}

function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

export async function executeRun(prepared: PreparedRun, options: ResolvedRunOptions, deps: RunDependencies): Promise<RunResult> {
  const { project, inventory, config, extra } = prepared;
  const now = deps.now ?? (() => new Date());
  const runId = newRunId(now());
  const redactor = new Redactor();
  redactor.learnFrom(config);
  redactor.learnFrom(extra);
  redactor.learnFrom(inventory.vars);
  for (const host of inventory.hostNames) redactor.learnFrom(inventory.hostVars(host));
  for (const group of inventory.groupDefinitions.values()) redactor.learnFrom(group.vars);
  const store = new VariableStore(inventory, config, extra);
  const resume = deps.resume;
  if (resume !== undefined) {
    restoreState(store, resume.deltas);
    // Values registered or set before the interruption may be secrets the first run had learnt.
    for (const host of inventory.hostNames) redactor.learnFrom(store.runtime(host));
  }

  const reporters: Reporter[] = [...deps.reporters];
  if (options.reportFile !== undefined) reporters.push(new ReportFileReporter(resolve(options.reportFile)));
  const journal = options.journal ? new JournalReporter(options.workDir, runId) : undefined;
  if (journal !== undefined) reporters.push(journal);
  const checkpoint = journal !== undefined ? startCheckpoint(join(resolve(options.workDir), 'runs', runId), store, runId, prepared, options, resume) : undefined;
  // The one door every event passes on its way to any output: whatever a module, a template or
  // an error message put into it, known secrets leave masked in every spelling (docs/security.md).
  const emit = (event: RunEvent) => {
    const redacted = redactor.redactDeep(event);
    for (const r of reporters) r.handle(redacted);
  };

  // The executor hangs every running command on this signal; fifty at once are expected, not a
  // leak, so it gets its own controller instead of crowding the caller's.
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  const onAbort = () => abort.abort(deps.signal?.reason);
  if (deps.signal?.aborted) onAbort();
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  const force = new AbortController();
  setMaxListeners(0, force.signal);
  const onForce = () => force.abort();
  if (deps.forceSignal?.aborted) onForce();
  deps.forceSignal?.addEventListener('abort', onForce, { once: true });
  const pool = new ConnectionPool({
    ...(options.knownHostsFile !== undefined ? { knownHostsFile: options.knownHostsFile } : {}),
    // A dry run changes nothing on the controller either, known_hosts included.
    recordHostKeys: !options.check,
    factories: deps.connectors,
    signal: abort.signal,
    stop: { graceMs: deps.stopGraceMs ?? DEFAULT_STOP_GRACE_MS, force: force.signal },
  });
  // The implicit localhost is the controller itself: a connector shared through inventory,
  // group or config vars is meant for the inventory's hosts (docs/connectors.md#local-or-ssh).
  const implicitLocalhost = (host: string): boolean => host === LOCALHOST && !inventory.definesHost(host);
  const connectorConfigs = new ConnectorConfigs((name) => store.connector(name));
  const connections: ConnectorConfigSource = {
    connectorFor: async (host) => {
      const cfg = connectorConfigs.configFor(host);
      return pool.get(host, implicitLocalhost(host) ? { ...cfg, type: 'local' } : cfg);
    },
    // …and so is a shared `sudo: true`: kplay's own machine is not sudo'd into with the hosts' password.
    defaultBecome: (host) => (implicitLocalhost(host) ? undefined : implicitBecome(store.connector(host))),
    closeAll: () => pool.closeAll(),
  };

  try {
    emit({
      type: 'run_start',
      runId,
      playbook: project.entry,
      check: options.check,
      time: now().toISOString(),
      pid: process.pid,
      ...(options.command !== undefined ? { command: options.command } : {}),
      ...(options.reportFile !== undefined ? { reportFile: resolve(options.reportFile) } : {}),
      ...(resume !== undefined ? { resumedFrom: resume.runId } : {}),
    });
    for (const note of resume?.notes ?? []) {
      emit({ type: 'warning', warning: { kind: 'resume', message: `resuming run ${resume?.runId ?? ''}: ${note}` }, time: now().toISOString() });
    }
    for (const term of prepared.limitUnmatched ?? []) {
      emit({ type: 'warning', warning: { kind: 'host-pattern', message: `--limit: could not match supplied host pattern, ignoring: ${term}` }, time: now().toISOString() });
    }
    const outcome = await runPlaybook(
      {
        project,
        vars: {
          view: (h) => store.view(h),
          connector: (h) => store.connector(h),
          mergeRuntime: (h, data) => store.mergeRuntime(h, data),
          renderAndMergeVars: (hosts, node) => {
            store.renderAndMergeVars(hosts, node.data, node.pos);
            // The rendered values too: `db_password: "{{ .base }}-x"` is a secret once rendered.
            for (const host of hosts) {
              const runtime = store.runtime(host);
              for (const key of Object.keys(node.data)) if (key in runtime) redactor.learnFrom({ [key]: runtime[key] });
            }
          },
          setFacts: (h, facts) => store.setFacts(h, facts),
          mergeResult: (doc) => store.setResult(doc),
          result: () => store.result(),
        },
        modules: deps.modules,
        connections,
        resolveHosts: (patterns) => prepared.resolveHosts(patterns),
        matchHosts: (patterns) => prepared.matchHosts(patterns),
        emit,
        redactor,
        outputs: new OutputFiles(join(resolve(options.workDir), 'runs', runId, 'output'), undefined, redactor),
        ...(checkpoint !== undefined ? { checkpoint } : {}),
      },
      {
        check: options.check,
        diff: options.diff,
        forks: options.forks,
        tags: options.tags,
        skipTags: options.skipTags,
        forceHandlers: options.forceHandlers,
        workDir: options.workDir,
        verbosity: options.verbosity,
        strict: options.strict,
        ...(options.startAtTask !== undefined ? { startAtTask: options.startAtTask } : {}),
        signal: abort.signal,
      },
      prepared.limitHosts,
    );
    const error = outcome.error !== undefined ? redactor.redact(outcome.error) : undefined;
    emit({
      type: 'run_end',
      status: outcome.status,
      exitCode: outcome.exitCode,
      stats: outcome.stats,
      detail: redactor.redactValue(outcome.detail ?? {}),
      ...(error !== undefined ? { error } : {}),
      time: now().toISOString(),
    });
    return {
      runId,
      status: outcome.status,
      exitCode: outcome.exitCode,
      stats: outcome.stats,
      ...(error !== undefined ? { error } : {}),
      ...(journal !== undefined ? { journalFile: journal.path } : {}),
    };
  } finally {
    store.onChange(undefined);
    deps.signal?.removeEventListener('abort', onAbort);
    deps.forceSignal?.removeEventListener('abort', onForce);
    for (const r of reporters) await r.close?.();
  }
}

/** Replays the runtime writes of the run being resumed into a fresh store, in their order. */
function restoreState(store: VariableStore, deltas: readonly Delta[]): void {
  const known = new Set(store.hostNames());
  for (const delta of deltas) {
    // A host removed from the inventory since: its state has nowhere to go.
    if (delta[0] === 'r') store.setResult(decodeValue(delta[1]));
    else if (!known.has(delta[1])) continue;
    else if (delta[0] === 'm') store.mergeRuntime(delta[1], decodeValue(delta[2]) as GoMap);
    else store.setFacts(delta[1], decodeValue(delta[2]) as GoMap);
  }
}

/**
 * The run's checkpoint in its run directory (docs/cli.md#what-a-resume-restores): what changed
 * since the run it resumes is judged from `resume.json`, progress goes to the checkpoint files.
 */
function startCheckpoint(
  dir: string,
  store: VariableStore,
  runId: string,
  prepared: PreparedRun,
  options: ResolvedRunOptions,
  resume: RunDependencies['resume'],
): Checkpointer {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileAtomic(join(dir, META_FILE), JSON.stringify(resumeMeta(runId, prepared, options)));
  const checkpoint = new Checkpointer(
    dir,
    {
      hostNames: () => store.hostNames(),
      runtime: (h) => encodeValue(store.runtime(h)),
      facts: (h) => encodeValue(store.facts(h)),
      result: () => encodeValue(store.result()),
    },
    resume !== undefined ? new ResumePoint(resume.records, resume.vars) : undefined,
    resume !== undefined ? { records: resume.records, vars: resume.vars } : undefined,
  );
  store.onChange((change) => checkpoint.change(deltaOf(change)));
  return checkpoint;
}

/** Through a temporary file, fsync and rename: a reader sees the old file or the new one. */
function writeFileAtomic(file: string, content: string): void {
  const temp = `${file}.tmp-${process.pid}`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}
