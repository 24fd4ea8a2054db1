/** Atomic writes and checksums of controller-side files, shared by both connectors. */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { orphanedTemps, tempPathBeside, tempPrefix } from './temp-files';

export interface LocalWriteOptions {
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly createParents?: boolean;
  /** Aborting it stops the write; the temp file is removed. */
  readonly signal?: AbortSignal;
}

/** Removes the temp files of `dest` that crashed runs left in its directory. */
export async function removeOrphanedTemps(dest: string): Promise<void> {
  const dir = posixDirname(dest);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  const candidates = [];
  const prefix = tempPrefix(dest);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const info = await fs.lstat(`${dir}/${name}`).catch(() => undefined);
    if (info?.isFile()) candidates.push({ name, mtimeMs: info.mtimeMs });
  }
  await Promise.all(orphanedTemps(dest, candidates).map((name) => fs.rm(`${dir}/${name}`, { force: true })));
}

/** Streams `source` into a temp file beside `dest`, applies mode/owner, then renames into place. */
export async function writeFileAtomically(
  dest: string,
  source: Buffer | string | Readable,
  options: LocalWriteOptions = {},
): Promise<void> {
  if (options.createParents !== false) await fs.mkdir(posixDirname(dest), { recursive: true });
  await removeOrphanedTemps(dest);
  const temp = tempPathBeside(dest);
  try {
    const input = typeof source === 'string' || Buffer.isBuffer(source) ? Readable.from([Buffer.from(source)]) : source;
    const output = createWriteStream(temp, { flags: 'wx', mode: 0o600 });
    await (options.signal !== undefined ? pipeline(input, output, { signal: options.signal }) : pipeline(input, output));
    if (options.mode !== undefined) await fs.chmod(temp, options.mode);
    if (options.uid !== undefined || options.gid !== undefined) await fs.chown(temp, options.uid ?? -1, options.gid ?? -1);
    await fs.rename(temp, dest);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

function posixDirname(path: string): string {
  const cut = path.replace(/\/+$/, '').lastIndexOf('/');
  if (cut < 0) return '.';
  return cut === 0 ? '/' : path.slice(0, cut);
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
