/**
 * The registry client's HTTP exchange: any method, an optional body (buffer or stream), TLS
 * options (skip verify, CA, client certificate), redirects for reads, and an inactivity timeout.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';

export interface TlsOptions {
  readonly skipVerify: boolean;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export interface OciRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | Readable;
  readonly tls: TlsOptions;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface OciResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly url: string;
  readonly body: http.IncomingMessage;
}

export class RegistryHttpError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'RegistryHttpError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

export async function ociRequest(request: OciRequest): Promise<OciResponse> {
  let url = new URL(request.url);
  let headers = { ...request.headers };
  for (let hop = 0; ; hop++) {
    const response = await exchange({ ...request, url: url.href, headers });
    const location = response.headers.location;
    // Blob reads may be redirected to storage; uploads are answered with Location but no redirect.
    const readable = request.method === 'GET' || request.method === 'HEAD';
    if (!readable || !REDIRECTS.has(response.status) || location === undefined) return response;
    response.body.resume();
    if (hop >= MAX_REDIRECTS) throw new RegistryHttpError(`${request.url}: too many redirects`, response.status);
    const next = new URL(location, url);
    if (next.host !== url.host) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
    url = next;
  }
}

function exchange(request: OciRequest): Promise<OciResponse> {
  const url = new URL(request.url);
  const isHttps = url.protocol === 'https:';
  if (!isHttps && url.protocol !== 'http:') return Promise.reject(new RegistryHttpError(`unsupported URL scheme in ${url.href}`));
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const options: https.RequestOptions = {
      method: request.method,
      headers: { 'user-agent': 'kplay', ...request.headers },
      ...(isHttps
        ? {
            rejectUnauthorized: !request.tls.skipVerify,
            ...(request.tls.ca ? { ca: request.tls.ca } : {}),
            ...(request.tls.cert ? { cert: request.tls.cert } : {}),
            ...(request.tls.key ? { key: request.tls.key } : {}),
          }
        : {}),
    };
    const req = (isHttps ? https : http).request(url, options);
    const fail = (error: Error): void => {
      if (timer) clearTimeout(timer);
      req.destroy(error);
      if (!settled) {
        settled = true;
        reject(error);
      }
    };
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => fail(new RegistryHttpError(`${request.method} ${url.href}: no answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    };
    const onAbort = (): void => fail(new RegistryHttpError(`${request.method} ${url.href}: aborted`));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => fail(error instanceof RegistryHttpError ? error : new RegistryHttpError(`${request.method} ${url.href}: ${error.message}`)));
    req.on('close', () => request.signal?.removeEventListener('abort', onAbort));
    req.on('response', (body) => {
      if (timer) clearTimeout(timer);
      settled = true;
      resolve({ status: body.statusCode ?? 0, headers: body.headers, url: url.href, body });
    });
    arm();
    const body = request.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      body.on('data', arm);
      body.on('error', (error) => fail(error));
      body.pipe(req);
    }
  });
}

export async function readBody(response: OciResponse, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      response.body.destroy();
      throw new RegistryHttpError(`${response.url}: response larger than ${limit} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The registry's error text (`{"errors":[{"code","message"}]}`) or the raw body, shortened. */
export async function errorText(response: OciResponse): Promise<string> {
  const body = (await readBody(response, 64 * 1024).catch(() => Buffer.alloc(0))).toString('utf8');
  try {
    const doc = JSON.parse(body) as { errors?: Array<{ code?: string; message?: string; detail?: unknown }> };
    if (Array.isArray(doc.errors) && doc.errors.length > 0) {
      return doc.errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
    }
  } catch {
    // not JSON
  }
  return body.trim().slice(0, 300);
}
