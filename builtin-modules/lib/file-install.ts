/**
 * Installs one file on a host the idempotent way: stat with an on-host sha256 first, transfer
 * only when the content differs, fix only the permissions/ownership when just those differ, and
 * in check mode do nothing but report (and diff) what would change.
 */
import { type BecomeOptions, type Connector, contentDiff, DIFF_SIZE_CAP, type FileDiff, type FileStat, metadataDiff, shellQuote, type StatOptions } from '../../engine/modules/module-api';

/** What the host file should be: bytes in memory or a controller file (streamed). */
export type DesiredContent =
  | { readonly kind: 'bytes'; readonly bytes: Buffer }
  | { readonly kind: 'file'; readonly localPath: string; readonly size: number; readonly read: () => Promise<Buffer> };

export interface DesiredFile {
  readonly dest: string;
  readonly content: DesiredContent;
  readonly sha256: string;
  /** Mode of the installed file. */
  readonly mode: number;
  /** `mode` applies to new files only; an existing file keeps its permissions (no `mode` given). */
  readonly keepExistingMode?: boolean;
}

export interface InstallOptions {
  readonly owner?: string;
  readonly group?: string;
  readonly backup: boolean;
  readonly become?: BecomeOptions;
  readonly checkMode: boolean;
  readonly diffMode: boolean;
  /** The task's signal: an interruption stops a transfer and removes its temp file. */
  readonly signal?: AbortSignal;
}

export interface FileOutcome {
  readonly dest: string;
  readonly state: 'new' | 'changed' | 'unchanged';
  /** The mode the file has (or would have) afterwards. */
  readonly mode: number;
  /** Human-readable causes: "new file", "content", "mode 0644 -> 0755", "owner a -> b". */
  readonly reasons: string[];
  readonly backupFile?: string;
  readonly diff?: FileDiff;
  /** The file content was (or in check mode would be) transferred. */
  readonly transferred: boolean;
}

export function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

/** Matches a wanted owner/group (a name or a numeric id) against what stat reported. */
function sameAccount(wanted: string, name: string | undefined, id: number | undefined): boolean {
  return /^\d+$/.test(wanted) ? Number(wanted) === id : wanted === name;
}

function metadataChanges(current: FileStat, desired: DesiredFile, options: InstallOptions): string[] {
  const changes: string[] = [];
  if (current.mode !== desired.mode) changes.push(`mode ${octal(current.mode ?? 0)} -> ${octal(desired.mode)}`);
  if (options.owner !== undefined && !sameAccount(options.owner, current.owner, current.uid)) {
    changes.push(`owner ${current.owner ?? current.uid} -> ${options.owner}`);
  }
  if (options.group !== undefined && !sameAccount(options.group, current.group, current.gid)) {
    changes.push(`group ${current.group ?? current.gid} -> ${options.group}`);
  }
  return changes;
}

function becomeOption(become: BecomeOptions | undefined): { become?: BecomeOptions } {
  return become !== undefined ? { become } : {};
}

async function desiredBytes(content: DesiredContent): Promise<Buffer> {
  return content.kind === 'bytes' ? content.bytes : content.read();
}

export function desiredSize(content: DesiredContent): number {
  return content.kind === 'bytes' ? content.bytes.length : content.size;
}

async function buildDiff(connector: Connector, desired: DesiredFile, current: FileStat, options: InstallOptions): Promise<FileDiff | undefined> {
  const afterSize = desiredSize(desired.content);
  const small = afterSize <= DIFF_SIZE_CAP && (!current.exists || (current.size ?? 0) <= DIFF_SIZE_CAP);
  // Never pull large files over the connection just to say they are too large to diff.
  const before = current.exists && small ? await connector.get(desired.dest, becomeOption(options.become)) : undefined;
  return contentDiff({
    path: desired.dest,
    before,
    ...(current.exists && before === undefined ? { beforeSize: current.size ?? 0 } : {}),
    after: small ? await desiredBytes(desired.content) : undefined,
    afterSize,
  });
}

/** `dest.2024-05-01@13:45:10~` (Ansible's backup naming), in UTC so hosts agree. */
export function backupPath(dest: string, now: Date = new Date()): string {
  const iso = now.toISOString();
  return `${dest}.${iso.slice(0, 10)}@${iso.slice(11, 19)}~`;
}

