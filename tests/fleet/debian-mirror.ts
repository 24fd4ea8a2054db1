/**
 * A download mirror for the real-install tests: the release archives the cluster config names,
 * repackaged at test time from the Debian packages installed on this machine (etcd-server,
 * etcd-client, containerd, runc, containernetworking-plugins), laid out as
 * `<mirror>/<upstream host>/<upstream path>` (docs/create-cluster-install.md, Mirrors) and served
 * by a static HTTP server on loopback. Versions are the Debian packages' own, so a config that
 * uses them installs exactly what is served.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';

export interface DebianVersions {
  readonly etcd: string;
  readonly containerd: string;
  readonly runc: string;
  readonly cniPlugins: string;
}

export interface DebianMirror {
  readonly url: string;
  readonly versions: DebianVersions;
  /** Paths requested so far (without the leading slash). */
  readonly requested: readonly string[];
  /** Serves one more file (path relative to the mirror root, e.g. `dl.k8s.io/release/…`). */
  addFile(path: string, content: string | Buffer): void;
  /** Serves a .tar.gz of the given members (name → content) at `path`. */
  addTarGz(path: string, members: Readonly<Record<string, string>>): void;
  stop(): Promise<void>;
}

const SOURCES = {
  etcd: ['/usr/bin/etcd', '/usr/bin/etcdctl'],
  containerd: ['/usr/bin/containerd', '/usr/bin/containerd-shim-runc-v2', '/usr/bin/ctr'],
  runc: '/usr/sbin/runc',
  cni: '/usr/lib/cni',
};

/** Why the mirror cannot be built here (a Debian package missing), or null. */
export function debianMirrorUnavailableReason(): string | null {
  for (const path of [...SOURCES.etcd, ...SOURCES.containerd, SOURCES.runc, join(SOURCES.cni, 'bridge')]) {
    if (!existsSync(path)) return `${path} is missing (apt-get install etcd-server etcd-client containerd runc containernetworking-plugins)`;
  }
  return null;
}

/** Upstream version of a Debian package: "1.6.20~ds1-1+deb12u3" → "1.6.20". */
function packageVersion(name: string): string {
  const raw = execFileSync('dpkg-query', ['-W', '-f', '${Version}', name], { encoding: 'utf8' });
  const version = /^(?:\d+:)?(\d+\.\d+\.\d+)/.exec(raw)?.[1];
  if (!version) throw new Error(`cannot read the version of ${name} from "${raw}"`);
  return version;
}

export function debianVersions(): DebianVersions {
  return {
    etcd: `v${packageVersion('etcd-server')}`,
    containerd: `v${packageVersion('containerd')}`,
    runc: `v${packageVersion('runc')}`,
    cniPlugins: `v${packageVersion('containernetworking-plugins')}`,
  };
}

function tarGz(archive: string, stagingDir: string, members: readonly string[]): void {
  mkdirSync(join(archive, '..'), { recursive: true });
  execFileSync('tar', ['-czf', archive, '--owner=0', '--group=0', '-C', stagingDir, ...members]);
}

function stage(dir: string, files: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const file of files) copyFileSync(file, join(dir, file.split('/').pop() as string));
}

/** Builds the tree for amd64 (the fleet's architecture) with the upstream archive layouts. */
function buildTree(root: string, versions: DebianVersions, arch: string): void {
  const staging = join(root, '.staging');
  const github = join(root, 'github.com');

  // etcd-vX-linux-ARCH/{etcd,etcdctl}: etcd 3.4 ships no etcdutl.
  const etcdName = `etcd-${versions.etcd}-linux-${arch}`;
  stage(join(staging, etcdName), SOURCES.etcd);
  tarGz(join(github, 'etcd-io/etcd/releases/download', versions.etcd, `${etcdName}.tar.gz`), staging, [etcdName]);

  // containerd-X-linux-ARCH.tar.gz: bin/…
  stage(join(staging, 'containerd/bin'), SOURCES.containerd);
  tarGz(
    join(github, 'containerd/containerd/releases/download', versions.containerd, `containerd-${versions.containerd.slice(1)}-linux-${arch}.tar.gz`),
    join(staging, 'containerd'),
    ['bin'],
  );

  // runc.ARCH: the bare binary.
  const runcDir = join(github, 'opencontainers/runc/releases/download', versions.runc);
  mkdirSync(runcDir, { recursive: true });
  copyFileSync(SOURCES.runc, join(runcDir, `runc.${arch}`));

  // cni-plugins-linux-ARCH-vX.tgz: the plugins at the archive's top level.
  tarGz(
    join(github, 'containernetworking/plugins/releases/download', versions.cniPlugins, `cni-plugins-linux-${arch}-${versions.cniPlugins}.tgz`),
    SOURCES.cni,
    ['.'],
  );
  rmSync(staging, { recursive: true, force: true });
}

export async function startDebianMirror(): Promise<DebianMirror> {
  const reason = debianMirrorUnavailableReason();
  if (reason) throw new Error(`cannot build the Debian mirror: ${reason}`);
  const root = mkdtempSync(join(tmpdir(), 'kplay-debian-mirror-'));
  // Also gone when the test process ends without calling stop() (a failed or interrupted run).
  const removeRoot = (): void => rmSync(root, { recursive: true, force: true });
  process.once('exit', removeRoot);
  const versions = debianVersions();
  buildTree(root, versions, 'amd64');
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^\/+/, '');
    requested.push(path);
    const file = join(root, path);
    if (path.startsWith('..') || path.startsWith('.staging') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(statSync(file).size) });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    versions,
    requested,
    addFile(path, content) {
      const file = join(root, normalize(path).replace(/^(\.\.\/)+/, ''));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content, { mode: 0o755 });
    },
    addTarGz(path, members) {
      const staging = mkdtempSync(join(tmpdir(), 'kplay-mirror-staging-'));
      for (const [name, content] of Object.entries(members)) {
        mkdirSync(dirname(join(staging, name)), { recursive: true });
        writeFileSync(join(staging, name), content, { mode: 0o755 });
      }
      tarGz(join(root, path), staging, Object.keys(members));
      rmSync(staging, { recursive: true, force: true });
    },
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      process.removeListener('exit', removeRoot);
      removeRoot();
    },
  };
}
