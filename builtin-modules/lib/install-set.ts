/**
 * Shared end of copy and template: install a list of files on one host and turn the per-file
 * outcomes into one task result (msg, data for `register`, diffs).
 */
import pLimit from 'p-limit';
import { type Connector, directorySummary, type FileDiff, type FileStat, type GoMap, type GoValue, type ModuleContext, type ModuleResult } from '../../engine/modules/module-api';
import { DesiredFile, FileOutcome, installFile, InstallOptions, octal } from './file-install';

/** Per-file diffs shown under a directory summary; the summary still lists every file. */
const MAX_FILE_DIFFS = 50;
/** Concurrent stat/put calls per host (the SSH connector multiplexes them over one connection). */
const PARALLEL_FILES = 8;

export interface InstallRequest {
  readonly owner?: string;
  readonly group?: string;
  readonly backup: boolean;
}

/** `owner`/`group` as given (a name or a numeric id); empty means unchanged. */
export function ownership(args: { readonly owner?: string | number; readonly group?: string | number }): { owner?: string; group?: string } {
  const text = (v: string | number | undefined): string | undefined => (v === undefined || v === '' ? undefined : String(v));
  const owner = text(args.owner);
  const group = text(args.group);
  return { ...(owner !== undefined ? { owner } : {}), ...(group !== undefined ? { group } : {}) };
}

export function installOptions(ctx: ModuleContext, request: InstallRequest): InstallOptions {
  return {
    ...(request.owner !== undefined ? { owner: request.owner } : {}),
    ...(request.group !== undefined ? { group: request.group } : {}),
    ...(ctx.become !== undefined ? { become: ctx.become } : {}),
    backup: request.backup,
    checkMode: ctx.checkMode,
    diffMode: ctx.diffMode,
    signal: ctx.signal,
  };
}

function describe(outcome: FileOutcome): string {
  return `${outcome.dest}: ${outcome.reasons.join(', ')}`;
}

function verb(ctx: ModuleContext): string {
  return ctx.checkMode ? 'would change' : 'changed';
}

export interface SingleFileExtras {
  /** Controller source path, reported in `register` data. */
  readonly src?: string;
  /** A stat of dest (with checksum) already taken. */
  readonly known?: FileStat;
}

export async function installSingle(
  ctx: ModuleContext,
  connector: Connector,
  desired: DesiredFile,
  request: InstallRequest,
  extras: SingleFileExtras = {},
): Promise<ModuleResult> {
  const outcome = await installFile(connector, desired, installOptions(ctx, request), extras.known);
  const src = extras.src;
  const changed = outcome.state !== 'unchanged';
  const data: GoMap = {
    dest: desired.dest,
    checksum: desired.sha256,
    mode: octal(outcome.mode),
    ...(src !== undefined ? { src } : {}),
    ...(outcome.backupFile !== undefined ? { backup_file: outcome.backupFile } : {}),
  };
  return {
    changed,
    stdout: 'success',
    ...(changed ? { msg: `${verb(ctx)} ${describe(outcome)}` } : {}),
    data,
    ...(outcome.diff !== undefined ? { diff: [outcome.diff] } : {}),
  };
}

/** Extra work on the destination directory itself (copy's `mode` on the top directory). */
/** Returns a reason when something changed (or would change in check mode). */
export type DirectoryFinish = (ctx: ModuleContext, connector: Connector) => Promise<string | undefined>;

export async function installTree(
  ctx: ModuleContext,
  connector: Connector,
  destRoot: string,
  files: readonly DesiredFile[],
  request: InstallRequest,
  finish?: DirectoryFinish,
): Promise<ModuleResult> {
  const options = installOptions(ctx, request);
  const limit = pLimit(PARALLEL_FILES);
  const outcomes = await Promise.all(files.map((file) => limit(() => installFile(connector, file, options))));
  const dirChange = finish !== undefined ? await finish(ctx, connector) : undefined;
  const touched = outcomes.filter((o) => o.state !== 'unchanged');
  const changed = touched.length > 0 || dirChange !== undefined;
  let diff: FileDiff[] | undefined;
  if (ctx.diffMode && changed) {
    const summary = directorySummary(destRoot, outcomes.map((o) => ({ path: o.dest, state: o.state, reasons: o.reasons })));
    const withDir = dirChange !== undefined ? { ...summary, text: `${summary.text}  ${destRoot}: ${dirChange}\n` } : summary;
    const perFile = touched.flatMap((o) => (o.diff !== undefined ? [o.diff] : [])).slice(0, MAX_FILE_DIFFS);
    diff = [withDir, ...perFile];
  }
  const lines = touched.map(describe);
  if (dirChange !== undefined) lines.push(`${destRoot}: ${dirChange}`);
  const changedFiles: GoValue = touched.map((o) => o.dest);
  const backups: GoValue = outcomes.flatMap((o) => (o.backupFile !== undefined ? [o.backupFile] : []));
  return {
    changed,
    stdout: 'success',
    ...(changed ? { msg: `${verb(ctx)} ${touched.length} of ${files.length} files under ${destRoot}${lines.length > 0 ? `:\n${lines.join('\n')}` : ''}` } : {}),
    data: { dest: destRoot, files: files.length, changed_files: changedFiles, ...(request.backup ? { backup_files: backups } : {}) },
    ...(diff !== undefined ? { diff } : {}),
  };
}
