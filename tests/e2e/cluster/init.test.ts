/**
 * The init role for real on localhost: downloads from a local stand-in mirror with sha256
 * checks, certificates checked with openssl, an offline bundle exported and then used with the
 * mirror stopped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runKplay } from '../../helpers/cli';
import { sha256, standInBody, startStandInServer, type StandInServer } from './stand-in-server';

const root = resolve(__dirname, '../../..');
const playbook = join(root, 'playbooks', 'artifact_export.yaml');
// artifact_export.yaml with init_export=false is the init phase alone (certificates included).
const INIT_ONLY = '{"init_export": false}';
const KUBELET_PATH = '/dl.k8s.io/release/v1.34.3/bin/linux/amd64/kubelet';
const KUBECTL_PATH = '/dl.k8s.io/release/v1.34.3/bin/linux/amd64/kubectl';

function inventory(dir: string): string {
  const file = join(dir, 'inventory.yaml');
  writeFileSync(
    file,
    `apiVersion: kubekey.kubesphere.io/v1
kind: Inventory
spec:
  hosts:
    localhost:
      connector: { type: local }
      internal_ipv4: 127.0.0.1
  groups:
    k8s_cluster: { groups: [kube_control_plane, kube_worker] }
    kube_control_plane: { hosts: [localhost] }
    kube_worker: { hosts: [localhost] }
    etcd: { hosts: [localhost] }
    image_registry: { hosts: [localhost] }
`,
  );
  return file;
}

function config(dir: string, name: string, download: string): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    `apiVersion: kubekey.kubesphere.io/v1
kind: Config
spec:
  image_registry:
    type: docker-registry
  download:
${download
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`,
  );
  return file;
}

function walk(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

describe('init role on localhost against a stand-in mirror', () => {
  let dir: string;
  let server: StandInServer;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-init-'));
    server = await startStandInServer();
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const runInit = (cfg: string, work: string, extra: string[] = []) =>
    runKplay(['run', playbook, '-i', inventory(dir), '-c', cfg, '-e', INIT_ONLY, '-e', `work_dir=${work}`, '--workdir', join(dir, 'journal'), '--report', join(dir, 'report.json'), '--no-color', ...extra]);

  test('downloads every artifact through the mirror, verifies checksums and makes certificates openssl accepts', async () => {
    const work = join(dir, 'work');
    // images: the image module is tested on its own; here the stand-in mirror is no registry.
    const cfg = config(dir, 'config.yaml', `mirror: ${server.url}/\nimages: {enabled: false}\nchecksums:\n  kubelet: {v1.34.3: {amd64: "${sha256(standInBody(KUBELET_PATH))}"}}`);
    const first = await runInit(cfg, work);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);

    const files = walk(join(work, 'kubekey'));
    for (const f of ['kubelet/v1.34.3/amd64/kubelet', 'kubeadm/v1.34.3/amd64/kubeadm', 'etcd/v3.6.5/amd64/etcd.tar.gz', 'containerd/v1.7.13/amd64/containerd.tar.gz', 'runc/v1.1.12/amd64/runc', 'docker_compose/v2.20.3/amd64/docker-compose', 'charts/calico/v3.31.3/calico.tgz']) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.endsWith('.part'))).toBe(false);
    expect(readFileSync(join(work, 'kubekey/kubelet/v1.34.3/amd64/kubelet'), 'utf8')).toBe(standInBody(KUBELET_PATH));
    // upstream paths are kept below the mirror base URL
    expect(server.requests).toContain(`GET ${KUBELET_PATH}`);
    expect(server.requests).toContain('GET /github.com/etcd-io/etcd/releases/download/v3.6.5/etcd-v3.6.5-linux-amd64.tar.gz');

    const pki = join(work, 'pki');
    for (const cert of ['etcd-localhost.crt', 'etcd-client.crt', 'image_registry.crt', 'image-registry-client.crt']) {
      expect(execFileSync('openssl', ['verify', '-CAfile', join(pki, 'root.crt'), join(pki, cert)], { encoding: 'utf8' })).toContain(': OK');
    }
    const etcdCert = execFileSync('openssl', ['x509', '-in', join(pki, 'etcd-localhost.crt'), '-noout', '-text'], { encoding: 'utf8' });
    expect(etcdCert).toMatch(/DNS:localhost/);
    expect(etcdCert).toMatch(/IP Address:127\.0\.0\.1/);

    // second run: everything present and valid, nothing changes, no download
    const before = server.requests.length;
    const second = await runInit(cfg, work);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/localhost\s*:\s*ok=\d+\s+changed=0\s/);
    expect(server.requests.length).toBe(before);
  }, 120_000);

  test('a wrong checksum fails the run with the URL and both sums, and leaves no file behind', async () => {
    const work = join(dir, 'work');
    const wrong = 'a'.repeat(64);
    const cfg = config(dir, 'config.yaml', `mirror: ${server.url}\nimages: {enabled: false}\nchecksums:\n  kubectl: {v1.34.3: {amd64: "${wrong}"}}`);
    const run = await runInit(cfg, work);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`${server.url}${KUBECTL_PATH}`);
    expect(run.stdout).toMatch(new RegExp(`sha256[^\\n]*${wrong}|${wrong}[^\\n]*sha256`));
    expect(run.stdout).toContain(sha256(standInBody(KUBECTL_PATH)));
    const left = walk(join(work, 'kubekey')).filter((f) => f.startsWith('kubectl/'));
    expect(left).toEqual([]);
  });

  test('artifact export writes one bundle with a manifest; create from it works with the mirror stopped', async () => {
    const work = join(dir, 'export');
    const bundle = join(dir, 'bundle.tgz');
    const cfg = config(dir, 'config.yaml', `mirror: ${server.url}\nimages: {enabled: false}\narch: [amd64, arm64]`);
    const exported = await runKplay(['artifact', 'export', '-c', cfg, '-o', bundle, '--work-dir', work, '--no-color']);
    // exported without images: said loudly, and written into the manifest
    expect(exported.stderr).toContain('WARNING: this bundle has NO container images');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/artifact: wrote .*bundle\.tgz \(\d+ files/);

    const listing = execFileSync('tar', ['-tzf', bundle], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('manifest.json');
    expect(listing).toContain('SHA256SUMS');
    expect(listing).toContain('etcd/v3.6.5/arm64/etcd.tar.gz');
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', bundle, 'manifest.json'], { encoding: 'utf8' })) as { images: boolean; files: { path: string; sha256: string; version?: string; arch?: string; component?: string }[] };
    expect(manifest.images).toBe(false);
    const kubelet = manifest.files.find((f) => f.path === 'kubelet/v1.34.3/arm64/kubelet');
    expect(kubelet).toEqual(expect.objectContaining({ component: 'kubelet', version: 'v1.34.3', arch: 'arm64', sha256: sha256(standInBody('/dl.k8s.io/release/v1.34.3/bin/linux/arm64/kubelet')) }));
    // no certificates in a bundle: they belong to one cluster
    expect(listing.some((f) => f.includes('pki/') || f.endsWith('.key'))).toBe(false);

    await server.close();
    const requestsBefore = server.requests.length;
    // the nodes pull images from a registry of the site: a bundle without images is enough
    const siteRegistry = '  kubernetes:\n    image_repository: registry.site.internal\n';
    const offline = config(dir, 'offline.yaml', `mirror: ${server.url}\nimages: {enabled: false}\nartifact_file: ${bundle}`);
    writeFileSync(offline, `${readFileSync(offline, 'utf8')}${siteRegistry}`);
    const siteWork = join(dir, 'site');
    const check = await runInit(offline, siteWork, ['--check']);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(existsSync(join(siteWork, 'kubekey'))).toBe(false);

    // the same through the cluster command: -a sets download.artifact_file for init
    const createCfg = config(dir, 'create.yaml', `images: {enabled: false}`);
    // (a shared CI disk is slower than etcd wants; that precheck is not what this test is about,
    // so it gets a short fio run and a threshold any disk meets)
    writeFileSync(
      createCfg,
      `${readFileSync(createCfg, 'utf8')}  work_dir: ${join(dir, 'create-work')}\n  cluster_require:\n    etcd_disk_fio_size: 256k\n    etcd_disk_fio_max_seconds: 5\n    etcd_disk_wal_fsync_p99_ms: 100000\n`,
    );
    // nodes that would pull registry.k8s.io from the network: the check fails and says why
    const noImages = await runKplay(['create', 'cluster', '--check', '-a', bundle, '-c', createCfg, '--workdir', join(dir, 'create-journal'), '--no-color']);
    expect(noImages.code).toBe(2);
    expect(noImages.stdout).toContain('has no container images (it was exported with download.images.enabled: false');
    writeFileSync(createCfg, `${readFileSync(createCfg, 'utf8')}${siteRegistry}`);
    const create = await runKplay(['create', 'cluster', '--check', '-a', bundle, '-c', createCfg, '--workdir', join(dir, 'create-journal'), '--no-color']);
    expect(create.stdout).toMatch(/Every needed artifact is in the offline bundle/);
    if (create.code !== 0) process.stdout.write(create.stdout.split('\n').filter((l) => /fatal|FAILED|TASK|PLAY \[/.test(l)).join('\n'));
    expect(create.code).toBe(0);
    expect(existsSync(join(dir, 'create-work', 'kubekey'))).toBe(false);

    const real = await runInit(offline, siteWork);
    expect(real.code).toBe(0);
    expect(readFileSync(join(siteWork, 'kubekey/kubelet/v1.34.3/amd64/kubelet'), 'utf8')).toBe(standInBody(KUBELET_PATH));
    expect(server.requests.length).toBe(requestsBefore);
  }, 120_000);
});
