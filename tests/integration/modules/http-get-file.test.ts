/** http_get_file against a real HTTP server on loopback, started by the test. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpGetFileModule } from '../../../builtin-modules/http-get-file';
import type { GoValue } from '../../../engine/core/values';
import { runModule, testContext, treeListing } from './module-context';

const BODY = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7) % 251));
const SHA = createHash('sha256').update(BODY).digest('hex');

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly range?: string;
  readonly ifRange?: string;
  readonly authorization?: string;
}

let server: Server;
let base: string;
let port: number;
let seen: Seen[] = [];
let flakyFailures = 0;
let fiveHundreds = 0;
let dir: string;

/** Serves BODY honouring Range/If-Range (ETag "v1"). */
function serveBody(req: IncomingMessage, res: ServerResponse, cutAfter?: number): void {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const ifRange = req.headers['if-range'];
  const start = range && (ifRange === undefined || ifRange === '"v1"') ? Number(range[1]) : 0;
  const headers = { etag: '"v1"', 'accept-ranges': 'bytes', 'content-length': String(BODY.length - start) };
  if (start > 0) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${BODY.length - 1}/${BODY.length}` });
  else res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  if (cutAfter !== undefined) {
    // A graceful close (FIN): a reset (destroy) could make the kernel drop bytes the client has not read yet.
    res.write(BODY.subarray(start, start + cutAfter), () => setTimeout(() => res.socket?.end(), 20));
    return;
  }
  res.end(BODY.subarray(start));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({
    method: req.method ?? '',
    path: url.pathname,
    ...(req.headers.range ? { range: req.headers.range } : {}),
    ...(req.headers['if-range'] ? { ifRange: String(req.headers['if-range']) } : {}),
    ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
  });
  const auth = req.headers.authorization;
  switch (url.pathname) {
    case '/file':
      return serveBody(req, res);
    case '/basic':
      if (auth !== `Basic ${Buffer.from('alice:s3cret').toString('base64')}`) return void res.writeHead(401).end('no');
      return serveBody(req, res);
    case '/bearer':
      if (auth !== 'Bearer tok-123') return void res.writeHead(401).end('no');
      return serveBody(req, res);
    case '/redirect':
      return void res.writeHead(302, { location: '/file' }).end();
    case '/redirect-other-host':
      return void res.writeHead(307, { location: `http://localhost:${port}/bearer` }).end();
    case '/loop':
      return void res.writeHead(302, { location: '/loop' }).end();
    case '/slow':
      return void setTimeout(() => serveBody(req, res), 1500);
    case '/flaky':
      // Drops the connection mid-body on the first request(s).
      if (flakyFailures > 0) {
        flakyFailures--;
        return serveBody(req, res, 20_000);
      }
      return serveBody(req, res);
    case '/error':
      if (fiveHundreds > 0) {
        fiveHundreds--;
        return void res.writeHead(503).end('busy');
      }
      return serveBody(req, res);
    case '/no-head':
      if (req.method === 'HEAD') return void res.writeHead(405).end();
      return serveBody(req, res);
    case '/headers':
      if (req.headers['x-api-key'] !== 'key-for-node1') return void res.writeHead(403).end();
      return serveBody(req, res);
    default:
      res.writeHead(404).end('not found');
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kplay-http-'));
  seen = [];
  flakyFailures = 0;
  fiveHundreds = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: Record<string, GoValue>, checkMode = false) =>
  runModule(httpGetFileModule, testContext({ args: { retry_delay: '10ms', ...args }, module: 'http_get_file', checkMode }));

