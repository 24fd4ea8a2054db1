/**
 * Downloads a URL into `<dest>.part` with retries, backoff and resume (Range + If-Range), then
 * verifies and renames it into place. The `.part` file survives network failures so the next
 * attempt (or run) continues where it stopped; a checksum mismatch removes it.
 */
import { promises as fs } from 'node:fs';
import { HttpError, httpRequest, type HttpResponse, retryableStatus, sha256OfFile } from '../../engine/modules/module-api';

export interface DownloadOptions {
  readonly url: string;
  readonly dest: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxRedirects: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  /** Expected sha256 (lowercase hex). */
  readonly sha256?: string;
  readonly mode: number;
  readonly signal?: AbortSignal;
}

export interface DownloadResult {
  readonly sha256: string;
  readonly size: number;
  readonly attempts: number;
  /** Bytes that came from an earlier partial download. */
  readonly resumedFrom: number;
  readonly status: number;
}

/** What identifies the version of the resource the `.part` file holds. */
interface PartMeta {
  readonly url: string;
  readonly validator?: string;
}

const MAX_BACKOFF_MS = 30_000;

export function partPaths(dest: string): { part: string; meta: string } {
  return { part: `${dest}.part`, meta: `${dest}.part.json` };
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await fs.stat(path)).size;
  } catch {
    return 0;
  }
}

async function readMeta(path: string): Promise<PartMeta | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(path, 'utf8'));
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as PartMeta).url === 'string') return parsed as PartMeta;
  } catch {
    // no usable record: start from scratch
  }
  return undefined;
}

async function discardPart(dest: string): Promise<void> {
  const { part, meta } = partPaths(dest);
  await fs.rm(part, { force: true });
  await fs.rm(meta, { force: true });
}

/** ETag (strong only: If-Range refuses weak ones) or Last-Modified. */
function validatorOf(response: HttpResponse): string | undefined {
  const etag = response.headers.etag;
  if (etag !== undefined && !etag.startsWith('W/')) return etag;
  return response.headers['last-modified'];
}

/**
 * How far the `.part` file may be trusted: resume only when its version can be pinned with
 * If-Range, or when the final checksum will catch a mixed file.
 */
async function resumeOffset(options: DownloadOptions): Promise<{ offset: number; validator?: string }> {
  const { part, meta } = partPaths(options.dest);
  const size = await sizeOf(part);
  if (size === 0) return { offset: 0 };
  const record = await readMeta(meta);
  if (record?.url === options.url && record.validator !== undefined) return { offset: size, validator: record.validator };
  if (options.sha256 !== undefined) return { offset: size };
  await discardPart(options.dest);
  return { offset: 0 };
}

async function attempt(options: DownloadOptions): Promise<{ status: number; resumedFrom: number }> {
  const { part, meta } = partPaths(options.dest);
  const resume = await resumeOffset(options);
  const headers: Record<string, string> = { ...options.headers };
  if (resume.offset > 0) {
    headers.range = `bytes=${resume.offset}-`;
    if (resume.validator !== undefined) headers['if-range'] = resume.validator;
  }
  const response = await httpRequest({ method: 'GET', url: options.url, headers, timeoutMs: options.timeoutMs, maxRedirects: options.maxRedirects, ...(options.signal ? { signal: options.signal } : {}) });
  if (response.status === 416) {
    // The part is not a prefix of what the server has now: start over.
    response.body.resume();
    await discardPart(options.dest);
    throw new HttpError(`GET ${options.url}: range not satisfiable, restarting the download`, true, 416);
  }
  if (response.status !== 200 && response.status !== 206) {
    response.body.resume();
    const via = response.url !== options.url ? ` (redirected to ${response.url})` : '';
    throw new HttpError(`GET ${options.url}${via} failed with status ${response.status}`, retryableStatus(response.status), response.status);
  }
  let append = false;
  if (response.status === 206) {
    const start = /^bytes (\d+)-/.exec(response.headers['content-range'] ?? '')?.[1];
    if (Number(start) !== resume.offset) {
      response.body.resume();
      await discardPart(options.dest);
      throw new HttpError(`GET ${options.url}: server answered a different range (${response.headers['content-range']}); restarting`, true, 206);
    }
    append = true;
  } else {
    const validator = validatorOf(response);
    await fs.writeFile(meta, JSON.stringify({ url: options.url, ...(validator !== undefined ? { validator } : {}) } satisfies PartMeta));
  }
  const expected = response.headers['content-length'] !== undefined ? Number(response.headers['content-length']) : undefined;
  let received = 0;
  // Each chunk is on disk before the next is read, so a dropped connection leaves exactly the
  // bytes received in `.part` (a piped write stream would discard its unflushed buffer).
  const file = await fs.open(part, append ? 'a' : 'w', 0o600);
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      await file.write(chunk);
      received += chunk.length;
    }
  } catch (error) {
    throw error instanceof HttpError ? error : new HttpError(`GET ${options.url}: ${(error as Error).message}`, true);
  } finally {
    await file.close();
  }
  if (expected !== undefined && received !== expected) {
    throw new HttpError(`GET ${options.url}: connection closed after ${received} of ${expected} bytes`, true);
  }
  return { status: response.status, resumedFrom: append ? resume.offset : 0 };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/** Downloads to `.part`, verifies, and renames into `dest`; throws HttpError with the URL. */
export async function download(options: DownloadOptions): Promise<DownloadResult> {
  let lastError: HttpError | undefined;
  let restartedAfterMismatch = false;
  const maxAttempts = options.retries + 1;
  for (let n = 1; n <= maxAttempts; n++) {
    if (n > 1) await sleep(Math.min(options.retryDelayMs * 2 ** (n - 2), MAX_BACKOFF_MS), options.signal);
    if (options.signal?.aborted) throw new HttpError(`GET ${options.url}: aborted`, false);
    let outcome: { status: number; resumedFrom: number };
    try {
      outcome = await attempt(options);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      lastError = error;
      if (!error.retryable) break;
      continue;
    }
    const { part } = partPaths(options.dest);
    const sha256 = await sha256OfFile(part);
    if (options.sha256 !== undefined && sha256 !== options.sha256) {
      await discardPart(options.dest);
      if (outcome.resumedFrom > 0 && !restartedAfterMismatch) {
        // The kept prefix may belong to an older version of the file: one clean retry.
        restartedAfterMismatch = true;
        n--;
        continue;
      }
      throw new HttpError(`checksum mismatch for ${options.url}: expected sha256 ${options.sha256}, got ${sha256}`, false);
    }
    await fs.chmod(part, options.mode);
    const size = await sizeOf(part);
    await fs.rename(part, options.dest);
    await fs.rm(partPaths(options.dest).meta, { force: true });
    return { sha256, size, attempts: n, resumedFrom: outcome.resumedFrom, status: outcome.status };
  }
  const suffix = maxAttempts > 1 && lastError?.retryable ? ` (after ${maxAttempts} attempts)` : '';
  throw new HttpError(`${lastError?.message ?? `GET ${options.url} failed`}${suffix}`, false, lastError?.status);
}
