/**
 * `--resume [RUN_ID|last]` (docs/cli.md#resume): which run to continue, whether its inputs
 * changed, and what the continuation starts from. The inputs a resume may change (inventory,
 * config, extra vars: usually the fix) are only listed; a changed playbook or role file that holds
 * a task which had already finished is refused (unless forced), because positions and recorded
 * results would no longer describe the playbook that runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KplayError } from '../core/errors';
import type { LoadedProject, TaskListEntry } from '../project/model';
import { hasCheckpoint, readCheckpoint, type CheckpointData } from '../executor/checkpoint-file';
import type { ResumePlan } from './resume-plan';
import { resumableRecords } from '../executor/checkpoint';
import { jsonReplacer } from '../reporters/json-lines';
import { listJournalRuns, readJournalSummary, runsDir } from '../reporters/journal-read';
import type { PreparedRun } from './load';
import type { ResolvedRunOptions } from './options';

/** What a run records at its start so that a resume can tell what changed. */
export interface ResumeMeta {
  readonly version: 1;
  readonly runId: string;
  readonly command?: string;
  readonly playbook: string;
  readonly check: boolean;
  readonly inputs: Readonly<Record<InputName, string>>;
  /** Every playbook, role and template file of the project, by path: its sha256. */
  readonly files: Readonly<Record<string, string>>;
  /** The options that chose what runs, for a `kplay run --resume` that does not repeat them. */
  readonly request: RecordedRequest;
}

export interface RecordedRequest {
  readonly playbook: string;
  readonly inventoryFile?: string;
  readonly configFile?: string;
  readonly extraVars: readonly string[];
  readonly tags: readonly string[];
  readonly skipTags: readonly string[];
  readonly limit?: string;
}

type InputName = 'inventory' | 'config' | 'extra vars';

export const META_FILE = 'resume.json';

export type { ResumePlan } from './resume-plan';

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function fileHash(file: string): string {
  try {
    return sha256(readFileSync(file));
  } catch {
    return 'missing';
  }
}

/** The project's files: playbooks, task files, vars files, role defaults, template files. */
export function projectFiles(project: LoadedProject): Set<string> {
  const files = new Set<string>([project.entry]);
  const entries = (list: readonly TaskListEntry[]): void => {
    for (const e of list) {
      files.add(e.pos.file);
      if (e.vars !== undefined) files.add(e.vars.pos.file);
      if (e.kind === 'block') {
        if (e.includedFile !== undefined) files.add(e.includedFile);
        entries(e.block);
        entries(e.rescue);
        entries(e.always);
      } else {
        for (const t of e.templateFiles ?? []) files.add(t);
      }
    }
  };
  const roles = (list: PreparedRun['project']['plays'][number]['roles']): void => {
    for (const r of list) {
      files.add(r.pos.file);
      if (r.vars !== undefined) files.add(r.vars.pos.file);
      for (const d of r.defaults) files.add(d.pos.file);
      roles(r.dependencies);
      entries(r.tasks);
    }
  };
  for (const play of project.plays) {
    files.add(play.file);
    for (const v of play.varsNodes) files.add(v.pos.file);
    entries(play.preTasks);
    entries(play.tasks);
    entries(play.postTasks);
    roles(play.roles);
    for (const h of play.handlers) files.add(h.task.pos.file);
  }
  return files;
}

export function resumeMeta(runId: string, prepared: PreparedRun, options: ResolvedRunOptions): ResumeMeta {
  const files: Record<string, string> = {};
  for (const f of [...projectFiles(prepared.project)].sort()) files[f] = fileHash(f);
  return {
    version: 1,
    runId,
    ...(options.command !== undefined ? { command: options.command } : {}),
    playbook: prepared.project.entry,
    check: options.check,
    inputs: inputHashes(prepared, options),
    files,
    request: {
      playbook: prepared.project.entry,
      ...(options.inventoryFile !== undefined ? { inventoryFile: resolve(options.inventoryFile) } : {}),
      ...(options.configFile !== undefined ? { configFile: resolve(options.configFile) } : {}),
      extraVars: options.extraVars.map((e) => (e.startsWith('@') ? `@${resolve(e.slice(1))}` : e)),
      tags: options.tags,
      skipTags: options.skipTags,
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    },
  };
}

function inputHashes(prepared: PreparedRun, options: ResolvedRunOptions): Record<InputName, string> {
  const { work_dir: _w, check_mode: _c, ...config } = prepared.config;
  return {
    inventory: options.inventoryFile !== undefined ? fileHash(resolve(options.inventoryFile)) : 'builtin',
    config: sha256(JSON.stringify(config, jsonReplacer)),
    'extra vars': sha256(JSON.stringify(prepared.extra, jsonReplacer)),
  };
}

function refuse(message: string): never {
  throw new KplayError('KP-RUN-010', message);
}

