/**
 * KubeKey's image push with the shipped project: an offline bundle exported with images (pulled
 * from a loopback docker-registry standing in for the upstream registries) is pushed by
 * `create cluster -a bundle.tgz --tags push` into a private docker-registry named by
 * image_registry.auth.registry; read back through the registry API, digests compared.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../../helpers/cli';
import { TestPusher } from '../../integration/modules/oci-test-images';
import { type Registry, registryAvailable, startRegistry } from '../../integration/modules/registry-harness';
import { type ImageSource, repositoryAndTag, startImageSource } from './image-source';
import { writeConfig } from './ssh-inventory';
import { startStandInServer, type StandInServer } from './stand-in-server';

const USER = 'pusher';
const PASSWORD = 'push-s3cret';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

interface ReportTask {
  task: string;
  status: string;
  msg?: string;
}

/** Where KubeKey's push puts an image: registry.k8s.io one-segment repositories go under kubernetes/. */
function pushedRepository(image: string): string {
  const [repository] = repositoryAndTag(image);
  return image.startsWith('registry.k8s.io/') && !repository.includes('/') ? `kubernetes/${repository}` : repository;
}

async function catalog(registry: Registry): Promise<string[]> {
  const answer = await fetch(`${registry.baseUrl}/v2/_catalog`, { headers: { authorization: BASIC } });
  return ((await answer.json()) as { repositories: string[] }).repositories;
}

// skip reason: needs /usr/bin/docker-registry (Debian package docker-registry)
const describeRegistry = registryAvailable ? describe : describe.skip;

