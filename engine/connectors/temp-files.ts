/**
 * Names of the temp files a write goes through (`.NAME.kplay-tmp-<controller>-<pid>-<random>`
 * beside the destination) and the rule that says which of them a crashed run left behind: written
 * by a kplay process of this controller that no longer exists, or untouched for an hour.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { posix } from 'node:path';

/** A temp file nobody wrote to for this long is left over, whoever made it. */
export const STALE_TEMP_AGE_MS = 60 * 60 * 1000;

let tag: string | undefined;

/**
 * The controller part of temp names: its host name, reduced to characters safe in a file name.
 * Asked once per process (a system call per written file otherwise).
 */
function controllerTag(): string {
  tag ??= (hostname().replace(/[^A-Za-z0-9._]/g, '_') || 'controller').slice(0, 64);
  return tag;
}

/** `.<name>.kplay-tmp-` : every temp file of `dest` starts so. */
export function tempPrefix(dest: string): string {
  return `.${posix.basename(dest)}.kplay-tmp-`;
}

/** A fresh temp path beside `dest`, so the final rename stays on one file system. */
export function tempPathBeside(dest: string): string {
  return posix.join(posix.dirname(dest), `${tempPrefix(dest)}${controllerTag()}-${process.pid}-${randomBytes(6).toString('hex')}`);
}

export interface TempCandidate {
  /** File name inside dest's directory. */
  readonly name: string;
  readonly mtimeMs: number;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The names among `candidates` that are temp files of `dest` no running write owns. */
export function orphanedTemps(dest: string, candidates: readonly TempCandidate[], now = Date.now()): string[] {
  const prefix = tempPrefix(dest);
  const ours = controllerTag();
  const orphaned: string[] = [];
  for (const { name, mtimeMs } of candidates) {
    if (!name.startsWith(prefix)) continue;
    const owner = /^(.+)-(\d+)-[0-9a-f]{12}$/.exec(name.slice(prefix.length));
    const fromHere = owner !== null && owner[1] === ours;
    const pid = owner !== null ? Number(owner[2]) : 0;
    const idle = now - mtimeMs > STALE_TEMP_AGE_MS;
    const gone = fromHere ? idle || (pid !== process.pid && !processAlive(pid)) : idle;
    if (gone) orphaned.push(name);
  }
  return orphaned;
}