async function runChecked(connector: Connector, script: string, what: string, become: BecomeOptions | undefined): Promise<void> {
  const result = await connector.exec(script, becomeOption(become));
  if (result.rc !== 0) throw new Error(`${what} failed: ${result.stderr.trim() || `exit ${result.rc}`}`);
}

async function applyMetadata(connector: Connector, desired: DesiredFile, options: InstallOptions): Promise<void> {
  const path = shellQuote(desired.dest);
  const commands = [`chmod ${octal(desired.mode)} -- ${path}`];
  if (options.owner !== undefined || options.group !== undefined) {
    const spec = `${options.owner ?? ''}${options.group !== undefined ? `:${options.group}` : ''}`;
    commands.unshift(`chown ${shellQuote(spec)} -- ${path}`);
  }
  await runChecked(connector, commands.join(' && '), `setting permissions of ${desired.dest}`, options.become);
}

async function transfer(connector: Connector, desired: DesiredFile, options: InstallOptions): Promise<void> {
  const putOptions = {
    mode: desired.mode,
    ...(options.owner !== undefined ? { owner: options.owner } : {}),
    ...(options.group !== undefined ? { group: options.group } : {}),
    ...becomeOption(options.become),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  };
  if (desired.content.kind === 'bytes') await connector.put(desired.content.bytes, desired.dest, putOptions);
  else await connector.putFile(desired.content.localPath, desired.dest, putOptions);
}

/**
 * What installFile needs to know about dest: its checksum only when the size matches (another size
 * is other content), owner and group names only when they are compared.
 */
export function installStatOptions(size: number, wanted: { readonly owner?: string; readonly group?: string }, become: BecomeOptions | undefined): StatOptions {
  return { checksum: true, expectedSize: size, accountNames: wanted.owner !== undefined || wanted.group !== undefined, ...becomeOption(become) };
}

/** Stats `dest` (with checksum) and installs `desired` if anything differs. */
export async function installFile(connector: Connector, wanted: DesiredFile, options: InstallOptions, known?: FileStat): Promise<FileOutcome> {
  const current = known ?? (await connector.stat(wanted.dest, installStatOptions(desiredSize(wanted.content), options, options.become)));
  if (current.exists && current.isDirectory) {
    throw new Error(`${wanted.dest} is a directory on the host; end dest with "/" to copy into it`);
  }
  const desired = wanted.keepExistingMode && current.exists && current.mode !== undefined ? { ...wanted, mode: current.mode } : wanted;
  // A symlink planted at dest is replaced by the file (never followed): fixing only the mode or
  // owner would chmod/chown whatever the link points at.
  const replacesLink = current.isSymlink === true;
  const contentDiffers = !current.exists || replacesLink || current.sha256 !== desired.sha256;
  const metadata = current.exists && !replacesLink ? metadataChanges(current, desired, options) : [];
  if (!contentDiffers && metadata.length === 0) {
    return { dest: desired.dest, state: 'unchanged', mode: desired.mode, reasons: [], transferred: false };
  }
  const reasons = !current.exists ? ['new file'] : replacesLink ? ['symlink replaced by the file'] : [...(contentDiffers ? ['content'] : []), ...metadata];
  let diff: FileDiff | undefined;
  if (options.diffMode) {
    diff = contentDiffers ? await buildDiff(connector, desired, current, options) : metadataDiff(desired.dest, metadata);
  }
  let backupFile: string | undefined;
  if (!options.checkMode) {
    if (contentDiffers) {
      if (current.exists && options.backup) {
        backupFile = backupPath(desired.dest);
        await runChecked(connector, `cp -p -- ${shellQuote(desired.dest)} ${shellQuote(backupFile)}`, `backing up ${desired.dest}`, options.become);
      }
      await transfer(connector, desired, options);
    } else {
      await applyMetadata(connector, desired, options);
    }
  }
  return {
    dest: desired.dest,
    state: current.exists ? 'changed' : 'new',
    mode: desired.mode,
    reasons,
    transferred: contentDiffers,
    ...(backupFile !== undefined ? { backupFile } : {}),
    ...(diff !== undefined ? { diff } : {}),
  };
}
