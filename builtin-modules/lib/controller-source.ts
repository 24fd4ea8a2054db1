/** Reading `src` trees on the controller for copy and template. */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ModuleContext } from '../../engine/modules/module-api';

export interface SourceFile {
  /** Path below the source directory (`/`-separated); the base name for a single file. */
  readonly relative: string;
  readonly absolutePath: string;
  /** Permission bits of the controller file. */
  readonly mode: number;
  readonly size: number;
}

export type Source =
  | { readonly kind: 'file'; readonly path: string; readonly file: SourceFile }
  | { readonly kind: 'directory'; readonly path: string; readonly files: SourceFile[] };

/** `src` does not exist on the controller. */
export class MissingSourceError extends Error {
  constructor(
    message: string,
    readonly absolute: boolean,
  ) {
    super(message);
    this.name = 'MissingSourceError';
  }
}

/**
 * Resolves `src` (absolute = controller path, relative = the role's/playbook's `kind` directory)
 * and lists it. A missing source names the path that was looked at.
 */
export async function readSource(ctx: ModuleContext, src: string, kind: 'files' | 'templates'): Promise<Source> {
  const path = isAbsolute(src) ? src : ctx.runtime.projectPath(kind, src);
  let info;
  try {
    // Synchronous: one stat of a controller file costs microseconds, the thread-pool hop of the
    // promise API costs far more, once per host and task.
    info = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = isAbsolute(src) ? 'on the controller' : `in ${kind}/`;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new MissingSourceError(`src "${src}" not found ${where}: ${path} does not exist`, isAbsolute(src));
    throw new Error(`src "${src}": cannot read ${path}: ${(error as Error).message}`);
  }
  if (info.isDirectory()) return { kind: 'directory', path, files: await walk(path, '') };
  if (!info.isFile()) throw new Error(`src "${src}": ${path} is not a regular file or directory`);
  const name = path.replace(/\/+$/, '').split('/').pop() ?? path;
  return { kind: 'file', path, file: { relative: name, absolutePath: path, mode: info.mode & 0o7777, size: info.size } };
}

/** Regular files below `root`, sorted; symlinks to files are followed, symlinked directories are not (no loops). */
async function walk(root: string, prefix: string): Promise<SourceFile[]> {
  const entries = await fs.readdir(join(root, prefix), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: SourceFile[] = [];
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    const absolutePath = join(root, relative);
    if (entry.isDirectory()) {
      files.push(...(await walk(root, relative)));
      continue;
    }
    const info = await fs.stat(absolutePath).catch(() => undefined);
    if (info?.isFile()) files.push({ relative, absolutePath, mode: info.mode & 0o7777, size: info.size });
  }
  return files;
}

/** Controller files up to this size are read at once and synchronously (see readControllerFile). */
export const SMALL_CONTROLLER_FILE_BYTES = 256 * 1024;

/**
 * A controller file's bytes; a small one (per its listed `size`) is read synchronously: from the
 * page cache that takes microseconds, while the promise API's open/stat/read/close through the
 * thread pool costs about 20 times the CPU, once per host and task.
 */
export async function readControllerFile(path: string, size: number): Promise<Buffer> {
  return size <= SMALL_CONTROLLER_FILE_BYTES ? readFileSync(path) : fs.readFile(path);
}

export async function sha256OfControllerFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** `dest` + `/` + relative, without doubling slashes. */
export function joinDest(dest: string, relative: string): string {
  return `${dest.replace(/\/+$/, '')}/${relative}`;
}
