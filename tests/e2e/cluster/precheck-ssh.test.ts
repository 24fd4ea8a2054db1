import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithSshd } from '../../harness/ssh-connectors';
import { startSshd, type SshdHarness } from '../../harness/sshd';
import { runKplay } from '../../helpers/cli';
import { FAST_FIO, journalArgs, writeConfig, writeInventory } from './ssh-inventory';

interface ReportTask {
  task: string;
  host: string;
  status: string;
  msg?: string;
}

const fioInstalled = ['/usr/bin/fio', '/usr/local/bin/fio'].some((p) => existsSync(p));

describeWithSshd('kplay precheck over SSH on three hosts', () => {
  let sshd: SshdHarness;
  let dir: string;
  beforeAll(async () => {
    sshd = await startSshd({ hosts: 3 });
    dir = mkdtempSync(join(tmpdir(), 'kplay-precheck-'));
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const tasks = (): ReportTask[] => (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { tasks: ReportTask[] }).tasks;
  /** The message of the failed check `name` on `host` ("ignored": the precheck goes on after it). */
  const failure = (name: string, host: string): string => {
    const found = tasks().filter((t) => t.task.includes(name) && t.host === host && (t.status === 'ignored' || t.status === 'failed'));
    expect(found.map((t) => `${t.host}: ${t.task}`)).toEqual([`${host}: ${found[0]?.task ?? name}`]);
    return found[0].msg ?? '';
  };
  const failedChecks = () => tasks().filter((t) => t.status === 'ignored').map((t) => `${t.host}: ${t.task}`).sort();

  test('a good inventory and config pass every check', async () => {
    const inventory = writeInventory(join(dir, 'good-inventory.yaml'), sshd, [{ name: 'node1', index: 0 }, { name: 'node2', index: 1 }, { name: 'node3', index: 2 }], {
      kube_control_plane: ['node1'],
      kube_worker: ['node2', 'node3'],
      etcd: ['node1'],
      nfs: ['node3'],
    });
    const config = writeConfig(join(dir, 'good-config.yaml'), { cluster_require: FAST_FIO, storage_class: { nfs: { enabled: true } } });
    const result = await runKplay(['precheck', '-i', inventory, '-c', config, ...journalArgs(dir, sshd)]);
    if (result.code !== 0) console.log(result.stdout, result.stderr);
    expect(failedChecks()).toEqual([]);
    expect(result.code).toBe(0);
    const checks = tasks().filter((t) => t.task.startsWith('OS |') && t.status === 'ok').map((t) => t.host);
    expect(new Set(checks)).toEqual(new Set(['node1', 'node2', 'node3']));
    // The run ends with the table: checks × hosts, ✓ with the measured value.
    const table = result.stdout.slice(result.stdout.indexOf('\nPRECHECK ***'));
    expect(table).toMatch(/^check +node1 +node2 +node3 +config \(localhost\)$/m);
    expect(table).toMatch(/^OS \| enough memory +✓ \d+ MiB \(min 1700\) +✓ \d+ MiB \(min 1024\) +✓ \d+ MiB \(min 1024\) +-$/m);
    expect(table).toMatch(/^OS \| kernel is new enough +✓ \S+ \(min 4\.9\.17\) /m);
    expect(table).toMatch(/^Network \| CNI plugin is supported +- +- +- +✓$/m);
    if (fioInstalled) expect(table).toMatch(/^ETCD \| data directory disk is fast enough \(WAL fdatasync p99\) +✓ fdatasync p99 [\d.]+ ms \(max 10000; median of 3\)/m);
    expect(table.trimEnd().endsWith('every check passed')).toBe(true);
  });

  test('bad config values each fail their check with the value, the requirement and the fix', async () => {
    const inventory = writeInventory(join(dir, 'config-inventory.yaml'), sshd, [{ name: 'node1', index: 0 }, { name: 'node2', index: 1 }, { name: 'node3', index: 2 }], {
      kube_control_plane: ['node1'],
      kube_worker: ['node2', 'node3'],
      etcd: ['node1', 'node2'], // even count
      nfs: ['node2', 'node3'], // two NFS servers
      image_registry: ['node3'],
    });
    const config = writeConfig(join(dir, 'config-bad.yaml'), {
      kubernetes: { kube_version: 'v1.19.8' },
      cni: { type: 'weave', pod_cidr: '10.233.64.0/18,fd00:10:233::/112', service_cidr: '10.233.0.0/18,fd00:10:96::/112', ipv6_mask_size: 120 },
      image_registry: { type: 'harbor' },
      cri: { docker_version: '' },
      cluster_require: FAST_FIO,
    });
    const result = await runKplay(['precheck', '-i', inventory, '-c', config, ...journalArgs(dir, sshd)]);
    if (result.code !== 2) console.log(result.stdout, result.stderr);
    expect(result.code).toBe(2);
    expect(failure('CNI plugin is supported', 'localhost')).toMatch(/cni\.type is "weave"; supported: none, calico, .*Fix: set cni\.type/);
    expect(failure('dual stack', 'localhost')).toMatch(/dual stack .* with kubernetes\.kube_version v1\.19\.8: dual stack needs Kubernetes v1\.20\.0 or newer/);
    expect(failure('kube_version is supported', 'localhost')).toContain('kubernetes.kube_version is "v1.19.8"; kplay installs v1.23.0 or newer');
    expect(failure('deployment type and group size', 'localhost')).toMatch(/2 host\(s\) in the etcd group \(node1, node2\)\. An external etcd needs an odd number/);
    expect(failure('at most one NFS server', 'localhost')).toMatch(/the nfs group has 2 hosts \(node2, node3\).*Fix: keep one host in the nfs group/);
    expect(failure('docker versions for the registry hosts', 'localhost')).toMatch(/image_registry\.type "harbor" .*cri\.docker_version "",.*Fix: set image_registry\.type, cri\.docker_version/);
    expect(failedChecks()).toEqual([
      'localhost: ETCD | deployment type and group size',
      'localhost: Image registry | type and docker versions for the registry hosts',
      'localhost: Kubernetes | kube_version is supported',
      'localhost: NFS | at most one NFS server',
      'localhost: Network | CNI plugin is supported',
      'localhost: Network | dual stack is IPv4 first, IPv6 second, on Kubernetes v1.20.0 or newer',
    ]);
    // the verdict names every failed check of the host
    expect(result.stdout).toMatch(/precheck failed on localhost: 6 check\(s\) failed \(etcd_deployment, image_registry_software, kubernetes_version, network_cni, network_dual_stack, nfs_servers\)/);
  });

  test('bad hosts each fail their check naming the host and what was found', async () => {
    const node2Bin = join(dir, 'node2-bin');
    mkdirSync(node2Bin, { recursive: true });
    // An installed kubelet of another version, as the probe would find it.
    writeFileSync(join(node2Bin, 'kubelet'), '#!/bin/sh\necho "Kubernetes v1.30.1"\n');
    chmodSync(join(node2Bin, 'kubelet'), 0o755);
    const inventory = writeInventory(
      join(dir, 'hosts-inventory.yaml'),
      sshd,
      [
        { name: 'Node1', index: 0 }, // uppercase name
        { name: 'node2', index: 1, vars: { bin_dir: node2Bin, internal_ipv4: '203.0.113.7' } },
        { name: 'node3', index: 2, withoutInternalIp: true },
      ],
      { kube_control_plane: ['Node1'], kube_worker: ['node2', 'node3'], etcd: ['Node1'] },
    );
    const config = writeConfig(join(dir, 'hosts-config.yaml'), {
      kubernetes: { control_plane_endpoint: { type: 'kube-vip', kube_vip: { address: '127.0.0.9' } } },
      cni: { service_cidr: '10.233.0.0/33' },
      cluster_require: { ...FAST_FIO, minimal_node_memory_mb: 100_000_000, min_kernel_version: '99.0.0', ...(fioInstalled ? { etcd_disk_wal_fsync_p99_ms: 0.001 } : {}) },
    });
    const result = await runKplay(['precheck', '-i', inventory, '-c', config, ...journalArgs(dir, sshd)]);
    if (result.code !== 2) console.log(result.stdout, result.stderr);
    expect(result.code).toBe(2);
    expect(failure('valid lowercase DNS name', 'Node1')).toMatch(/^Node1: host name "Node1" \(the inventory name; .*\) is not a valid Kubernetes node name.*Fix: rename the host in the inventory \(e\.g\. "node1"\)/);
    expect(failure('enough memory', 'node2')).toMatch(/^node2: \d+ MiB of memory, but a node needs cluster_require\.minimal_node_memory_mb = 100000000 MiB/);
    expect(failure('enough memory', 'node3')).toMatch(/^node3: \d+ MiB/);
    expect(failure('kernel is new enough', 'node3')).toMatch(/^node3: kernel \S+ is older than cluster_require\.min_kernel_version 99\.0\.0/);
    expect(failure('internal_ipv4 or internal_ipv6', 'node3')).toContain('node3: neither internal_ipv4 nor internal_ipv6 is set');
    expect(failure('internal addresses are configured on it', 'node2')).toContain('node2: address 203.0.113.7 (internal_ipv4/internal_ipv6) is not configured on any network interface');
    expect(failure('kube-vip address is not in use', 'Node1')).toContain('Node1: the kube-vip address 127.0.0.9 is already in use (assigned to this host)');
    expect(failure('installed Kubernetes matches', 'node2')).toContain('node2: Kubernetes v1.30.1 is already installed');
    expect(failure('CIDRs are well formed', 'localhost')).toMatch(/10\.233\.0\.0\/33 is not a valid CIDR/);
    if (fioInstalled) {
      expect(failure('disk is fast enough', 'Node1')).toMatch(/^Node1: fdatasync latency p99 in \S+ is [\d.]+ ms \(the median of 3 runs\), above cluster_require\.etcd_disk_wal_fsync_p99_ms = 0.001 ms/);
    } else {
      expect(result.stdout).toContain('etcd disk latency not measured (fio is not installed)');
    }
    const table = result.stdout.slice(result.stdout.indexOf('\nPRECHECK ***'));
    expect(table).toMatch(/^OS \| enough memory +✓ \d+ MiB \(min 1700\) +✗ +✗ +-$/m);
    expect(table).toMatch(/^\d+ checks failed \(✗\); the reasons are above$/m);
    // every host stops with a verdict; nothing was checked twice or skipped silently
    for (const host of ['Node1', 'node2', 'node3', 'localhost']) expect(result.stdout).toContain(`precheck failed on ${host}:`);
  });

  test('--start-at-task resumes at a check: the checks before it do not run, the ones after do', async () => {
    const inventory = writeInventory(join(dir, 'start-inventory.yaml'), sshd, [{ name: 'node1', index: 0 }], {
      kube_control_plane: ['node1'],
      kube_worker: ['node1'],
      etcd: ['node1'],
    });
    const config = writeConfig(join(dir, 'start-config.yaml'), { cluster_require: FAST_FIO });
    const start = 'precheck/cri : CRI | container manager and version are supported';
    const result = await runKplay(['precheck', '-i', inventory, '-c', config, '--start-at-task', start, ...journalArgs(dir, sshd)]);
    if (result.code !== 0) console.log(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    const ran = new Set(tasks().filter((t) => t.host === 'node1').map((t) => t.task));
    expect(ran.has('OS | distribution is supported')).toBe(false);
    expect(ran.has('ETCD | deployment type and group size')).toBe(false);
    expect(ran.has('CRI | container manager and version are supported')).toBe(true);
    expect(ran.has('NFS | at most one NFS server')).toBe(true);
  });

  test('--start-at-task naming no task: precheck and create cluster refuse before anything runs', async () => {
    for (const command of [['precheck'], ['create', 'cluster', '--check']]) {
      const result = await runKplay([...command, '--start-at-task', 'No | such check', '--workdir', join(dir, 'journal-none')]);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('--start-at-task "No | such check" matches no task of');
      expect(result.stdout).not.toContain('TASK');
    }
  });
});
