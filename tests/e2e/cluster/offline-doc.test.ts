/**
 * docs/offline.md, run as written: every ```sh block of the document, in order, in a real bash,
 * against three loopback SSH nodes and without internet. What the test provides:
 *   - the site values of step 0 (the block starting "# Your site"): loopback servers it starts —
 *     the mirror (a static HTTP server over the directory step 2A fills), the image mirror (a
 *     docker-registry holding the images `kplay artifact list` names) and the registry the nodes
 *     would pull from (an empty docker-registry), the sshd nodes, user, port and key;
 *   - `kplay` on PATH: this clone's CLI; `create cluster` gets a short etcd disk probe with a
 *     threshold any shared CI disk meets (FAST_FIO, as every cluster test here);
 *   - the internet, for the blocks starting "# on a machine with internet": curl goes through a
 *     local proxy (https_proxy, CURL_CA_BUNDLE) that serves every URL itself, and kplay's
 *     downloads are sent to local stand-ins (download.mirror, download.images.registry);
 *   - the one step the document describes without a command (copying the images into the image
 *     mirror, e.g. with skopeo).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, resolve } from 'node:path';
import { stringify } from 'yaml';
import { describeWithSshd } from '../../harness/ssh-connectors';
import { startSshd, type SshdHarness } from '../../harness/sshd';
import { runKplay } from '../../helpers/cli';
import { type Registry, registryAvailable, startRegistry } from '../../integration/modules/registry-harness';
import { seedImages } from './image-source';
import { type InternetStandIn, startInternetStandIn } from './internet-stand-in';
import { FAST_FIO } from './ssh-inventory';
import { standInBody, startStandInServer, type StandInServer } from './stand-in-server';

const root = resolve(__dirname, '../../..');
const SITE_BLOCK = '# Your site (change these values)';
const INTERNET_BLOCK = '# on a machine with internet';

/** The ```sh blocks of a markdown text, in order. */
export function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolveRun) => {
    execFile('bash', ['--norc', '--noprofile', '-e', '-o', 'pipefail', '-c', script], { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** A static HTTP server over a directory: the site's mirror. */
async function serveDirectory(dir: string): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    requests.push(`${req.method} ${path}`);
    const file = join(dir, normalize(path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const describeOffline = registryAvailable ? describeWithSshd : describe.skip;

// skip reason: needs sshd (tests/harness/sshd.ts) and /usr/bin/docker-registry
describeOffline('docs/offline.md as written', () => {
  let sshd: SshdHarness;
  let dir: string;
  let site: string;
  let mirrorDir: string;
  let mirror: Awaited<ReturnType<typeof serveDirectory>>;
  let registry: Registry;
  let imageMirror: Registry;
  let internet: InternetStandIn;
  let upstream: StandInServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-offline-doc-'));
    site = join(dir, 'controller');
    mirrorDir = join(dir, 'mirror-root');
    const home = join(dir, 'home');
    const bin = join(dir, 'bin');
    for (const d of [site, mirrorDir, home, bin]) mkdirSync(d, { recursive: true });
    [sshd, mirror, registry, imageMirror, internet, upstream] = await Promise.all([
      startSshd({ hosts: 3 }),
      serveDirectory(mirrorDir),
      startRegistry(),
      startRegistry(),
      startInternetStandIn(join(dir, 'internet-ca.pem')),
      startStandInServer(),
    ]);
    writeFileSync(join(dir, 'fio.yaml'), stringify({ cluster_require: FAST_FIO }));
    // kplay from this clone; create cluster gets the test machine's disk settings
    writeFileSync(
      join(bin, 'kplay'),
      [
        '#!/bin/sh',
        'if [ "$1 $2" = "create cluster" ]; then set -- "$@" -e "@$KPLAY_TEST_FIO"; fi',
        'if [ "$1 $2" = "artifact export" ] && [ -n "$KPLAY_TEST_INTERNET" ]; then set -- "$@" -e "@$KPLAY_TEST_INTERNET"; fi',
        `exec node -r ts-node/register/transpile-only ${JSON.stringify(join(root, 'cli', 'main.ts'))} "$@"`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    env = {
      PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: home,
      NODE_PATH: join(root, 'node_modules'),
      TS_NODE_PROJECT: join(root, 'tsconfig.json'),
      KPLAY_TEST_FIO: join(dir, 'fio.yaml'),
    };
  }, 120_000);

  afterAll(async () => {
    await Promise.all([sshd?.stop(), new Promise((r) => mirror?.server.close(r)), registry?.stop(), imageMirror?.stop(), internet?.close(), upstream?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('config, inventory, doctor and artifact list; a mirror filled from the list; the bundle; create cluster --check both ways', async () => {
    const blocks = shellBlocks(readFileSync(join(root, 'docs', 'offline.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    expect(blocks[0].split('\n')[0]).toBe(SITE_BLOCK);
    const settings = [
      `MIRROR=${mirror.url}`,
      `IMAGE_MIRROR=${imageMirror.host}`,
      `REGISTRY=${registry.host}`,
      `NODE1=${sshd.hosts[0]} NODE2=${sshd.hosts[1]} NODE3=${sshd.hosts[2]}`,
      `SSH_USER=${sshd.user} SSH_PORT=${sshd.port} SSH_KEY=${sshd.clientKeyPath}`,
    ].join('\n');
    const outputs: string[] = [];
    let seeded = false;
    for (const [index, block] of blocks.slice(1).entries()) {
      const internetBlock = block.startsWith(INTERNET_BLOCK);
      let cwd = site;
      const blockEnv: NodeJS.ProcessEnv = { ...env };
      if (internetBlock) {
        blockEnv.https_proxy = internet.proxyUrl;
        blockEnv.HTTPS_PROXY = internet.proxyUrl;
        blockEnv.CURL_CA_BUNDLE = internet.caFile;
        const internetVars = join(dir, 'internet.yaml');
        writeFileSync(internetVars, stringify({ download: { mirror: upstream.url, images: { registry: imageMirror.host } } }));
        blockEnv.KPLAY_TEST_INTERNET = internetVars;
        // another machine: the config travels there with the operator
        cwd = block.includes('in the directory the mirror serves') ? mirrorDir : join(dir, 'machine-with-internet');
        mkdirSync(cwd, { recursive: true });
        copyFileSync(join(site, 'config.yaml'), join(cwd, 'config.yaml'));
      }
      if (!seeded && (block.includes('download:') || block.includes('artifact export'))) {
        // the step without a command: the images of the list go into the image mirror (which
        // also stands in for the upstream registries of the export)
        const listed = await runKplay(['artifact', 'list', '-c', join(site, 'config.yaml'), '--output', 'json']);
        await seedImages(imageMirror, (JSON.parse(listed.stdout) as { images: string[] }).images);
        seeded = true;
      }
      const ran = await bash(`${settings}\n${block}`, cwd, blockEnv);
      outputs.push(ran.stdout);
      // and the bundle travels back to the controller
      if (internetBlock && existsSync(join(cwd, 'kubekey-artifact.tgz'))) copyFileSync(join(cwd, 'kubekey-artifact.tgz'), join(site, 'kubekey-artifact.tgz'));
      if (ran.code !== 0) process.stdout.write(`block ${index + 1} failed:\n${block}\n${ran.stdout.split('\n').filter((l) => /fatal|FAILED|failed|✗|error/i.test(l)).join('\n')}\n${ran.stderr}`);
      expect({ block: index + 1, code: ran.code }).toEqual({ block: index + 1, code: 0 });
    }

    const [setup, fill, mirrorCheck, exported, bundleCheck] = outputs;
    // doctor: every node answered; artifact list: the files and the images
    expect(setup).toContain('3 hosts: 3 ok, 0 unreachable, 0 with failed checks');
    expect(setup).toContain('registry.k8s.io/kube-apiserver:v1.34.3');
    // the mirror holds every listed file under its mirror path, fetched through "the internet"
    const listed = await runKplay(['artifact', 'list', '-c', join(site, 'config.yaml'), '--output', 'json']);
    const artifacts = (JSON.parse(listed.stdout) as { artifacts: { upstream: string; mirror_path: string }[] }).artifacts;
    expect(fill).toBe('');
    for (const a of artifacts) expect(readFileSync(join(mirrorDir, a.mirror_path), 'utf8')).toBe(standInBody(`/${a.mirror_path}`));
    expect(internet.requests).toEqual(expect.arrayContaining(artifacts.map((a) => `GET ${a.upstream}`)));
    // path A: the check reached the mirror and ended clean on every host
    expect(mirror.requests.length).toBeGreaterThan(0);
    for (const host of ['localhost', 'node1', 'node2', 'node3']) expect(mirrorCheck).toMatch(new RegExp(`^${host}\\s*:.*failed=0`, 'm'));
    expect(mirrorCheck).toMatch(new RegExp(`would push the 6 images init pulls into ${registry.host.replace(/\./g, '\\.')}: registry\\.k8s\\.io/kube-apiserver:v1\\.34\\.3`));
    // path B: the bundle carries images; the check names what it would push and pushes nothing
    expect(exported).toMatch(/artifact: wrote .*kubekey-artifact\.tgz/);
    expect(bundleCheck).toMatch(new RegExp(`would push 6 image repositories of \\S*/kubekey-artifact\\.tgz into\\s+${registry.host.replace(/\./g, '\\.')}`));
    for (const host of ['localhost', 'node1', 'node2', 'node3']) expect(bundleCheck).toMatch(new RegExp(`^${host}\\s*:.*failed=0`, 'm'));
    const catalog = (await (await fetch(`${registry.baseUrl}/v2/_catalog`)).json()) as { repositories: string[] };
    expect(catalog.repositories).toEqual([]);
    // nothing was installed or written on the controller by the checks
    expect(existsSync(join(site, 'kubekey'))).toBe(false);
  }, 900_000);
});
