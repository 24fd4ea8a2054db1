/**
 * Output paths (`--report`, `--workdir`, `--known-hosts`, …) are checked before anything runs
 * (docs/cli.md#output-paths): a path under a file, a directory where a file is wanted or a place
 * kplay cannot write is a one-line usage error (exit 5) instead of a failure after the play ran.
 * Nothing is created: writability is probed with a file made and removed at once in the nearest
 * directory that exists.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { withCode } from '../core/errors';

export interface OutputPath {
  /** How the user named it, for the message: `--report`, `--workdir`. */
  readonly option: string;
  readonly path: string;
  /** A file kplay writes (its directory must be writable) or a directory it writes into. */
  readonly kind: 'file' | 'directory';
  /** False: only the shape is checked (a known_hosts file a dry run never writes). */
  readonly write?: boolean;
}

/**
 * The first problem of `paths` as one line ending in "nothing was run" and its code, or
 * undefined when all are usable.
 */
export function outputPathProblem(paths: readonly OutputPath[]): string | undefined {
  for (const p of paths) {
    const problem = problemOf(p);
    if (problem !== undefined) return withCode(`${p.option} ${p.path}: ${problem}; nothing was run`, 'KP-CLI-003');
  }
  return undefined;
}

function problemOf(p: OutputPath): string | undefined {
  const target = resolve(p.path);
  const own = statOrCode(target);
  if (typeof own !== 'string') {
    if (p.kind === 'file' && own.isDirectory()) return 'is a directory, not a file';
    if (p.kind === 'directory' && !own.isDirectory()) return 'is a file, not a directory';
    // A file is replaced through a temporary file beside it: its directory must take new files.
    return p.write === false ? undefined : probe(p.kind === 'directory' ? target : dirname(target));
  }
  if (own !== 'ENOENT' && own !== 'ENOTDIR') return describeCode(own, target);
  // Up to the nearest thing that exists: it must be a directory kplay can create entries in.
  let dir = dirname(target);
  for (;;) {
    const st = statOrCode(dir);
    if (typeof st !== 'string') {
      if (!st.isDirectory()) return `${dir} is a file, not a directory`;
      return p.write === false ? undefined : probe(dir);
    }
    if (st !== 'ENOENT' && st !== 'ENOTDIR') return describeCode(st, dir);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function statOrCode(path: string): Stats | string {
  try {
    return statSync(path);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'EIO';
  }
}

/** Creates and removes a file in `dir`; the reason when that fails. */
function probe(dir: string): string | undefined {
  const file = join(dir, `.kplay-write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    // ENOENT for a directory that exists: a pseudo file system such as /proc.
    return `cannot create files in ${dir} (${code === 'ENOENT' ? 'it takes no new files' : describeCode(code, dir, false)})`;
  }
  try {
    unlinkSync(file);
  } catch {
    // Made but not removable (a sticky directory of another user): harmless, and kplay can write.
  }
  return undefined;
}

function describeCode(code: string, path: string, withPath = true): string {
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'read-only file system'
        : code === 'ENOSPC'
          ? 'no space left on the device'
          : code === 'ELOOP'
            ? 'too many symbolic links'
            : code === 'ENOENT'
              ? 'no such directory'
              : code;
  return withPath ? `${path}: ${reason}` : reason;
}
