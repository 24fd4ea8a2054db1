/**
 * `http_get_file`: download a URL to a controller path with auth, headers, redirects, retries,
 * resume and checksum verification; idempotent when the file is present (and matches the
 * checksum when one is given). Check mode sends a HEAD request only.
 */
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { fileMode, HttpError, httpRequest, ModuleArgumentError, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, parseDuration, sha256OfFile, validatedArgs } from '../engine/modules/module-api';
import type { HttpGetFileArguments } from './arguments';
import { download } from './lib/http-download';

interface GetFileArgs {
  readonly url: string;
  readonly dest: string;
  readonly headers: Record<string, string>;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly maxRedirects: number;
  readonly sha256?: string;
  readonly mode: number;
  readonly force: boolean;
}

function duration(value: string | number | undefined, key: string, fallback: string): number {
  const text = value === undefined || value === '' ? fallback : String(value);
  try {
    return parseDuration(/^\d+$/.test(text) ? `${text}s` : text);
  } catch (error) {
    throw new ModuleArgumentError(`"${key}": ${(error as Error).message}`);
  }
}

function count(value: number | string | undefined, key: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const text = String(value);
  if (!/^\d+$/.test(text)) throw new ModuleArgumentError(`"${key}" must be a non-negative integer, got "${text}"`);
  return Number(text);
}

function normaliseUrl(raw: string): string {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') throw new ModuleArgumentError(`unsupported URL scheme "${scheme}" in ${raw}`);
  try {
    return new URL(url).href;
  } catch {
    throw new ModuleArgumentError(`"url" is not a valid URL: ${raw}`);
  }
}

function readChecksum(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  const match = /^(?:sha256:)?([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!match) throw new ModuleArgumentError(`"checksum" must be sha256:<64 hex digits>, got "${text}"`);
  return match[1].toLowerCase();
}

const ARGUMENTS = moduleSchema('http_get_file');

function readArgs(ctx: ModuleContext): GetFileArgs {
  const args = validatedArgs<HttpGetFileArguments>(ctx, ARGUMENTS);
  const url = normaliseUrl(args.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(args.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (args.username && args.password) headers.authorization = `Basic ${Buffer.from(`${args.username}:${args.password}`).toString('base64')}`;
  if (args.token) headers.authorization = `Bearer ${args.token}`;
  const sha256 = readChecksum(args.checksum);
  return {
    url,
    dest: resolve(args.dest),
    headers,
    timeoutMs: duration(args.timeout, 'timeout', '10s'),
    retries: count(args.retries, 'retries', 3),
    retryDelayMs: duration(args.retry_delay, 'retry_delay', '1s'),
    maxRedirects: count(args.max_redirects, 'max_redirects', 10),
    mode: fileMode(args.mode) ?? 0o644, // the schema's default; fileMode maps an absent mode to undefined
    force: args.force,
    ...(sha256 !== undefined ? { sha256 } : {}),
  };
}

/** Why the download is needed, or undefined when the present file already satisfies the task. */
async function reasonToDownload(args: GetFileArgs): Promise<string | undefined> {
  let info;
  try {
    info = await fs.stat(args.dest);
  } catch {
    return 'dest does not exist';
  }
  if (info.isDirectory()) throw new ModuleArgumentError(`dest ${args.dest} is a directory; give the file path`);
  if (args.sha256 !== undefined) {
    const present = await sha256OfFile(args.dest);
    return present === args.sha256 ? undefined : `present file has sha256 ${present}, expected ${args.sha256}`;
  }
  return args.force ? 'force: true' : undefined;
}

/** HEAD (or, where HEAD is refused, a GET whose body is never read) to test reachability. */
async function probe(ctx: ModuleContext, args: GetFileArgs): Promise<string> {
  const common = { url: args.url, headers: args.headers, timeoutMs: args.timeoutMs, maxRedirects: args.maxRedirects, signal: ctx.signal };
  let response = await httpRequest({ ...common, method: 'HEAD' });
  response.body.resume();
  if (response.status === 405 || response.status === 501) {
    response = await httpRequest({ ...common, method: 'GET' });
    response.body.destroy();
  }
  if (response.status < 200 || response.status > 299) throw new HttpError(`HEAD ${args.url} failed with status ${response.status}`, false, response.status);
  const size = response.headers['content-length'];
  const ranges = response.headers['accept-ranges'] === 'bytes' ? 'supports resume' : 'no resume support';
  return `${size !== undefined ? `${size} bytes` : 'size unknown'}, ${ranges}`;
}

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = readArgs(ctx);
  const data = { url: args.url, dest: args.dest };
  const reason = await reasonToDownload(args);
  if (reason === undefined) {
    const note = args.sha256 !== undefined ? 'checksum matches' : 'file exists (no checksum given; force: true downloads again)';
    return { changed: false, stdout: 'success', msg: `${args.dest}: ${note}`, data };
  }
  try {
    if (ctx.checkMode) {
      const info = await probe(ctx, args);
      return { changed: true, stdout: 'success', msg: `would download ${args.url} to ${args.dest} (${reason}; ${info})`, data };
    }
    const before = args.force ? await sha256OfFile(args.dest).catch(() => undefined) : undefined;
    await fs.mkdir(resolve(args.dest, '..'), { recursive: true });
    const result = await download({ ...args, signal: ctx.signal });
    const changed = before !== result.sha256;
    const resumed = result.resumedFrom > 0 ? `, resumed at byte ${result.resumedFrom}` : '';
    return {
      changed,
      stdout: 'success',
      msg: changed ? `downloaded ${args.url} to ${args.dest} (${result.size} bytes${resumed})` : `${args.dest}: downloaded content is unchanged`,
      data: { ...data, checksum: `sha256:${result.sha256}`, size: result.size, attempts: result.attempts, status_code: result.status },
    };
  } catch (error) {
    if (error instanceof HttpError) return { changed: false, failed: true, stdout: 'failed', msg: error.message, data };
    throw error;
  }
}

export const httpGetFileModule: ModuleDefinition = {
  name: 'http_get_file',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Download a URL to the controller (auth, headers, redirects, retries, resume, sha256 checksum; idempotent).',
  run,
};