describeRegistry('image push into the private registry (create cluster --tags push)', () => {
  let dir: string;
  let mirror: StandInServer;
  let source: ImageSource;
  let target: Registry;
  let images: string[];
  let bundle: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-push-'));
    mirror = await startStandInServer();
    target = await startRegistry({ basicAuth: { username: USER, password: PASSWORD } });
    // the images an export of this config carries, from the tool's own listing
    const exportConfig = (registry: string): string =>
      writeConfig(join(dir, 'export.yaml'), { download: { mirror: mirror.url, arch: ['amd64'], images: { registry, auths: [{ registry, plain_http: true }] } } });
    const listed = await runKplay(['artifact', 'list', '-c', exportConfig('127.0.0.1:1'), '--output', 'json']);
    images = (JSON.parse(listed.stdout) as { images: string[] }).images;
    source = await startImageSource(images);
    bundle = join(dir, 'bundle.tgz');
    const exported = await runKplay(['artifact', 'export', '-c', exportConfig(source.registry.host), '-o', bundle, '--work-dir', join(dir, 'export'), '--no-color']);
    if (exported.code !== 0) throw new Error(`export failed:\n${exported.stdout}\n${exported.stderr}`);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([mirror?.close(), source?.registry.stop(), target?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const siteConfig = (name: string, registry: Registry): string =>
    writeConfig(join(dir, name), {
      work_dir: join(dir, `site-${name}`),
      // an existing registry of the site, reached over loopback: plain_http is left unset, so
      // HTTPS is tried and HTTP used, as Docker does for a local registry
      image_registry: { auth: { registry: registry.host, username: USER, password: PASSWORD } },
      // the pushed images are what the nodes pull
      kubernetes: { image_repository: `${registry.host}/kubernetes` },
    });
  const push = (config: string, extra: string[] = []) =>
    runKplay(['create', 'cluster', '-a', bundle, '-c', config, '--tags', 'push', '--yes', '--no-color', '--workdir', join(dir, 'journal'), '--report', join(dir, 'report.json'), ...extra]);
  const pushTask = (): ReportTask | undefined =>
    (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { tasks: ReportTask[] }).tasks.find((t) => t.task === 'Push | images into the private registry');

  test('check mode says what would be pushed and pushes nothing', async () => {
    const config = siteConfig('check.yaml', target);
    const check = await push(config, ['--check']);
    expect(check.code).toBe(0);
    // the bundle is not unpacked in a check: its repositories are named from its listing
    expect(check.stdout).toMatch(new RegExp(`would push ${images.length} image repositories of .*bundle\\.tgz into\\s+${target.host.replace(/\./g, '\\.')}`));
    expect(check.stdout).toContain('registry.k8s.io/kube-apiserver');
    expect(await catalog(target)).toEqual([]);
  }, 180_000);

  test('a real push stores every image with its digest; a second push sends no blob; a check after it changes nothing', async () => {
    const config = siteConfig('real.yaml', target);
    const first = await push(config);
    if (first.code !== 0) process.stdout.write(first.stdout.split('\n').filter((l) => /fatal|FAILED|failed|TASK \[.*Push|PLAY \[/.test(l)).join('\n'));
    expect(first.code).toBe(0);
    expect(pushTask()?.status).toBe('changed');

    const reader = new TestPusher(target.baseUrl, BASIC);
    for (const image of images) {
      const [, tag] = repositoryAndTag(image);
      const stored = await reader.fetchManifest(pushedRepository(image), tag);
      expect({ image, status: stored.status }).toEqual({ image, status: 200 });
      if (image === source.multi.name) continue;
      expect(stored.digest).toBe(source.images.get(image)?.manifest.digest);
    }
    // the multi-platform image: the export (download.arch amd64) kept an index of amd64 alone,
    // and that index went into the registry with the amd64 manifest it lists
    const [, multiTag] = repositoryAndTag(source.multi.name);
    const index = await reader.fetchManifest(pushedRepository(source.multi.name), multiTag);
    const entries = (JSON.parse(index.body.toString('utf8')) as { manifests: { digest: string }[] }).manifests.map((m) => m.digest);
    expect(entries).toEqual([source.multi.image.amd64.manifest.digest]);
    const child = await reader.fetchManifest(pushedRepository(source.multi.name), source.multi.image.amd64.manifest.digest);
    expect(child.digest).toBe(source.multi.image.amd64.manifest.digest);
    expect((await reader.fetchManifest(pushedRepository(source.multi.name), source.multi.image.arm64.manifest.digest)).status).toBe(404);
    expect(await catalog(target)).toContain('kubernetes/kube-apiserver');
    expect(await catalog(target)).toContain('coredns/coredns');

    const second = await push(config);
    expect(second.code).toBe(0);
    const again = pushTask();
    expect(again?.status).toBe('ok');
    // every image answered "up to date": no blob or manifest was sent again
    expect(again?.msg?.split('\n')).toHaveLength(images.length);
    for (const line of again?.msg?.split('\n') ?? []) expect(line).toMatch(/: up to date \(\d+ blobs, [12] manifests present\)$/);

    // with the bundle unpacked, a check asks the registry and finds nothing to send
    const check = await push(config, ['--check']);
    expect(check.code).toBe(0);
    expect(pushTask()?.status).toBe('ok');
  }, 240_000);

  test('a check against an empty registry with the store unpacked counts what would be sent', async () => {
    const empty = await startRegistry({ basicAuth: { username: USER, password: PASSWORD } });
    try {
      // same work_dir as the real push above: the bundle is unpacked there
      const config = writeConfig(join(dir, 'real.yaml'), {
        work_dir: join(dir, 'site-real.yaml'),
        image_registry: { auth: { registry: empty.host, username: USER, password: PASSWORD, plain_http: true } },
        kubernetes: { image_repository: `${empty.host}/kubernetes` },
      });
      const check = await push(config, ['--check']);
      expect(check.code).toBe(0);
      const task = pushTask();
      expect(task?.status).toBe('changed');
      expect(task?.msg?.split('\n')).toHaveLength(images.length);
      for (const line of task?.msg?.split('\n') ?? []) expect(line).toMatch(/would copy [1-9]\d* blobs \(\d+ bytes\) and [12] manifests/);
      expect(await catalog(empty)).toEqual([]);
    } finally {
      await empty.stop();
    }
  }, 180_000);

  test('without a bundle: init pulls the images (their upstream names) and the push stores them', async () => {
    const fresh = await startRegistry();
    try {
      const config = writeConfig(join(dir, 'downloaded.yaml'), {
        work_dir: join(dir, 'site-downloaded'),
        download: { mirror: mirror.url, arch: ['amd64'], images: { registry: source.registry.host } },
        image_registry: { auth: { registry: fresh.host } },
        kubernetes: { image_repository: `${fresh.host}/kubernetes` },
      });
      const run = await runKplay(['create', 'cluster', '-c', config, '--tags', 'images,push', '--yes', '--no-color', '--workdir', join(dir, 'journal'), '--report', join(dir, 'report.json')]);
      if (run.code !== 0) process.stdout.write(run.stdout.split('\n').filter((l) => /fatal|FAILED|failed/.test(l)).join('\n'));
      expect(run.code).toBe(0);
      expect(pushTask()?.status).toBe('changed');
      const reader = new TestPusher(fresh.baseUrl, undefined);
      const image = images[images.length - 1];
      const stored = await reader.fetchManifest(pushedRepository(image), repositoryAndTag(image)[1]);
      expect(stored.digest).toBe(source.images.get(image)?.manifest.digest);
    } finally {
      await fresh.stop();
    }
  }, 180_000);

  test('a registry over TLS is trusted through image_registry.auth.ca_file', async () => {
    const secure = await startRegistry({ tls: true });
    try {
      const config = writeConfig(join(dir, 'real.yaml'), {
        work_dir: join(dir, 'site-real.yaml'),
        image_registry: { auth: { registry: secure.host, ca_file: secure.tls?.certFile } },
        kubernetes: { image_repository: `${secure.host}/kubernetes` },
      });
      const pushed = await push(config);
      expect(pushed.code).toBe(0);
      expect(pushTask()?.status).toBe('changed');
      const reader = new TestPusher(secure.baseUrl, undefined, secure.tls?.certPem);
      const image = images[images.length - 1];
      const stored = await reader.fetchManifest(pushedRepository(image), repositoryAndTag(image)[1]);
      expect(stored.digest).toBe(source.images.get(image)?.manifest.digest);
    } finally {
      await secure.stop();
    }
  }, 180_000);
});