/** The run `spec` names (`last`: the newest run with a checkpoint that is not running). */
export function resumeTarget(workDir: string, spec: string): string {
  if (spec !== 'last') {
    if (!existsSync(join(runsDir(workDir), spec))) refuse(`--resume: no run "${spec}" in ${workDir}`);
    return spec;
  }
  const runs = listJournalRuns(workDir).filter((r) => hasCheckpoint(join(runsDir(workDir), r.id)) && r.state !== 'running');
  const last = runs.at(-1);
  if (last === undefined) refuse(`--resume last: no run to resume in ${workDir}`);
  return last.id;
}

/**
 * Decides what `--resume` continues. Throws KP-RUN-010 when there is nothing to resume (no
 * such run, no checkpoint, still running, another command) and KP-RUN-011 when the playbook
 * changed before the resume point and `force` is not set.
 */
export function planResume(workDir: string, spec: string, prepared: PreparedRun, options: ResolvedRunOptions, force: boolean): ResumePlan {
  const runId = resumeTarget(workDir, spec);
  const dir = join(runsDir(workDir), runId);
  const summary = readJournalSummary(workDir, runId);
  if (summary?.state === 'succeeded') return { kind: 'succeeded', runId };
  if (summary?.state === 'running') refuse(`--resume: run ${runId} is still running (pid ${summary.pid ?? '?'})`);
  const metaPath = join(dir, META_FILE);
  if (!existsSync(metaPath) || !hasCheckpoint(dir)) refuse(`--resume: run ${runId} has no checkpoint (it was made by an older kplay, or without a journal)`);
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as ResumeMeta;
  if ((meta.command ?? 'run') !== (options.command ?? 'run')) refuse(`--resume: run ${runId} was started by "kplay ${meta.command ?? 'run'}", not "kplay ${options.command ?? 'run'}"`);
  if (meta.playbook !== prepared.project.entry) refuse(`--resume: run ${runId} ran ${meta.playbook}, not ${prepared.project.entry}`);
  if (meta.check !== options.check) refuse(`--resume: run ${runId} was ${meta.check ? 'a --check run' : 'a real run'}; resume it the same way`);

  const data: CheckpointData = readCheckpoint(dir);
  const kept = resumableRecords(data);
  const notes: string[] = [];
  const now = inputHashes(prepared, options);
  const changedInputs = (Object.keys(now) as InputName[]).filter((k) => meta.inputs[k] !== now[k]);
  if (changedInputs.length > 0) notes.push(`changed since: ${changedInputs.join(', ')} (the new values are used from here on)`);

  const current = projectFiles(prepared.project);
  const changedFiles = [...new Set([...Object.keys(meta.files), ...current])].filter((f) => meta.files[f] !== fileHash(f)).sort();
  const finishedIn = new Set(kept.records.map((r) => r.file));
  const before = changedFiles.filter((f) => finishedIn.has(f));
  if (before.length > 0 && !force) {
    throw new KplayError(
      'KP-RUN-011',
      `--resume: the playbook changed before the resume point of run ${runId}; these files hold tasks that had finished:\n${before.map((f) => `  ${f}`).join('\n')}\nrun it from the start, or pass --force to resume anyway`,
    );
  }
  if (before.length > 0) notes.push(`--force: resuming although these files changed before the resume point: ${before.join(', ')}`);
  const after = changedFiles.filter((f) => !finishedIn.has(f));
  if (after.length > 0) notes.push(`changed after the resume point (used as they are now): ${after.join(', ')}`);
  if (kept.retried.length > 0) notes.push(`retried from the task where they failed: ${kept.retried.join(', ')}`);
  return { kind: 'resume', runId, records: kept.records, vars: kept.vars, deltas: data.deltas, retried: kept.retried, notes };
}

/** The options the run `spec` names was started with (`kplay run --resume` without a playbook). */
export function recordedRequest(workDir: string, spec: string): RecordedRequest {
  const runId = resumeTarget(workDir, spec);
  const metaPath = join(runsDir(workDir), runId, META_FILE);
  if (!existsSync(metaPath)) refuse(`--resume: run ${runId} has no checkpoint (it was made by an older kplay, or without a journal)`);
  return (JSON.parse(readFileSync(metaPath, 'utf8')) as ResumeMeta).request;
}

/** Run ids begin with their start time (2026-12-07T23-20-35-311Z-27bfa1). */
const RUN_ID_ARGUMENT = /^\d{4}-\d\d-\d\dT[\w-]+$/;

/**
 * `--resume` takes an optional value (`last` or a run id), which node's parseArgs cannot express:
 * the commands that host runs take it out of their arguments first. Absent: undefined.
 */
export function takeResumeArgument(argv: readonly string[]): { readonly rest: string[]; readonly resume?: string } {
  const rest: string[] = [];
  let resume: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg.startsWith('--resume=')) {
      resume = arg.slice('--resume='.length) || 'last';
    } else if (arg === '--resume') {
      const next = argv[i + 1];
      if (next !== undefined && (next === 'last' || RUN_ID_ARGUMENT.test(next))) {
        resume = next;
        i++;
      } else {
        resume = 'last';
      }
    } else {
      rest.push(arg);
    }
  }
  return { rest, ...(resume !== undefined ? { resume } : {}) };
}
