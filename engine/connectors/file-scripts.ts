/**
 * Shell snippets for file operations that must run on the host itself: `stat` with an on-host
 * checksum (one command, so unchanged files need not be transferred) and the privileged,
 * size-checked atomic install used when a file is written through sudo/su.
 */
import { posix } from 'node:path';
import { FileStat } from './types';
import { shellQuote } from '../core/shell-quote';
import { orphanedTemps, tempPathBeside, tempPrefix, type TempCandidate } from './temp-files';

export { tempPathBeside } from './temp-files';

const STAT_TAG = 'kplay-stat';

export function statScript(path: string, checksum: boolean): string {
  return [
    `p=${shellQuote(path)}`,
    'if [ -L "$p" ]; then l=1; else l=0; fi',
    `if [ ! -e "$p" ]; then echo "${STAT_TAG} missing $l"; exit 0; fi`,
    `printf '${STAT_TAG} %s ' "$l"`,
    `stat -L -c '%f %s %u %g %U %G' -- "$p" || exit 1`,
    checksum ? 'if [ -f "$p" ]; then sha256sum < "$p" || exit 1; fi' : ':',
  ].join('\n');
}

export function parseStatOutput(stdout: string, path: string): FileStat {
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => line.startsWith(`${STAT_TAG} `));
  if (header < 0) throw new Error(`unexpected stat output for ${path}: ${JSON.stringify(stdout.slice(0, 200))}`);
  const fields = lines[header].split(' ');
  if (fields[1] === 'missing') return { exists: false };
  const [, link, rawMode, size, uid, gid, owner, group] = fields;
  const fullMode = Number.parseInt(rawMode, 16);
  const checksumLine = lines[header + 1]?.trim();
  const sha256 = checksumLine && /^[0-9a-f]{64}\b/.test(checksumLine) ? checksumLine.slice(0, 64) : undefined;
  return {
    exists: true,
    isDirectory: (fullMode & 0o170000) === 0o040000,
    isSymlink: link === '1',
    mode: fullMode & 0o7777,
    size: Number(size),
    uid: Number(uid),
    gid: Number(gid),
    owner,
    group,
    ...(sha256 ? { sha256 } : {}),
  };
}

export interface InstallScriptOptions {
  readonly dest: string;
  readonly expectedSize: number;
  readonly mode: number;
  readonly owner?: string;
  readonly group?: string;
  readonly createParents: boolean;
}

/**
 * Reads the content from stdin into a temp file next to `dest` and renames it into place only
 * when every byte arrived: a cut-off transfer ends stdin early, and must not install a partial file.
 */
export function installFromStdinScript(options: InstallScriptOptions): string {
  const ownership =
    options.owner !== undefined || options.group !== undefined
      ? `chown -- ${shellQuote(`${options.owner ?? ''}${options.group !== undefined ? `:${options.group}` : ''}`)} "$t" || fail`
      : ':';
  return [
    `d=${shellQuote(posix.dirname(options.dest))}`,
    `t=${shellQuote(tempPathBeside(options.dest))}`,
    'fail() { rm -f -- "$t"; exit 1; }',
    // An interruption signals the whole group: the temp file goes with it.
    `trap 'rm -f -- "$t"; exit 129' HUP`,
    `trap 'rm -f -- "$t"; exit 130' INT`,
    `trap 'rm -f -- "$t"; exit 143' TERM`,
    options.createParents ? 'mkdir -p -- "$d" || exit 1' : ':',
    'umask 077',
    'cat > "$t" || fail',
    'n=$(wc -c < "$t") || fail',
    `if [ "$n" -ne ${options.expectedSize} ]; then echo "kplay: received $n of ${options.expectedSize} bytes" >&2; fail; fi`,
    `chmod ${options.mode.toString(8)} "$t" || fail`,
    ownership,
    `mv -f -- "$t" ${shellQuote(options.dest)} || fail`,
    // Temp files of this destination left by earlier runs; the controller decides which are orphaned.
    `for f in "$d"/${shellQuote(tempPrefix(options.dest))}*; do [ -f "$f" ] && printf '${TEMP_TAG} %s %s\\n' "$(stat -c %Y -- "$f")" "\${f##*/}"; done`,
    'exit 0',
  ].join('\n');
}

const TEMP_TAG = 'kplay-temp';

/** The orphaned temp files (full paths) among those an install script listed. */
export function orphanedFromListing(dest: string, stdout: string, now = Date.now()): string[] {
  const candidates: TempCandidate[] = [];
  for (const line of stdout.split('\n')) {
    const match = new RegExp(`^${TEMP_TAG} (\\d+) (.+)$`).exec(line);
    if (match) candidates.push({ name: match[2], mtimeMs: Number(match[1]) * 1000 });
  }
  const dir = posix.dirname(dest);
  return orphanedTemps(dest, candidates, now).map((name) => posix.join(dir, name));
}

export const DEFAULT_FILE_MODE = 0o644;
