/**
 * The configuration the install roles write is real: kubeadm configs parse as the kinds
 * kubeadm expects, Debian's containerd accepts config.toml, and a 3-member etcd cluster started
 * from the rendered etcd.env and init's certificates is healthy over TLS.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runKplay } from '../../helpers/cli';
import { freeLoopbackPort } from '../../helpers/ports';

const root = resolve(__dirname, '../../..');
const renderPlaybook = join(__dirname, 'render', 'playbooks', 'render.yaml');
const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;


function writeInventory(dir: string, hosts: Record<string, string>, extra: (h: string) => string = () => ''): string {
  const file = join(dir, 'inventory.yaml');
  const lines = Object.entries(hosts).map(([h, ip]) => `    ${h}:\n      connector: { type: local }\n      internal_ipv4: ${ip}\n${extra(h)}`);
  writeFileSync(
    file,
    `apiVersion: kubekey.kubesphere.io/v1
kind: Inventory
spec:
  hosts:
${lines.join('')}
  groups:
    k8s_cluster: { groups: [kube_control_plane, kube_worker] }
    kube_control_plane: { hosts: [cp1, cp2] }
    kube_worker: { hosts: [w1] }
    etcd: { hosts: [cp1, cp2, w1] }
`,
  );
  return file;
}

function writeConfig(dir: string, body: string): string {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, `apiVersion: kubekey.kubesphere.io/v1\nkind: Config\nspec:\n${body}`);
  return file;
}

/** Debian's containerd parses the file and dumps the merged configuration. */
function containerdAccepts(file: string): void {
  if (!has('containerd')) {
    // skip reason: needs Debian's containerd (apt-get install -y containerd)
    console.warn('containerd not installed: config.toml not checked');
    return;
  }
  const dumped = execFileSync('containerd', ['--config', file, 'config', 'dump'], { encoding: 'utf8' });
  expect(dumped).toContain('sandbox_image = "registry.k8s.io/pause:3.10.1"');
  expect(dumped).toMatch(/SystemdCgroup = true/);
  expect(dumped).toContain('config_path = "/etc/containerd/certs.d"');
  // Registries live in certs.d/<host>/hosts.toml: containerd's CRI plugin refuses to load when
  // config.toml sets mirrors together with config_path ("config dump" does not check that).
  expect(readFileSync(file, 'utf8')).not.toContain('registry.mirrors');
  const hostsDir = join(file, '..', 'certs.d');
  expect(readFileSync(join(hostsDir, '10.0.0.9:5000', 'hosts.toml'), 'utf8')).toBe(
    '# Rendered by kplay (install/cri): how containerd reaches 10.0.0.9:5000.\nserver = "http://10.0.0.9:5000"\n\n[host."http://10.0.0.9:5000"]\n  capabilities = ["pull", "resolve", "push"]\n  skip_verify = true\n',
  );
  expect(readFileSync(join(hostsDir, 'docker.io', 'hosts.toml'), 'utf8')).toBe(
    '# Rendered by kplay (install/cri): how containerd reaches docker.io.\nserver = "https://registry-1.docker.io"\n\n[host."https://mirror.example.test"]\n  capabilities = ["pull", "resolve"]\n',
  );
  // a broken file is refused, so the check above means something
  const broken = `${file}.broken`;
  writeFileSync(broken, 'version = 2\n[plugins\n');
  expect(spawnSync('containerd', ['--config', broken, 'config', 'dump']).status).not.toBe(0);
}

