/**
 * One HTTP exchange with redirects and an inactivity timeout, on node's http/https. The caller
 * gets the final response with its body not yet read.
 */
import * as http from 'node:http';
import * as https from 'node:https';

export interface HttpRequestOptions {
  readonly method: 'GET' | 'HEAD';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Fails when no response headers or body bytes arrive for this long. */
  readonly timeoutMs: number;
  readonly maxRedirects: number;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly finalUrl: string;
  readonly body: http.IncomingMessage;
  /** Restarts the inactivity timer (call per body chunk); stop() when the body is done. */
  touch(): void;
  stop(): void;
}

/** A failure worth retrying (network trouble, timeouts, 5xx, 429) or not. */
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

function clientFor(url: URL): typeof http | typeof https {
  if (url.protocol === 'http:') return http;
  if (url.protocol === 'https:') return https;
  throw new HttpError(`unsupported URL scheme ${url.protocol.replace(/:$/, '')} in ${url.href}`, false);
}

export async function httpRequest(options: HttpRequestOptions): Promise<HttpResponse> {
  let url = new URL(options.url);
  let headers: Record<string, string> = { ...options.headers };
  for (let hop = 0; ; hop++) {
    const response = await exchange(url, headers, options);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.status) || location === undefined) return response;
    response.body.resume();
    response.stop();
    if (hop >= options.maxRedirects) {
      throw new HttpError(`${options.url}: stopped after ${options.maxRedirects} redirects (last to ${location})`, false, response.status);
    }
    const next = new URL(location, url);
    // Like Go's client, credentials follow a redirect only to the same host.
    if (next.host !== url.host) {
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    }
    url = next;
  }
}

function exchange(url: URL, headers: Record<string, string>, options: HttpRequestOptions): Promise<HttpResponse> {
  const client = clientFor(url);
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    let responseBody: http.IncomingMessage | undefined;
    const request = client.request(url, { method: options.method, headers: { 'user-agent': 'kplay', ...headers } });
    const fail = (error: Error): void => {
      if (timer) clearTimeout(timer);
      request.destroy(error);
      // A stalled body must fail its reader with the timeout, not hang.
      responseBody?.destroy(error);
      if (!settled) {
        settled = true;
        reject(error);
      }
    };
    const touch = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        fail(new HttpError(`${options.method} ${url.href}: timed out after ${options.timeoutMs} ms without data`, true));
      }, options.timeoutMs);
    };
    const stop = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
    const onAbort = (): void => fail(new HttpError(`${options.method} ${url.href}: aborted`, false));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error: Error) => {
      const wrapped = error instanceof HttpError ? error : new HttpError(`${options.method} ${url.href}: ${error.message}`, true);
      if (!settled) fail(wrapped);
    });
    request.on('close', () => options.signal?.removeEventListener('abort', onAbort));
    request.on('response', (body) => {
      settled = true;
      responseBody = body;
      touch();
      resolve({ status: body.statusCode ?? 0, headers: body.headers, finalUrl: url.href, body, touch, stop });
    });
    touch();
    request.end();
  });
}

/** Status codes that a retry may cure. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