test('downloads, verifies the checksum, and a second run makes no request', async () => {
  const dest = join(dir, 'sub', 'blob.bin');
  const first = await run({ url: `${base}/file`, dest, checksum: `sha256:${SHA}` });
  expect(first).toMatchObject({ changed: true, data: { checksum: `sha256:${SHA}`, size: BODY.length, status_code: 200 } });
  expect(readFileSync(dest).equals(BODY)).toBe(true);
  expect(statSync(dest).mode & 0o777).toBe(0o644);
  expect(readdirSync(join(dir, 'sub'))).toEqual(['blob.bin']);
  expect(seen).toHaveLength(1);
  const second = await run({ url: `${base}/file`, dest, checksum: `sha256:${SHA}` });
  expect(second.changed).toBe(false);
  const withoutChecksum = await run({ url: `${base}/file`, dest });
  expect(withoutChecksum.changed).toBe(false);
  expect(seen).toHaveLength(1);
  // force downloads again but reports no change for identical content.
  const forced = await run({ url: `${base}/file`, dest, force: true });
  expect(forced.changed).toBe(false);
  expect(seen).toHaveLength(2);
});

test('basic auth and bearer token', async () => {
  const ok = await run({ url: `${base}/basic`, dest: join(dir, 'a'), username: 'alice', password: 's3cret' });
  expect(ok.changed).toBe(true);
  const denied = await run({ url: `${base}/basic`, dest: join(dir, 'b'), username: 'alice', password: 'wrong' });
  expect(denied).toMatchObject({ failed: true, msg: `GET ${base}/basic failed with status 401` });
  expect(existsSync(join(dir, 'b'))).toBe(false);
  expect((await run({ url: `${base}/bearer`, dest: join(dir, 'c'), token: 'tok-123' })).changed).toBe(true);
  expect(seen.find((s) => s.path === '/bearer')?.authorization).toBe('Bearer tok-123');
});

test('headers are sent (rendered with the host variables)', async () => {
  const result = await run({ url: `${base}/headers`, dest: join(dir, 'h'), headers: { 'X-Api-Key': 'key-for-{{ .inventory_hostname }}' } });
  expect(result.changed).toBe(true);
});

test('redirects are followed; credentials do not follow to another host; loops stop', async () => {
  expect((await run({ url: `${base}/redirect`, dest: join(dir, 'r') })).changed).toBe(true);
  expect(readFileSync(join(dir, 'r')).equals(BODY)).toBe(true);
  const crossHost = await run({ url: `${base}/redirect-other-host`, dest: join(dir, 'x'), token: 'tok-123' });
  expect(crossHost).toMatchObject({ failed: true, msg: `GET ${base}/redirect-other-host (redirected to http://localhost:${port}/bearer) failed with status 401` });
  expect(seen.filter((s) => s.path === '/bearer').map((s) => s.authorization)).toEqual([undefined]);
  const loop = await run({ url: `${base}/loop`, dest: join(dir, 'l'), max_redirects: 3 });
  expect(loop.msg).toBe(`${base}/loop: stopped after 3 redirects (last to /loop)`);
});

test('404 fails with the URL and leaves nothing behind', async () => {
  const result = await run({ url: `${base}/nothing-here`, dest: join(dir, 'n') });
  expect(result).toMatchObject({ failed: true, msg: `GET ${base}/nothing-here failed with status 404` });
  expect(readdirSync(dir)).toEqual([]);
  expect(seen).toHaveLength(1); // 4xx is not retried
});

test('a slow server hits the timeout', async () => {
  const result = await run({ url: `${base}/slow`, dest: join(dir, 's'), timeout: '200ms', retries: 0 });
  expect(result.failed).toBe(true);
  expect(result.msg).toBe(`GET ${base}/slow: timed out after 200 ms without data`);
});

test('5xx is retried with backoff', async () => {
  fiveHundreds = 2;
  const result = await run({ url: `${base}/error`, dest: join(dir, 'e'), retries: 3 });
  expect(result).toMatchObject({ changed: true, data: { attempts: 3 } });
  fiveHundreds = 5;
  const gaveUp = await run({ url: `${base}/error`, dest: join(dir, 'e2'), retries: 1 });
  expect(gaveUp.msg).toBe(`GET ${base}/error failed with status 503 (after 2 attempts)`);
});