describe('rendered install configuration', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-render-'));
  });
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function render(inventory: string, config: string, withCerts = false): Promise<void> {
    const work = join(dir, 'work');
    const common = ['-i', inventory, '-c', config, '-e', `work_dir=${work}`, '--workdir', join(dir, 'journal'), '--no-color'];
    if (withCerts) {
      const certs = await runKplay(['run', join(root, 'playbooks', 'artifact_export.yaml'), ...common, '-e', '{"init_export": false}', '--tags', 'certs']);
      expect(certs.stderr).toBe('');
      expect(certs.code).toBe(0);
    }
    const out = await runKplay(['run', renderPlaybook, ...common, '-e', `kplay_root=${root}`, '-e', `out_dir=${join(dir, 'out')}`]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
  }

  const hosts = { cp1: '127.0.0.2', cp2: '127.0.0.3', w1: '127.0.0.4', localhost: '127.0.0.1' };
  const docs = (file: string) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Record<string, unknown> & { kind: string; apiVersion: string };
  });

  test('kubeadm init/join configs are the expected kinds with the cluster settings; containerd accepts config.toml', async () => {
    await render(writeInventory(dir, hosts), writeConfig(dir, '  kubernetes:\n    kube_version: v1.34.3\n  cni:\n    pod_cidr: 10.233.64.0/18\n    service_cidr: 10.233.0.0/18\n  cri:\n    registry:\n      insecure_registries: ["10.0.0.9:5000"]\n'));
    const init = docs(join(dir, 'out', 'cp1', 'kubeadm-init.yaml'));
    expect(init.map((d) => d.kind)).toEqual(['InitConfiguration', 'ClusterConfiguration', 'KubeletConfiguration', 'KubeProxyConfiguration']);
    expect(init[0].apiVersion).toBe('kubeadm.k8s.io/v1beta4');
    expect(init[0]).toMatchObject({ localAPIEndpoint: { advertiseAddress: '127.0.0.2', bindPort: 6443 }, nodeRegistration: { name: 'cp1', criSocket: 'unix:///run/containerd/containerd.sock', kubeletExtraArgs: [{ name: 'node-ip', value: '127.0.0.2' }] } });
    expect(init[1]).toMatchObject({
      kubernetesVersion: 'v1.34.3',
      controlPlaneEndpoint: 'lb.kubesphere.local:6443',
      networking: { podSubnet: '10.233.64.0/18', serviceSubnet: '10.233.0.0/18', dnsDomain: 'cluster.local' },
      etcd: { external: { endpoints: ['https://127.0.0.2:2379', 'https://127.0.0.3:2379', 'https://127.0.0.4:2379'], caFile: '/etc/kubernetes/pki/etcd/ca.crt' } },
      controllerManager: { extraArgs: [{ name: 'cluster-signing-duration', value: '87600h' }] },
    });
    expect((init[1].apiServer as { certSANs: string[] }).certSANs).toEqual(expect.arrayContaining(['lb.kubesphere.local', '127.0.0.2', '127.0.0.3', 'cp2']));
    expect(init[2]).toMatchObject({ apiVersion: 'kubelet.config.k8s.io/v1beta1', cgroupDriver: 'systemd', clusterDNS: ['10.233.0.3'], maxPods: 110 });
    expect(init[3]).toMatchObject({ mode: 'ipvs' });

    const cpJoin = docs(join(dir, 'out', 'cp2', 'kubeadm-join.yaml'));
    expect(cpJoin.map((d) => d.kind)).toEqual(['JoinConfiguration']);
    expect(cpJoin[0]).toMatchObject({ discovery: { bootstrapToken: { apiServerEndpoint: 'lb.kubesphere.local:6443', token: 'abcdef.0123456789abcdef' } }, controlPlane: { localAPIEndpoint: { advertiseAddress: '127.0.0.3' } } });
    const workerJoin = docs(join(dir, 'out', 'w1', 'kubeadm-join.yaml'));
    expect(workerJoin[0].kind).toBe('JoinConfiguration');
    expect(workerJoin[0].controlPlane).toBeUndefined();
    expect(existsSync(join(dir, 'out', 'cp2', 'kubeadm-init.yaml'))).toBe(false);
    containerdAccepts(join(dir, 'out', 'w1', 'config.toml'));
  }, 120_000);

  test('kubeadm v1beta3 for Kubernetes before v1.31, with map-style extra args', async () => {
    // (one more render of the same templates with another version)
    await render(writeInventory(dir, hosts), writeConfig(dir, '  kubernetes:\n    kube_version: v1.30.4\n'));
    const init = docs(join(dir, 'out', 'cp1', 'kubeadm-init.yaml'));
    expect(init[0].apiVersion).toBe('kubeadm.k8s.io/v1beta3');
    expect(init[0]).toMatchObject({ nodeRegistration: { kubeletExtraArgs: { 'node-ip': '127.0.0.2' } } });
    expect(init[1]).toMatchObject({ controllerManager: { extraArgs: { 'cluster-signing-duration': '87600h' } } });
  }, 120_000);

  test('with a private registry the nodes pull every image from it, CoreDNS where the image push puts it', async () => {
    await render(writeInventory(dir, hosts), writeConfig(dir, '  image_registry:\n    auth:\n      registry: 10.0.0.9:5000\n  kubernetes:\n    image_repository: 10.0.0.9:5000/kubernetes\n'));
    const init = docs(join(dir, 'out', 'cp1', 'kubeadm-init.yaml'));
    expect(init[1]).toMatchObject({ imageRepository: '10.0.0.9:5000/kubernetes', dns: { imageRepository: '10.0.0.9:5000/coredns' } });
  }, 120_000);

  // skip reason: needs Debian's etcd-server and etcd-client (apt-get install -y etcd-server etcd-client)
  (has('etcd') && has('etcdctl') ? test : test.skip)(
    'a 3-member etcd cluster from the rendered settings and init certificates is healthy over TLS',
    async () => {
      const etcdHosts = { cp1: '127.0.0.2', cp2: '127.0.0.3', w1: '127.0.0.4', localhost: '127.0.0.1' };
      const inv = writeInventory(dir, etcdHosts, (h) => (h === 'localhost' ? '' : `      etcd:\n        ssl_dir: ${dir}/ssl-${h}\n        env:\n          data_dir: ${dir}/data-${h}\n`));
      const port = await freeLoopbackPort();
      const peer = await freeLoopbackPort();
      // every member runs on this one machine, so they cannot all also listen on 127.0.0.1
      await render(inv, writeConfig(dir, `  etcd:\n    port: ${port}\n    peer_port: ${peer}\n    listen_localhost: false\n    env:\n      heartbeat_interval: 100\n      election_timeout: 1000\n`), true);
      // Started under another name: the cluster prechecks of suites running beside this one look
      // for a foreign `etcd` process on this machine (pgrep -x etcd) and must not find ours.
      const etcdBin = join(dir, 'kplay-test-etcd');
      symlinkSync(execFileSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' }).trim(), etcdBin);
      for (const h of ['cp1', 'cp2', 'w1']) {
        const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
        for (const line of readFileSync(join(dir, 'out', h, 'etcd.env'), 'utf8').split('\n')) {
          const m = /^(ETCD_[A-Z_]+)=(.*)$/.exec(line);
          if (m) env[m[1]] = m[2];
        }
        expect(env.ETCD_INITIAL_CLUSTER).toBe(`cp1=https://127.0.0.2:${peer},cp2=https://127.0.0.3:${peer},w1=https://127.0.0.4:${peer}`);
        // Debian's etcd 3.4 warns about ETCD_* variables it does not know; none are expected
        const child = spawn(etcdBin, [], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        child.stderr?.resume();
        children.push(child);
      }
      const ssl = join(dir, 'ssl-cp1');
      const endpoints = Object.values(etcdHosts).slice(0, 3).map((ip) => `https://${ip}:${port}`).join(',');
      let health = { status: -1 as number | null, out: '' };
      for (let i = 0; i < 40 && health.status !== 0; i++) {
        await new Promise((r) => setTimeout(r, 500));
        const r = spawnSync('etcdctl', ['--endpoints', endpoints, '--cacert', join(ssl, 'ca.crt'), '--cert', join(ssl, 'server.crt'), '--key', join(ssl, 'server.key'), 'endpoint', 'health'], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' }, timeout: 10000 });
        health = { status: r.status, out: `${r.stdout}${r.stderr}` };
      }
      expect(health.out).toMatch(/127\.0\.0\.2:\d+ is healthy/);
      expect(health.out).toMatch(/127\.0\.0\.3:\d+ is healthy/);
      expect(health.out).toMatch(/127\.0\.0\.4:\d+ is healthy/);
      expect(health.status).toBe(0);
      const members = execFileSync('etcdctl', ['--endpoints', `https://127.0.0.2:${port}`, '--cacert', join(ssl, 'ca.crt'), '--cert', join(ssl, 'server.crt'), '--key', join(ssl, 'server.key'), 'member', 'list'], { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } });
      expect(members.trim().split('\n')).toHaveLength(3);
    },
    120_000,
  );
});
