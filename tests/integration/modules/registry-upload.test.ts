/**
 * The registry client's uploads against Debian's docker-registry: chunked PATCH uploads for blobs
 * larger than the chunk size (behind basic auth, so a challenge arrives mid-upload), monolithic
 * PUT below it, and how the scheme is chosen for a registry on loopback.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { AuthSession } from '../../../builtin-modules/oci/auth';
import { isLoopbackRegistry, usePlainHttp } from '../../../builtin-modules/oci/loopback-scheme';
import { RegistryRepository } from '../../../builtin-modules/oci/registry-repository';
import { blob, digestOf, send } from './oci-test-images';
import { type Registry, registryAvailable, startRegistry } from './registry-harness';

const USER = 'up';
const PASSWORD = 'loader';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const TIMEOUT = 30_000;

// skip reason: needs /usr/bin/docker-registry (Debian package docker-registry)
const describeRegistry = registryAvailable ? describe : describe.skip;

describe('isLoopbackRegistry', () => {
  test.each([
    ['127.0.0.1:5000', true],
    ['127.3.4.5', true],
    ['localhost:5000', true],
    ['[::1]:5000', true],
    ['10.0.0.5:5000', false],
    ['registry.site.internal', false],
    ['127.0.0.1.example.com', false],
  ])('%s → %s', (registry, expected) => expect(isLoopbackRegistry(registry)).toBe(expected));
});

/** A pass-through proxy in front of the registry that records each request's method and path. */
async function recordingProxy(target: Registry): Promise<{ host: string; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const upstream = new URL(target.baseUrl);
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

describeRegistry('registry uploads against docker-registry', () => {
  let plain: Registry;
  let tls: Registry;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  beforeAll(async () => {
    [plain, tls] = await Promise.all([startRegistry({ basicAuth: { username: USER, password: PASSWORD } }), startRegistry({ tls: true })]);
    proxy = await recordingProxy(plain);
  }, 60_000);
  afterAll(async () => {
    proxy?.server.closeAllConnections();
    proxy?.server.close();
    await Promise.all([plain?.stop(), tls?.stop()]);
  });

  // through the proxy: the registry answers Location headers for the Host it was asked
  const repository = (name: string, chunkSize: number): RegistryRepository =>
    new RegistryRepository(
      { registry: proxy.host, repository: name, reference: 'v1' },
      { plainHttp: true, tls: { skipVerify: false }, timeoutMs: TIMEOUT, session: new AuthSession(plain.host, { username: USER, password: PASSWORD }, { skipVerify: false }, TIMEOUT), write: true, chunkSize },
    );

  async function stored(name: string, digest: string): Promise<{ status: number; digest: string; size: number }> {
    const got = await send('GET', `${plain.baseUrl}/v2/${name}/blobs/${digest}`, { authorization: BASIC });
    return { status: got.status, digest: digestOf(got.body), size: got.body.length };
  }

  test('a blob larger than the chunk size goes up in PATCH chunks (uneven last chunk) and reads back intact', async () => {
    const bytes = Buffer.alloc(300 * 1024 + 17);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) % 251;
    const big = blob(bytes);
    const repo = repository('kplay/chunked', 64 * 1024);
    expect(await repo.hasBlob({ mediaType: 'application/octet-stream', digest: big.digest, size: big.size })).toBe(false);
    // small stream pieces, so chunks are assembled across them
    const pieces = Readable.from(Array.from({ length: Math.ceil(bytes.length / 5000) }, (_, i) => bytes.subarray(i * 5000, (i + 1) * 5000)));
    const before = proxy.seen.length;
    await repo.putBlob({ mediaType: 'application/octet-stream', digest: big.digest, size: big.size }, pieces);
    const methods = proxy.seen.slice(before).map((s) => s.split(' ')[0]);
    // 300 KiB + 17 bytes in 64 KiB chunks: 5 PATCHes, then one closing PUT
    expect(methods.filter((m) => m === 'PATCH')).toHaveLength(5);
    expect(methods.filter((m) => m === 'PUT')).toHaveLength(1);
    expect(await stored('kplay/chunked', big.digest)).toEqual({ status: 200, digest: big.digest, size: big.size });
    expect(await repo.hasBlob({ mediaType: 'application/octet-stream', digest: big.digest, size: big.size })).toBe(true);
  });

  test('a blob exactly the chunk size, and a small one, go up in one PUT', async () => {
    const repo = repository('kplay/mono', 4096);
    for (const b of [blob(Buffer.alloc(4096, 9)), blob(Buffer.from('tiny'))]) {
      const before = proxy.seen.length;
      await repo.putBlob({ mediaType: 'application/octet-stream', digest: b.digest, size: b.size }, Readable.from([b.bytes]));
      expect(await stored('kplay/mono', b.digest)).toEqual({ status: 200, digest: b.digest, size: b.size });
      expect(proxy.seen.slice(before).map((s) => s.split(' ')[0]).filter((m) => m !== 'POST')).toEqual(['PUT']);
    }
  });

  test('a stream shorter than its descriptor fails the chunked upload and stores nothing', async () => {
    const b = blob(Buffer.alloc(10_000, 5));
    const repo = repository('kplay/short', 4096);
    await expect(repo.putBlob({ mediaType: 'application/octet-stream', digest: b.digest, size: b.size + 100 }, Readable.from([b.bytes]))).rejects.toThrow(/has 10000 bytes, its descriptor says 10100/);
    expect((await stored('kplay/short', b.digest)).status).toBe(404);
  });

  test('loopback: HTTP when the registry does not speak TLS, HTTPS when it does, the setting when given', async () => {
    expect(await usePlainHttp(plain.host, undefined, { skipVerify: false }, TIMEOUT)).toBe(true);
    // a certificate this client does not trust keeps HTTPS (the real request reports it)
    expect(await usePlainHttp(tls.host, undefined, { skipVerify: false }, TIMEOUT)).toBe(false);
    expect(await usePlainHttp(tls.host, undefined, { skipVerify: false, ca: Buffer.from(tls.tls?.certPem ?? '') }, TIMEOUT)).toBe(false);
    expect(await usePlainHttp(plain.host, false, { skipVerify: false }, TIMEOUT)).toBe(false);
    // not loopback: HTTPS without asking anything
    expect(await usePlainHttp('registry.invalid:5000', undefined, { skipVerify: false }, TIMEOUT)).toBe(false);
  });
});