test('a dropped connection resumes with Range + If-Range', async () => {
  flakyFailures = 1;
  const dest = join(dir, 'flaky.bin');
  const result = await run({ url: `${base}/flaky`, dest, checksum: `sha256:${SHA}` });
  expect(result).toMatchObject({ changed: true, data: { attempts: 2, status_code: 206 } });
  expect(result.msg).toContain('resumed at byte 20000');
  expect(seen.map((s) => s.range)).toEqual([undefined, 'bytes=20000-']);
  expect(seen[1].ifRange).toBe('"v1"');
  expect(readFileSync(dest).equals(BODY)).toBe(true);
  expect(readdirSync(dir)).toEqual(['flaky.bin']);
});

test('a partial download survives a failed run and the next run resumes it', async () => {
  flakyFailures = 1;
  const dest = join(dir, 'later.bin');
  const failed = await run({ url: `${base}/flaky`, dest, retries: 0 });
  expect(failed.failed).toBe(true);
  expect(readdirSync(dir).sort()).toEqual(['later.bin.part', 'later.bin.part.json']);
  const resumed = await run({ url: `${base}/flaky`, dest, retries: 0 });
  expect(resumed.changed).toBe(true);
  expect(seen[1].range).toBe('bytes=20000-');
  expect(readFileSync(dest).equals(BODY)).toBe(true);
  expect(readdirSync(dir)).toEqual(['later.bin']);
});

test('a wrong checksum fails and leaves no file behind', async () => {
  const dest = join(dir, 'bad.bin');
  const wrong = 'a'.repeat(64);
  const result = await run({ url: `${base}/file`, dest, checksum: `sha256:${wrong}` });
  expect(result).toMatchObject({ failed: true, msg: `checksum mismatch for ${base}/file: expected sha256 ${wrong}, got ${SHA}` });
  expect(readdirSync(dir)).toEqual([]);
});

test('a present file with a different checksum is replaced', async () => {
  const dest = join(dir, 'old.bin');
  writeFileSync(dest, 'stale');
  const result = await run({ url: `${base}/file`, dest, checksum: SHA });
  expect(result.changed).toBe(true);
  expect(readFileSync(dest).equals(BODY)).toBe(true);
});

test('check mode sends HEAD only and writes nothing; unreachable URLs fail with the URL', async () => {
  const before = treeListing(dir);
  const result = await run({ url: `${base}/file`, dest: join(dir, 'sub', 'c.bin') }, true);
  expect(result).toMatchObject({ changed: true, msg: `would download ${base}/file to ${join(dir, 'sub', 'c.bin')} (dest does not exist; ${BODY.length} bytes, supports resume)` });
  expect(seen.map((s) => s.method)).toEqual(['HEAD']);
  const noHead = await run({ url: `${base}/no-head`, dest: join(dir, 'd') }, true);
  expect(noHead.changed).toBe(true);
  const missing = await run({ url: `${base}/missing`, dest: join(dir, 'm') }, true);
  expect(missing).toMatchObject({ failed: true, msg: `HEAD ${base}/missing failed with status 404` });
  const closed = await run({ url: 'http://127.0.0.1:1/x', dest: join(dir, 'z') }, true);
  expect(closed.failed).toBe(true);
  expect(closed.msg).toContain('http://127.0.0.1:1/x');
  expect(closed.msg).toContain('ECONNREFUSED');
  expect(treeListing(dir)).toEqual(before);
});

test('argument errors: scheme and checksum format', async () => {
  expect((await run({ url: 'ftp://x/y', dest: join(dir, 'f') })).msg).toBe('unsupported URL scheme "ftp" in ftp://x/y');
  expect((await run({ url: `${base}/file`, dest: join(dir, 'f'), checksum: 'md5:abc' })).msg).toContain('"checksum" must be sha256:<64 hex digits>');
});
