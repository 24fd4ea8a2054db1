/**
 * The image module against real registries: Debian's docker-registry with htpasswd (basic) auth,
 * with token auth (a test token server signing JWTs), and over TLS. Test images are uploaded
 * through the registry API with plain HTTP calls.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageModule } from '../../../builtin-modules/image';
import type { ModuleResult } from '../../../engine/modules/types';
import type { GoValue } from '../../../engine/core/values';
import { runModule, testContext, treeListing } from './module-context';
import { blob, digestOf, multiImage, singleImage, TestPusher, type MultiImage, type SingleImage } from './oci-test-images';
import { type Registry, registryAvailable, startRegistry, startTokenServer, type TokenServer } from './registry-harness';

const USER = 'alice';
const PASSWORD = 's3cret';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

// skip reason: needs /usr/bin/docker-registry (Debian package docker-registry)
const describeRegistry = registryAvailable ? describe : describe.skip;

describeRegistry('image module against docker-registry', () => {
  let basic: Registry;
  let tokenServer: TokenServer;
  let tokenRegistry: Registry;
  let tlsRegistry: Registry;
  let work: string;
  let app: SingleImage;
  let multi: MultiImage;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'kplay-image-'));
    tokenServer = await startTokenServer(USER, PASSWORD);
    [basic, tokenRegistry, tlsRegistry] = await Promise.all([
      startRegistry({ basicAuth: { username: USER, password: PASSWORD } }),
      startRegistry({ token: tokenServer }),
      startRegistry({ tls: true }),
    ]);
    app = singleImage('amd64', [blob(Buffer.alloc(300 * 1024, 7)), blob(Buffer.from('small layer'))]);
    multi = multiImage();
    const pusher = new TestPusher(basic.baseUrl, BASIC);
    await pusher.single('kplay/app', 'v1', app);
    await pusher.multi('kplay/multi', 'v1', multi);
    const tokenAnswer = await fetch(`${tokenServer.url}/token?service=${tokenServer.service}&scope=repository:kplay/app:pull,push`, { headers: { authorization: BASIC } });
    const { token } = (await tokenAnswer.json()) as { token: string };
    await new TestPusher(tokenRegistry.baseUrl, `Bearer ${token}`).single('kplay/app', 'v1', app);
    await new TestPusher(tlsRegistry.baseUrl, undefined, tlsRegistry.tls?.certPem).single('kplay/app', 'v1', app);
  }, 40_000);

  afterAll(async () => {
    await Promise.all([basic?.stop(), tokenRegistry?.stop(), tlsRegistry?.stop(), tokenServer?.stop()]);
    rmSync(work, { recursive: true, force: true });
  });

  const auths = (registry: Registry, extra: Record<string, GoValue> = {}): GoValue => [{ registry: registry.host, username: USER, password: PASSWORD, plain_http: true, ...extra }];
  const pullSrc = 'oci://{{ .module.image.reference.registry }}/{{ .module.image.reference.repository }}:{{ .module.image.reference.reference }}';

  async function run(args: GoValue, checkMode = false): Promise<{ result: ModuleResult; logs: string[] }> {
    const logs: string[] = [];
    const ctx = { ...testContext({ args, checkMode, module: 'image' }), log: (_kind: 'debug' | 'warning', text: string) => void logs.push(text) };
    return { result: await runModule(imageModule, ctx), logs };
  }

  function images(result: ModuleResult): Array<Record<string, GoValue>> {
    return (result.data?.images ?? []) as Array<Record<string, GoValue>>;
  }

  test('pulls an image into the local store layout, then a second run transfers nothing', async () => {
    const store = join(work, 'pull');
    const args = { manifests: [`${basic.host}/kplay/app:v1`], src: pullSrc, dest: `local://${store}`, auths: auths(basic) };
    const first = await run(args);
    expect(first.result).toMatchObject({ changed: true, stdout: 'success' });
    expect(images(first.result)[0]).toMatchObject({ blobs_copied: 3, manifests_written: 1, digest: app.manifest.digest });
    for (const b of [app.config, ...app.layers]) expect(digestOf(readFileSync(join(store, 'blobs', b.digest)))).toBe(b.digest);
    const manifests = join(store, basic.host, 'kplay/app', 'manifests');
    expect(readFileSync(join(manifests, app.manifest.digest)).equals(app.manifest.bytes)).toBe(true);
    expect(JSON.parse(readFileSync(join(manifests, 'layout'), 'utf8'))).toEqual({ v1: app.manifest.digest });

    const second = await run(args);
    expect(second.result).toMatchObject({ changed: false, stdout: 'success' });
    expect(images(second.result)[0]).toMatchObject({ blobs_copied: 0, manifests_written: 0, manifests_present: 1 });
  });

  test('check mode reports what would be copied and writes nothing', async () => {
    const store = join(work, 'check');
    const before = treeListing(store);
    const { result } = await run({ manifests: [`${basic.host}/kplay/app:v1`], src: pullSrc, dest: `local://${store}`, auths: auths(basic) }, true);
    expect(result).toMatchObject({ changed: true, stdout: 'success' });
    expect(result.msg).toContain('would copy 3 blobs');
    expect(treeListing(store)).toEqual(before);
    expect(existsSync(store)).toBe(false);
  });

  test('pushes from the local store to another repository, idempotently; check mode after is ok', async () => {
    const store = join(work, 'push-src');
    await run({ manifests: [`${basic.host}/kplay/app:v1`], src: pullSrc, dest: `local://${store}`, auths: auths(basic) });
    const args = {
      manifests: [`${basic.host}/kplay/app:v1`],
      src: `local://${store}`,
      dest: `oci://${basic.host}/mirror/{{ .module.image.reference.repository }}:{{ .module.image.reference.reference }}`,
      auths: auths(basic),
    };
    const first = await run(args);
    expect(first.result).toMatchObject({ changed: true, stdout: 'success' });
    expect(images(first.result)[0]).toMatchObject({ dest: `oci://${basic.host}/mirror/kplay/app:v1`, blobs_copied: 3 });
    const served = await new TestPusher(basic.baseUrl, BASIC).fetchManifest('mirror/kplay/app', 'v1');
    expect(served).toMatchObject({ status: 200, digest: app.manifest.digest });
    expect((await run(args)).result).toMatchObject({ changed: false });
    expect((await run(args, true)).result).toMatchObject({ changed: false });
  });

  test('copies between local stores', async () => {
    const from = join(work, 'copy-from');
    const to = join(work, 'copy-to');
    await run({ manifests: [`${basic.host}/kplay/multi:v1`], src: pullSrc, dest: `local://${from}`, auths: auths(basic) });
    const args = { manifests: [`${basic.host}/kplay/multi:v1`], src: `local://${from}`, dest: `local://${to}` };
    const first = await run(args);
    expect(first.result).toMatchObject({ changed: true });
    // 2 configs + shared layer + 2 own layers; 2 platform manifests + the index
    expect(images(first.result)[0]).toMatchObject({ blobs_copied: 5, manifests_written: 3, digest: multi.index.digest });
    expect(treeListing(join(to, 'blobs')).map((l) => l.replace(/ mtime=\S+/, ''))).toEqual(treeListing(join(from, 'blobs')).map((l) => l.replace(/ mtime=\S+/, '').replace('copy-from', 'copy-to')));
    expect((await run(args)).result).toMatchObject({ changed: false });
  });

  test('platform filter narrows an index; strict fails on a missing platform, warn continues', async () => {
    const store = join(work, 'arm');
    const base = { manifests: [`${basic.host}/kplay/multi:v1`], src: pullSrc, dest: `local://${store}`, auths: auths(basic) };
    const arm = await run({ ...base, platform: ['linux/arm64'] });
    expect(arm.result).toMatchObject({ changed: true, stdout: 'success' });
    expect(images(arm.result)[0]).toMatchObject({ platforms: ['linux/arm64'], blobs_copied: 3 });
    const amdOnlyLayer = multi.amd64.layers[1];
    expect(existsSync(join(store, 'blobs', amdOnlyLayer.digest))).toBe(false);
    expect(existsSync(join(store, 'blobs', multi.arm64.layers[1].digest))).toBe(true);
    const layout = JSON.parse(readFileSync(join(store, basic.host, 'kplay/multi', 'manifests', 'layout'), 'utf8')) as Record<string, string>;
    const index = JSON.parse(readFileSync(join(store, basic.host, 'kplay/multi', 'manifests', layout.v1), 'utf8')) as { manifests: Array<{ digest: string }> };
    expect(index.manifests.map((m) => m.digest)).toEqual([multi.arm64.manifest.digest]);
    expect((await run({ ...base, platform: ['linux/arm64'] })).result).toMatchObject({ changed: false });

    const none = await run({ ...base, platform: ['linux/s390x'] });
    expect(none.result).toMatchObject({ failed: true, stderr: 'failed to transfer image' });
    expect(none.result.msg).toContain('no matching platforms found');
    const missing = await run({ ...base, platform: ['linux/arm64', 'linux/s390x'] });
    expect(missing.result.msg).toContain('missing requested platforms: [linux/s390x]');
    const warned = await run({ ...base, dest: `local://${join(work, 'warn')}`, platform: ['linux/arm64', 'linux/s390x'], policy: 'warn' });
    expect(warned.result).toMatchObject({ changed: true, stdout: 'success' });
    expect(warned.logs.join('\n')).toMatch(/^WARNING: .*missing requested platforms: \[linux\/s390x\]/m);
    const skipped = await run({ ...base, dest: `local://${join(work, 'warn2')}`, platform: ['linux/s390x'], policy: 'warn' });
    expect(skipped.result).toMatchObject({ changed: false, stdout: 'success' });
    expect(existsSync(join(work, 'warn2'))).toBe(false);
    expect((await run({ ...base, policy: 'loose', platform: ['linux/arm64'] })).result.msg).toContain('image.policy: must be one of "strict", "warn"');
  });

  test('a single-platform image is checked against the filter', async () => {
    const base = { manifests: [`${basic.host}/kplay/app:v1`], src: pullSrc, auths: auths(basic) };
    expect((await run({ ...base, dest: `local://${join(work, 'single-ok')}`, platform: ['linux/amd64'] })).result).toMatchObject({ changed: true });
    const wrong = await run({ ...base, dest: `local://${join(work, 'single-bad')}`, platform: ['linux/arm64'] });
    expect(wrong.result.msg).toContain('is linux/amd64, not one of [linux/arm64]');
  });

  test('authentication failures name the registry and the reason', async () => {
    const args = { manifests: [`${basic.host}/kplay/app:v1`], src: pullSrc, dest: `local://${join(work, 'denied')}` };
    const wrong = await run({ ...args, auths: auths(basic, { password: 'nope' }) });
    expect(wrong.result).toMatchObject({ failed: true, stderr: 'failed to transfer image' });
    expect(wrong.result.msg).toContain(`${basic.host}: credentials were rejected`);
    const anonymous = await run({ ...args, auths: [{ registry: basic.host, plain_http: true }] });
    expect(anonymous.result.msg).toContain('authentication required and no credentials given');
  });

  test('token auth: the Bearer challenge sends the client to the token server', async () => {
    const store = join(work, 'token');
    const args = { manifests: [`${tokenRegistry.host}/kplay/app:v1`], src: pullSrc, dest: `local://${store}`, auths: auths(tokenRegistry) };
    tokenServer.requests.length = 0;
    expect((await run(args)).result).toMatchObject({ changed: true, stdout: 'success' });
    expect(tokenServer.requests).toEqual(['repository:kplay/app:pull']);
    expect(digestOf(readFileSync(join(store, 'blobs', app.layers[0].digest)))).toBe(app.layers[0].digest);
    const denied = await run({ ...args, dest: `local://${join(work, 'token-denied')}`, auths: auths(tokenRegistry, { password: 'nope' }) });
    expect(denied.result.msg).toMatch(/token request to http:\/\/127\.0\.0\.1:\d+\/token failed with status 401/);
    // Push with token auth asks for push rights.
    tokenServer.requests.length = 0;
    const pushed = await run({ manifests: [`${tokenRegistry.host}/kplay/app:v1`], src: `local://${store}`, dest: `oci://${tokenRegistry.host}/copy/app:v2`, auths: auths(tokenRegistry) });
    expect(pushed.result).toMatchObject({ changed: true, stdout: 'success' });
    expect(tokenServer.requests).toEqual(['repository:copy/app:pull,push']);
  });

  test('TLS: ca_file or skip_tls_verify is needed for a self-signed registry', async () => {
    const base = { manifests: [`${tlsRegistry.host}/kplay/app:v1`], src: pullSrc };
    const untrusted = await run({ ...base, dest: `local://${join(work, 'tls-0')}` });
    expect(untrusted.result.msg).toMatch(/self[- ]signed certificate/);
    const withCa = await run({ ...base, dest: `local://${join(work, 'tls-1')}`, auths: [{ registry: tlsRegistry.host, ca_file: tlsRegistry.tls?.certFile ?? '' }] });
    expect(withCa.result).toMatchObject({ changed: true, stdout: 'success' });
    const skipVerify = await run({ ...base, dest: `local://${join(work, 'tls-2')}`, auths: [{ registry: tlsRegistry.host, skip_tls_verify: true }] });
    expect(skipVerify.result).toMatchObject({ changed: true, stdout: 'success' });
  });

  test('pattern, empty manifests, listing a local store, legacy pull form, bad src', async () => {
    const store = join(work, 'legacy');
    const legacy = await run({ pull: { manifests: [`${basic.host}/kplay/app:v1`, `${basic.host}/kplay/multi:v1`], images_dir: store, auths: auths(basic) } });
    expect(legacy.result).toMatchObject({ changed: true, stdout: 'success' });
    expect(images(legacy.result).map((i) => i.digest)).toEqual([app.manifest.digest, multi.index.digest]);

    const filtered = await run({ manifests: [`${basic.host}/kplay/app:v1`], pattern: 'multi', src: `local://${store}`, dest: `local://${join(work, 'x')}` });
    expect(filtered.result).toMatchObject({ skipped: true, stdout: 'skip', stderr: 'image manifest is empty' });
    expect((await run({ manifests: [], src: `local://${store}`, dest: `local://${join(work, 'x')}` })).result).toMatchObject({ skipped: true });

    // No manifests given: a local source offers what it holds, narrowed by pattern.
    const listed = await run({ pattern: '/multi:', src: `local://${store}`, dest: `local://${join(work, 'listed')}` });
    expect(images(listed.result).map((i) => i.image)).toEqual([`${basic.host}/kplay/multi:v1`]);
    expect(listed.result).toMatchObject({ changed: true });

    const bad = await run({ manifests: ['x/y:1'], src: 'ftp://nowhere', dest: `local://${join(work, 'x')}` });
    expect(bad.result).toMatchObject({ failed: true });
    expect(bad.result.msg).toContain('invalid source image reference');
  });
});
