import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { HttpError, httpRequest, readBody } from '../../../engine/http/client';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const servers: Server[] = [];
async function start(handler: Handler): Promise<string> {
  const { server, base } = await serve(handler);
  servers.push(server);
  return base;
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

test('a body that stops arriving fails its reader with the inactivity timeout', async () => {
  const base = await start((_req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('first bytes');
  });
  const response = await httpRequest({ method: 'GET', url: `${base}/stall`, timeoutMs: 200 });
  expect(response.status).toBe(200);
  const error = await readBody(response).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  expect((error as HttpError).message).toBe(`GET ${base}/stall: timed out after 200 ms without data`);
  expect((error as HttpError).retryable).toBe(true);
});

test('reads follow redirects; credentials go only to the same host', async () => {
  const seen: Array<string | undefined> = [];
  const other = await start((req, res) => {
    seen.push(req.headers.authorization);
    res.end('moved here');
  });
  const base = await start((req, res) => {
    seen.push(req.headers.authorization);
    if (req.url === '/first') res.writeHead(302, { location: '/second' }).end();
    else res.writeHead(307, { location: `${other}/third` }).end();
  });
  const response = await httpRequest({ method: 'GET', url: `${base}/first`, headers: { authorization: 'Bearer t' }, timeoutMs: 5000 });
  expect((await readBody(response)).toString()).toBe('moved here');
  expect(response.url).toBe(`${other}/third`);
  expect(seen).toEqual(['Bearer t', 'Bearer t', undefined]);
});

test('an upload gets the redirect answer itself, and a stream body arrives whole', async () => {
  let received = '';
  const base = await start((req, res) => {
    req.on('data', (c: Buffer) => (received += c.toString()));
    req.on('end', () => res.writeHead(307, { location: '/elsewhere' }).end());
  });
  const response = await httpRequest({ method: 'PUT', url: `${base}/upload`, body: Readable.from(['a', 'b', 'c']), timeoutMs: 5000 });
  response.body.resume();
  expect(response.status).toBe(307);
  expect(response.headers.location).toBe('/elsewhere');
  expect(received).toBe('abc');
});

test('too many redirects, an oversized body and an aborted request are errors that say so', async () => {
  const base = await start((req, res) => {
    if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (req.url === '/big') res.end('x'.repeat(1000));
    else res.writeHead(200);
  });
  await expect(httpRequest({ method: 'GET', url: `${base}/loop`, timeoutMs: 5000, maxRedirects: 2 })).rejects.toThrow(
    `${base}/loop: stopped after 2 redirects (last to /loop)`,
  );
  const big = await httpRequest({ method: 'GET', url: `${base}/big`, timeoutMs: 5000 });
  await expect(readBody(big, 100)).rejects.toThrow(`${base}/big: response larger than 100 bytes`);
  const abort = new AbortController();
  const pending = httpRequest({ method: 'GET', url: `${base}/never`, timeoutMs: 5000, signal: abort.signal });
  abort.abort();
  await expect(pending).rejects.toThrow(`GET ${base}/never: aborted`);
  await expect(httpRequest({ method: 'GET', url: 'ftp://127.0.0.1/x', timeoutMs: 5000 })).rejects.toThrow('unsupported URL scheme ftp');
});
