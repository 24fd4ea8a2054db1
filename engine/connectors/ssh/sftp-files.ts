/** Atomic upload and streaming download over one SFTP session. */
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SFTPWrapper } from 'ssh2';
import { orphanedTemps, tempPathBeside, tempPrefix } from '../temp-files';

/** One SFTP request as a promise of what its callback hands back. */
export function sftpCall<T = void>(run: (done: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
}

export function describeSftpError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message;
}

/** What is uploaded: bytes in memory (sent in one round trip) or a stream (for large files). */
export type UploadSource = { readonly bytes: Buffer } | { readonly stream: () => Readable };

/** Bytes per write request: small enough that ssh2 never splits one (which would reorder it after close). */
const WRITE_CHUNK = 32 * 1024;

/**
 * Uploads into `.<name>.kplay-tmp-<controller>-<pid>-<random>` beside `dest`, sets the mode, lets `beforeRename`
 * adjust ownership, then renames with OpenSSH's POSIX rename (replaces an existing file). The
 * rename is sent only after every write, the mode and the close succeeded, so `dest` is never a
 * partial file.
 */
export async function uploadAtomically(
  sftp: SFTPWrapper,
  source: UploadSource,
  dest: string,
  mode: number,
  beforeRename: (tempPath: string) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  // Left-overs go while the file is written: their names never clash with this write's temp.
  const cleanup = removeOrphanedTemps(sftp, dest).catch(() => undefined);
  const temp = tempPathBeside(dest);
  try {
    if ('bytes' in source) {
      signal?.throwIfAborted();
      await writeBytes(sftp, temp, source.bytes, mode);
      signal?.throwIfAborted();
    } else {
      const output = sftp.createWriteStream(temp, { flags: 'wx', mode: 0o600 });
      const input = source.stream();
      try {
        await (signal !== undefined ? pipeline(input, output, { signal }) : pipeline(input, output));
      } finally {
        input.destroy();
      }
      await sftpCall((done) => sftp.chmod(temp, mode, done));
    }
    await beforeRename(temp);
    await sftpCall((done) => sftp.ext_openssh_rename(temp, dest, done));
  } catch (error) {
    await sftpCall((done) => sftp.unlink(temp, done)).catch(() => undefined);
    throw error;
  } finally {
    await cleanup;
  }
}

/**
 * Creates `temp` (0600, exclusive), then sends every write, the mode and the close at once: the
 * server handles one session's requests in order, so this is one round trip after the open.
 */
async function writeBytes(sftp: SFTPWrapper, temp: string, bytes: Buffer, mode: number): Promise<void> {
  const handle = await sftpCall<Buffer>((done) => sftp.open(temp, 'wx', { mode: 0o600 }, done));
  const requests: Promise<void>[] = [];
  for (let offset = 0; offset < bytes.length; offset += WRITE_CHUNK) {
    const length = Math.min(WRITE_CHUNK, bytes.length - offset);
    requests.push(sftpCall((done) => sftp.write(handle, bytes, offset, length, offset, (error) => done(error))));
  }
  const modeSet = sftpCall((done) => sftp.fchmod(handle, mode, done)).then(
    () => true,
    () => false,
  );
  const closed = sftpCall((done) => sftp.close(handle, done));
  const settled = await Promise.allSettled([...requests, closed]);
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  // A server without fsetstat still has chmod by path.
  if (!(await modeSet)) await sftpCall((done) => sftp.chmod(temp, mode, done));
}

/**
 * Temp-file names per directory, listed once per SFTP session: temp files are left by runs that
 * crashed before this one, so one listing serves every destination in the directory.
 */
const listings = new WeakMap<SFTPWrapper, Map<string, Promise<TempEntry[]>>>();

interface TempEntry {
  readonly name: string;
  readonly mtimeMs: number;
}

const TEMP_MARK = '.kplay-tmp-';

function tempEntries(sftp: SFTPWrapper, dir: string): Promise<TempEntry[]> {
  let perSession = listings.get(sftp);
  if (!perSession) {
    perSession = new Map();
    listings.set(sftp, perSession);
  }
  let listing = perSession.get(dir);
  if (!listing) {
    listing = new Promise<TempEntry[]>((resolve) =>
      sftp.readdir(dir, (error, list) =>
        resolve(
          error
            ? []
            : list
                .filter((entry) => entry.filename.includes(TEMP_MARK) && (entry.attrs.mode & 0o170000) === 0o100000)
                .map((entry) => ({ name: entry.filename, mtimeMs: entry.attrs.mtime * 1000 })),
        ),
      ),
    );
    perSession.set(dir, listing);
  }
  return listing;
}

/** Removes the temp files of `dest` that crashed runs left in its directory (best effort). */
async function removeOrphanedTemps(sftp: SFTPWrapper, dest: string): Promise<void> {
  const dir = posix.dirname(dest);
  const prefix = tempPrefix(dest);
  const candidates = (await tempEntries(sftp, dir)).filter((entry) => entry.name.startsWith(prefix));
  if (candidates.length === 0) return;
  const orphaned = new Set(orphanedTemps(dest, candidates));
  for (const name of orphaned) {
    await sftpCall((done) => sftp.unlink(posix.join(dir, name), done)).catch(() => undefined);
  }
  // Removed once: a later write of the same dest need not try again.
  const perSession = listings.get(sftp);
  const remaining = (await tempEntries(sftp, dir)).filter((entry) => !orphaned.has(entry.name));
  perSession?.set(dir, Promise.resolve(remaining));
}

export function readWhole(sftp: SFTPWrapper, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => sftp.readFile(path, (error, data) => (error ? reject(error) : resolve(data))));
}
