/**
 * kplay's one HTTP client, on node's http/https: any method, an optional body (buffer or
 * stream), TLS options, redirects for reads, and an inactivity timeout that covers the whole
 * exchange (request body, response headers and response body). Used by the download modules,
 * the OCI registry client and the prometheus connector.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { PassThrough, type Readable } from 'node:stream';

export interface TlsOptions {
  /** Accept any server certificate (the dialect's `skip_tls_verify`). */
  readonly skipVerify: boolean;
  readonly ca?: Buffer;
  /** Client certificate and key (PEM). */
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH';

export interface HttpRequestOptions {
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | Readable;
  /** Only used for https URLs; default: verify against the system's CAs. */
  readonly tls?: TlsOptions;
  /** Fails when nothing moves (request body, response headers, response body) for this long. */
  readonly timeoutMs: number;
  /** Redirects followed by GET and HEAD; other methods get the 3xx answer. Default 10. */
  readonly maxRedirects?: number;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** The URL that answered, after redirects. */
  readonly url: string;
  /**
   * The body, not yet read. Read it, `resume()` it or `destroy()` it: the inactivity timer runs
   * until it ends.
   */
  readonly body: Readable;
}

/** A failure worth retrying (network trouble, timeouts) or not, with the status when there was one. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
export const DEFAULT_MAX_REDIRECTS = 10;

/** Status codes that a retry may cure. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export async function httpRequest(options: HttpRequestOptions): Promise<HttpResponse> {
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const follows = options.method === 'GET' || options.method === 'HEAD';
  let url = new URL(options.url);
  let headers: Record<string, string> = { ...options.headers };
  for (let hop = 0; ; hop++) {
    const response = await exchange(url, headers, options);
    const location = response.headers.location;
    // Uploads are answered with Location but are not redirects.
    if (!follows || !REDIRECTS.has(response.status) || location === undefined) return response;
    response.body.resume();
    if (hop >= maxRedirects) {
      throw new HttpError(`${options.url}: stopped after ${maxRedirects} redirects (last to ${location})`, false, response.status);
    }
    const next = new URL(location, url);
    // Like Go's client, credentials follow a redirect only to the same host.
    if (next.host !== url.host) {
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    }
    url = next;
  }
}

function tlsOptions(url: URL, tls: TlsOptions | undefined): https.RequestOptions {
  if (url.protocol !== 'https:' || tls === undefined) return {};
  return {
    rejectUnauthorized: !tls.skipVerify,
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(tls.cert ? { cert: tls.cert } : {}),
    ...(tls.key ? { key: tls.key } : {}),
  };
}

function exchange(url: URL, headers: Record<string, string>, options: HttpRequestOptions): Promise<HttpResponse> {
  const client = url.protocol === 'http:' ? http : url.protocol === 'https:' ? https : undefined;
  if (client === undefined) return Promise.reject(new HttpError(`unsupported URL scheme ${url.protocol.replace(/:$/, '')} in ${url.href}`, false));
  const label = `${options.method} ${url.href}`;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    let incoming: http.IncomingMessage | undefined;
    let body: PassThrough | undefined;
    const request = client.request(url, { method: options.method, headers: { 'user-agent': 'kplay', ...headers }, ...tlsOptions(url, options.tls) });
    const stop = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
    const fail = (error: Error): void => {
      stop();
      request.destroy(error);
      // A stalled body must fail its reader with the error, not hang.
      incoming?.destroy(error);
      body?.destroy(error);
      if (!settled) {
        settled = true;
        reject(error);
      }
    };
    const touch = (): void => {
      stop();
      timer = setTimeout(() => fail(new HttpError(`${label}: timed out after ${options.timeoutMs} ms without data`, true)), options.timeoutMs);
    };
    const onAbort = (): void => fail(new HttpError(`${label}: aborted`, false));
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error: Error) => {
      if (!settled) fail(error instanceof HttpError ? error : new HttpError(`${label}: ${error.message}`, true));
    });
    request.on('close', () => {
      if (incoming === undefined) options.signal?.removeEventListener('abort', onAbort);
    });
    request.on('response', (res) => {
      settled = true;
      incoming = res;
      // The caller reads a pass-through so that the timer can watch the bytes arrive without
      // taking over the flow of the body (pipe keeps backpressure).
      const out = new PassThrough();
      body = out;
      res.on('data', touch);
      res.on('error', (error) => out.destroy(error instanceof HttpError ? error : new HttpError(`${label}: ${error.message}`, true)));
      res.on('close', () => {
        stop();
        options.signal?.removeEventListener('abort', onAbort);
      });
      // A caller that destroys the body early gives the connection back.
      out.on('close', () => {
        if (!res.complete) res.destroy();
      });
      res.pipe(out);
      touch();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, url: url.href, body: out });
    });
    touch();
    const upload = options.body;
    if (upload === undefined) request.end();
    else if (Buffer.isBuffer(upload)) request.end(upload);
    else {
      upload.on('data', touch);
      upload.on('error', (error) => fail(error));
      upload.pipe(request);
    }
  });
}

/** The whole body, refusing more than `limit` bytes. */
export async function readBody(response: HttpResponse, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      response.body.destroy();
      throw new HttpError(`${response.url}: response larger than ${limit} bytes`, false);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
