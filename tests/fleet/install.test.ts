/**
 * `kplay create cluster` for real on three fleet hosts (1 control plane + etcd, 2 workers), with
 * every download served by a local mirror of Debian's own binaries. etcd and containerd really
 * install and run; Kubernetes itself stops short (kubernetes.bootstrap: false) because this
 * machine has neither its binaries nor its images. A second run changes nothing and a `--check`
 * after it predicts nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';
import { Fleet, startFleet } from '../harness/fleet/fleet';
import { debianMirrorUnavailableReason, DebianMirror, startDebianMirror } from './debian-mirror';
import { fleetSkipReason } from './fleet-skip';
import { readReport, runArgs, writeFleetConfig, writeFleetInventory } from './cluster-fixtures';

const skip = fleetSkipReason ?? (process.env.CI === 'true' ? null : debianMirrorUnavailableReason());
const describeInstall = skip ? describe.skip : describe;

const ETCDCTL = (address: string): string =>
  `ETCDCTL_API=3 etcdctl --endpoints=https://${address}:2379 --cacert=/etc/ssl/etcd/ssl/ca.crt --cert=/etc/ssl/etcd/ssl/server.crt --key=/etc/ssl/etcd/ssl/server.key`;

describeInstall(`create cluster for real on the fleet${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let fleet: Fleet;
  let mirror: DebianMirror;
  let dir: string;
  let inventory: string;
  let config: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-fleet-install-'));
    [fleet, mirror] = await Promise.all([startFleet({ hosts: 3 }), startDebianMirror()]);
    inventory = writeFleetInventory(join(dir, 'inventory.yaml'), fleet, { kube_control_plane: ['node1'], kube_worker: ['node2', 'node3'], etcd: ['node1'] });
    config = writeFleetConfig(join(dir, 'config.yaml'), join(dir, 'work'), mirror);
  }, 600_000);
  afterAll(async () => {
    await fleet?.stop();
    await mirror?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const create = async (name: string, extra: readonly string[] = []) => {
    const result = await runKplay(['create', 'cluster', '-i', inventory, '-c', config, ...extra, ...runArgs(dir, name, fleet)]);
    if (result.code !== 0) console.log(result.stdout.slice(-20000), result.stderr);
    return { ...result, report: readReport(join(dir, `${name}.json`)) };
  };

  test('a --check on the fresh hosts plans the install without failing', async () => {
    const plan = await create('plan', ['--check']);
    expect(plan.code).toBe(0);
    expect(plan.report.tasks.filter((t) => t.status === 'failed')).toEqual([]);
    // Nothing happened on the hosts.
    for (const host of fleet.hosts) {
      expect((await fleet.exec(host.name, 'test -e /etc/etcd.env || test -e /etc/containerd || test -e /usr/local/bin/containerd')).code).not.toBe(0);
    }
  }, 900_000);

  test('installs etcd and containerd, stops before kubeadm and says why', async () => {
    const first = await create('first');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('kubernetes.bootstrap is false');
    expect(first.report.tasks.filter((t) => t.status === 'failed')).toEqual([]);
    expect(first.report.tasks.some((t) => t.task === 'kubeadm init' && t.status !== 'skipped')).toBe(false);
    expect(mirror.requested.some((path) => path.includes('etcd-io/etcd'))).toBe(true);

    // etcd: a unit from the rendered config, TLS with init's certificates, healthy.
    const etcd = await fleet.exec('node1', `systemctl is-active etcd; systemctl is-enabled etcd; grep -c ^ETCD_ /etc/etcd.env; ${ETCDCTL(fleet.host('node1').address)} endpoint health`);
    expect(etcd.code).toBe(0);
    expect(etcd.stdout).toMatch(/^active\nenabled\n\d+\n/);
    expect(etcd.stdout + etcd.stderr).toMatch(/is healthy/);
    const issuer = await fleet.exec('node1', 'openssl x509 -noout -issuer -in /etc/ssl/etcd/ssl/server.crt 2>/dev/null || head -1 /etc/ssl/etcd/ssl/server.crt');
    expect(issuer.code).toBe(0);
    expect(readFileSync(join(dir, 'work/pki/root.crt'), 'utf8')).toBe((await fleet.exec('node1', 'cat /etc/ssl/etcd/ssl/ca.crt')).stdout);

    // containerd on every node: running from the rendered config, CRI plugin loaded.
    for (const host of fleet.hosts) {
      const containerd = await fleet.exec(host.name, 'systemctl is-active containerd && ctr version && ctr plugins ls');
      expect(containerd.code).toBe(0);
      expect(containerd.stdout).toMatch(/Server:\s*\n\s*Version:/);
      expect(containerd.stdout).toMatch(/io\.containerd\.grpc\.v1\s+cri\s+\S+\s+ok/);
      const files = await fleet.exec(host.name, 'test -f /etc/containerd/config.toml && test -f /etc/containerd/certs.d/docker.io/hosts.toml && test -x /usr/local/bin/runc && test -x /opt/cni/bin/bridge && test -f /etc/systemd/system/kubelet.service && test -f /etc/systemd/system/kubelet.service.d/10-kubeadm.conf && echo files-ok');
      expect(files.stdout.trim()).toBe('files-ok');
      // Not installed when Kubernetes is not brought up, and kubelet is not enabled.
      expect((await fleet.exec(host.name, 'test -e /usr/local/bin/kubeadm || test -e /usr/local/bin/crictl')).code).not.toBe(0);
    }
    expect((await fleet.exec('node1', 'test -f /etc/kubernetes/kubeadm-config.yaml')).code).toBe(0);
    expect((await fleet.exec('node2', 'test -e /etc/kubernetes/kubeadm-config.yaml')).code).not.toBe(0);
  }, 900_000);

  test('a second run changes nothing and a --check after it predicts nothing', async () => {
    const before = await fleet.exec('node1', 'systemctl show etcd -p MainPID --value; systemctl show containerd -p MainPID --value');
    const second = await create('second');
    expect(second.code).toBe(0);
    const changed = second.report.tasks.filter((t) => t.status === 'changed' || t.changed === true);
    expect(changed.map((t) => `${t.host}: ${t.task}`)).toEqual([]);
    // The run really went through the install roles (read-only probes and health checks ran).
    const ran = (report: typeof second.report, task: string, host: string) => report.tasks.some((t) => t.task === task && t.host === host && t.status === 'ok');
    expect(ran(second.report, 'Check that this member is healthy', 'node1')).toBe(true);
    expect(ran(second.report, 'Probe the containerd service', 'node3')).toBe(true);
    const after = await fleet.exec('node1', 'systemctl show etcd -p MainPID --value; systemctl show containerd -p MainPID --value');
    expect(after.stdout).toBe(before.stdout);

    const check = await create('check', ['--check']);
    expect(check.code).toBe(0);
    const predicted = check.report.tasks.filter((t) => ['changed', 'unknown', 'failed'].includes(t.status) || t.changed === true);
    expect(predicted.map((t) => `${t.host}: ${t.task} (${t.status})`)).toEqual([]);
    expect(ran(check.report, 'Check that this member is healthy', 'node1')).toBe(true);
  }, 900_000);

  test('with kubernetes.bootstrap: true and a failing kubeadm init, no worker runs kubeadm join', async () => {
    // Stand-ins for what Debian does not have: kubeadm answers its version and fails everything
    // else, as a kubeadm init that cannot pull images would. They only have to be downloadable.
    const kube = 'dl.k8s.io/release/v1.34.3/bin/linux/amd64';
    mirror.addFile(`${kube}/kubeadm`, '#!/bin/sh\ncase "$1" in version) echo v1.34.3 ;; *) echo "kubeadm stand-in: no Kubernetes images on this machine" >&2; exit 1 ;; esac\n');
    mirror.addFile(`${kube}/kubelet`, '#!/bin/sh\necho "Kubernetes v1.34.3"\n');
    mirror.addFile(`${kube}/kubectl`, '#!/bin/sh\nexit 1\n');
    mirror.addTarGz('get.helm.sh/helm-v3.18.5-linux-amd64.tar.gz', { 'linux-amd64/helm': '#!/bin/sh\nexit 1\n' });
    mirror.addTarGz('github.com/kubernetes-sigs/cri-tools/releases/download/v1.34.0/crictl-v1.34.0-linux-amd64.tar.gz', { crictl: '#!/bin/sh\nexit 1\n' });
    mirror.addFile('github.com/projectcalico/calico/releases/download/v3.31.3/calicoctl-linux-amd64', '#!/bin/sh\nexit 1\n');
    mirror.addFile('github.com/projectcalico/calico/releases/download/v3.31.3/tigera-operator-v3.31.3.tgz', 'not a chart: the CNI play never runs here\n');
    const bootstrapConfig = writeFleetConfig(join(dir, 'config-bootstrap.yaml'), join(dir, 'work'), mirror, { bootstrap: true });
    const result = await runKplay(['create', 'cluster', '-i', inventory, '-c', bootstrapConfig, ...runArgs(dir, 'bootstrap', fleet)]);
    expect(result.code).toBe(2);
    const tasks = readReport(join(dir, 'bootstrap.json')).tasks;
    const failed = tasks.filter((t) => t.status === 'failed').map((t) => `${t.host}: ${t.task}`);
    expect(failed.sort()).toEqual(['node1: kubeadm init', 'node2: Require the join token from the init node', 'node3: Require the join token from the init node']);
    expect(result.stdout).toContain('no join token from node1: kubeadm init did not complete there');
    expect(tasks.filter((t) => t.task === 'kubeadm join' || t.task === 'Render the kubeadm join configuration')).toEqual([]);
    for (const worker of ['node2', 'node3']) {
      expect((await fleet.exec(worker, 'test -e /etc/kubernetes/kubeadm-config.yaml')).code).not.toBe(0);
    }
  }, 900_000);
});
