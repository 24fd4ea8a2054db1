/**
 * `fetch`: a host file to the controller, checksum-verified and idempotent.
 *
 * `dest` ending in `/` gives Ansible's per-host layout `dest/<inventory_hostname>/<src path>`, so
 * fetching the same file from many hosts never collides; otherwise `dest` is the file itself.
 */
import { promises as fs } from 'node:fs';
import { posix, resolve, sep } from 'node:path';
import { contentDiff, DIFF_SIZE_CAP, type FileDiff, ModuleArgumentError, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, sha256OfFile, tempPathBeside, validatedArgs } from '../engine/modules/module-api';
import type { FetchArguments } from './arguments';

/**
 * Inventory names are free text, so a host called `../../etc` must not steer the per-host layout
 * out of `dest`: the host becomes one directory level, and the result must stay below `dest`.
 */
export function fetchDestination(dest: string, host: string, src: string): string {
  if (!dest.endsWith('/')) return resolve(dest);
  if (host === '' || host === '.' || host === '..' || host.includes('/') || host.includes('\\') || host.includes('\0')) {
    throw new ModuleArgumentError(`the host name ${JSON.stringify(host)} cannot be a directory under dest ${dest}; give this host a dest without a trailing "/"`);
  }
  const root = resolve(dest);
  const normalised = posix.normalize(`/${src}`).replace(/^\/+/, '');
  const path = resolve(root, host, normalised);
  if (!path.startsWith(`${root}${sep}`)) throw new ModuleArgumentError(`fetch would write ${path}, outside dest ${root}`);
  return path;
}

async function controllerFile(path: string): Promise<{ exists: boolean; size: number; sha256?: string }> {
  try {
    const info = await fs.stat(path);
    if (info.isDirectory()) throw new Error(`dest ${path} is a directory on the controller; end dest with "/" for the per-host layout`);
    return { exists: true, size: info.size, sha256: await sha256OfFile(path) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, size: 0 };
    throw error;
  }
}

const ARGUMENTS = moduleSchema('fetch');

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = validatedArgs<FetchArguments>(ctx, ARGUMENTS);
  const src = args.src;
  const dest = fetchDestination(args.dest, ctx.host, src);
  const become = ctx.become !== undefined ? { become: ctx.become } : {};
  const connector = await ctx.connector();
  // Owner names are never reported: without them a small file's stat needs no command on the host.
  const remote = await connector.stat(src, { checksum: true, accountNames: false, ...become });
  if (!remote.exists) {
    // Under --check an earlier task (a template, a command) may be what would create it.
    if (ctx.checkMode) {
      return { changed: false, skipped: true, unknown: `src ${src} does not exist on host ${ctx.host} yet (an earlier task of a real run may create it)`, stdout: '' };
    }
    return { changed: false, failed: true, msg: `src ${src} not found on host ${ctx.host}`, stdout: 'failed' };
  }
  if (remote.isDirectory) return { changed: false, failed: true, msg: `src ${src} on host ${ctx.host} is a directory; fetch copies files`, stdout: 'failed' };
  const local = await controllerFile(dest);
  const data = { src, dest, checksum: remote.sha256 ?? '' };
  if (local.exists && local.sha256 === remote.sha256) return { changed: false, stdout: 'success', data };

  let diff: FileDiff[] | undefined;
  if (ctx.diffMode) {
    const small = (remote.size ?? 0) <= DIFF_SIZE_CAP && local.size <= DIFF_SIZE_CAP;
    const entry = contentDiff({
      path: dest,
      before: local.exists && small ? await fs.readFile(dest) : undefined,
      ...(local.exists && !small ? { beforeSize: local.size } : {}),
      after: small ? await connector.get(src, become) : undefined,
      afterSize: remote.size ?? 0,
    });
    if (entry !== undefined) diff = [entry];
  }
  const reason = local.exists ? 'content differs' : 'new file';
  if (ctx.checkMode) {
    return { changed: true, stdout: 'success', msg: `would fetch ${src} to ${dest} (${reason})`, data, ...(diff ? { diff } : {}) };
  }
  // Verify before the rename, so a bad transfer never replaces a good controller copy.
  const temp = tempPathBeside(dest);
  try {
    await connector.getFile(src, temp, become);
    const fetched = await sha256OfFile(temp);
    if (remote.sha256 !== undefined && fetched !== remote.sha256) return mismatch(ctx, src, remote.sha256, fetched);
    await fs.rename(temp, dest);
  } finally {
    await fs.rm(temp, { force: true });
  }
  return { changed: true, stdout: 'success', msg: `fetched ${src} to ${dest} (${reason})`, data, ...(diff ? { diff } : {}) };
}

function mismatch(ctx: ModuleContext, src: string, expected: string, fetched: string): ModuleResult {
  return {
    changed: false,
    failed: true,
    stdout: 'failed',
    msg: `checksum mismatch fetching ${src} from ${ctx.host}: host has sha256 ${expected}, received ${fetched} (file changed during the transfer?)`,
  };
}

export const fetchModule: ModuleDefinition = {
  name: 'fetch',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Copy a file from the host to the controller (dest/ gives dest/<host>/<src path>), checksum-verified and idempotent.',
  run,
};
