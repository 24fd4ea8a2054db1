/** Atomic upload and streaming download over one SFTP session. */
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SFTPWrapper } from 'ssh2';
import { orphanedTemps, tempPathBeside, tempPrefix } from '../temp-files';

function sftpCall(run: (done: (error?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
}

export function describeSftpError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message;
}

/**
 * Uploads into `.<name>.kplay-tmp-<controller>-<pid>-<random>` beside `dest`, sets the mode, lets `beforeRename`
 * adjust ownership, then renames with OpenSSH's POSIX rename (replaces an existing file).
 */
export async function uploadAtomically(
  sftp: SFTPWrapper,
  source: Readable,
  dest: string,
  mode: number,
  beforeRename: (tempPath: string) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  await removeOrphanedTemps(sftp, dest);
  const temp = tempPathBeside(dest);
  try {
    const output = sftp.createWriteStream(temp, { flags: 'wx', mode: 0o600 });
    await (signal !== undefined ? pipeline(source, output, { signal }) : pipeline(source, output));
    await sftpCall((done) => sftp.chmod(temp, mode, done));
    await beforeRename(temp);
    await sftpCall((done) => sftp.ext_openssh_rename(temp, dest, done));
  } catch (error) {
    await sftpCall((done) => sftp.unlink(temp, done)).catch(() => undefined);
    throw error;
  }
}

/** Removes the temp files of `dest` that crashed runs left in its directory (best effort). */
async function removeOrphanedTemps(sftp: SFTPWrapper, dest: string): Promise<void> {
  const dir = posix.dirname(dest);
  const prefix = tempPrefix(dest);
  const entries = await new Promise<{ filename: string; attrs: { mtime: number; mode: number } }[]>((resolve) =>
    sftp.readdir(dir, (error, list) => resolve(error ? [] : list)),
  );
  const candidates = entries
    .filter((entry) => entry.filename.startsWith(prefix) && (entry.attrs.mode & 0o170000) === 0o100000)
    .map((entry) => ({ name: entry.filename, mtimeMs: entry.attrs.mtime * 1000 }));
  for (const name of orphanedTemps(dest, candidates)) {
    await sftpCall((done) => sftp.unlink(posix.join(dir, name), done)).catch(() => undefined);
  }
}

export function readWhole(sftp: SFTPWrapper, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => sftp.readFile(path, (error, data) => (error ? reject(error) : resolve(data))));
}
