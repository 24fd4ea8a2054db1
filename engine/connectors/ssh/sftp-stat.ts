/**
 * `stat` answered over the SFTP session instead of a shell command: lstat, and for a small regular
 * file whose checksum is wanted, its bytes read back and hashed on the controller. A command on
 * the host (the stat script) costs a session start, far more than these few SFTP requests; what
 * SFTP cannot say as the script would (owner names, symlinks, large files) is left to the script.
 */
import { createHash } from 'node:crypto';
import { SFTPWrapper, Stats } from 'ssh2';
import type { FileStat, StatOptions } from '../types';
import { sftpCall } from './sftp-files';

/** Largest file hashed by reading it back; larger ones are hashed on the host by the script. */
export const SFTP_CHECKSUM_MAX_BYTES = 256 * 1024;
/** Bytes per read request: small enough that ssh2 never splits one (which would reorder it after close). */
const READ_CHUNK = 32 * 1024;

/** SFTP status NO_SUCH_FILE: sshd's SFTP server reports ENOENT, ENOTDIR and ELOOP so. */
const SFTP_NO_SUCH_FILE = 2;

export function isNoSuchFile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === SFTP_NO_SUCH_FILE;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

function statCall(sftp: SFTPWrapper, path: string, follow: boolean): Promise<Stats | 'missing' | undefined> {
  return new Promise((resolve) => {
    const done = (error: Error | undefined, stats: Stats): void => resolve(error ? (isNoSuchFile(error) ? 'missing' : undefined) : stats);
    if (follow) sftp.stat(path, done);
    else sftp.lstat(path, done);
  });
}

/**
 * What the stat script would report for `path`, or undefined when SFTP cannot tell the same
 * (the caller then runs the script): a symlink that leads somewhere, owner/group names wanted, a type other than file or directory, a file too large to
 * hash by reading, or any SFTP error but "no such file".
 */
export async function statOverSftp(sftp: SFTPWrapper, path: string, options: StatOptions): Promise<FileStat | undefined> {
  const stats = await statCall(sftp, path, false);
  if (stats === 'missing') return { exists: false };
  if (stats === undefined) return undefined;
  const type = stats.mode & S_IFMT;
  // A dangling link is missing to the script too (`[ -e ]` follows it); any other link is left to it.
  if (type === S_IFLNK) return (await statCall(sftp, path, true)) === 'missing' ? { exists: false } : undefined;
  if (options.accountNames !== false || (type !== S_IFREG && type !== S_IFDIR)) return undefined;
  const base: FileStat = {
    exists: true,
    isDirectory: type === S_IFDIR,
    isSymlink: false,
    mode: stats.mode & 0o7777,
    size: stats.size,
    uid: stats.uid,
    gid: stats.gid,
  };
  const sizeDiffers = options.expectedSize !== undefined && options.expectedSize !== stats.size;
  if (type !== S_IFREG || options.checksum !== true || sizeDiffers) return base;
  if (stats.size > SFTP_CHECKSUM_MAX_BYTES) return undefined;
  const content = await readExactly(sftp, path, stats.size);
  if (content === undefined) return undefined;
  return { ...base, sha256: createHash('sha256').update(content).digest('hex') };
}

/**
 * The file's bytes when there are exactly `size` of them (one request more than needed tells a
 * file that grew since the lstat); undefined when they could not be read or the size moved.
 * Every read and the close go out together: one round trip after the open.
 */
async function readExactly(sftp: SFTPWrapper, path: string, size: number): Promise<Buffer | undefined> {
  let handle: Buffer;
  try {
    handle = await sftpCall<Buffer>((done) => sftp.open(path, 'r', done));
  } catch {
    return undefined;
  }
  const chunks = Math.floor(size / READ_CHUNK) + 1;
  const buffer = Buffer.alloc(chunks * READ_CHUNK);
  const reads = Array.from({ length: chunks }, (_, index) =>
    sftpCall<number>((done) => sftp.read(handle, buffer, index * READ_CHUNK, READ_CHUNK, index * READ_CHUNK, (error, bytesRead) => done(error, bytesRead))),
  );
  const closed = sftpCall((done) => sftp.close(handle, done));
  const [counts, closing] = await Promise.all([Promise.allSettled(reads), closed.then(() => true, () => false)]);
  if (!closing) return undefined;
  let total = 0;
  for (const [index, count] of counts.entries()) {
    if (count.status === 'rejected') return undefined;
    // Only the last chunk may come back short: a short read anywhere else is a gap.
    if (count.value < READ_CHUNK && index < chunks - 1) return undefined;
    total += count.value;
  }
  return total === size ? buffer.subarray(0, size) : undefined;
}
