/** Inventories and configs for the cluster tests on the harness's loopback SSH hosts. */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SshdHarness } from '../../harness/sshd';
import { sessionSetting } from '../../harness/ssh-connectors';

export interface TestNode {
  readonly name: string;
  /** Index into sshd.hosts. */
  readonly index: number;
  /** Variables of the host besides its connector; internal_ipv4 defaults to its address. */
  readonly vars?: Record<string, unknown>;
  readonly withoutInternalIp?: boolean;
}

export interface TestGroups {
  readonly kube_control_plane: readonly string[];
  readonly kube_worker: readonly string[];
  readonly etcd: readonly string[];
  readonly nfs?: readonly string[];
  readonly image_registry?: readonly string[];
}

export function writeInventory(file: string, sshd: SshdHarness, nodes: readonly TestNode[], groups: TestGroups): string {
  const hosts: Record<string, unknown> = {};
  for (const n of nodes) {
    hosts[n.name] = {
      connector: { type: 'ssh', host: sshd.hosts[n.index], port: sshd.port, user: sshd.user, private_key: sshd.clientKeyPath, ...sessionSetting() },
      ...(n.withoutInternalIp ? {} : { internal_ipv4: sshd.hosts[n.index] }),
      ...(n.vars ?? {}),
    };
  }
  const groupDefs: Record<string, unknown> = { k8s_cluster: { groups: ['kube_control_plane', 'kube_worker'] } };
  const named: Readonly<Record<string, readonly string[] | undefined>> = { ...groups };
  for (const [group, members] of Object.entries(named)) groupDefs[group] = { hosts: members };
  writeFileSync(file, stringify({ apiVersion: 'kubekey.kubesphere.io/v1', kind: 'Inventory', metadata: { name: 'test' }, spec: { hosts, groups: groupDefs } }));
  return file;
}

export function writeConfig(file: string, spec: Record<string, unknown>): string {
  writeFileSync(file, stringify({ apiVersion: 'kubekey.kubesphere.io/v1', kind: 'Config', spec }));
  return file;
}

/**
 * Small, fast fio measurement so suites stay quick, and a p99 threshold (10 s) that a shared,
 * heavily loaded CI disk still meets (this machine: ~8 ms idle); the tests check that the probe
 * runs and reports, not how fast the disk is. The failing case sets its own tiny threshold.
 */
export const FAST_FIO = { etcd_disk_fio_size: '256k', etcd_disk_fio_max_seconds: 5, etcd_disk_wal_fsync_p99_ms: 10_000 };

export function journalArgs(dir: string, sshd: SshdHarness): string[] {
  return ['--workdir', join(dir, 'journal'), '--known-hosts', sshd.knownHostsFile, '--report', join(dir, 'report.json')];
}

/** A download mirror on loopback that has every file (four bytes each): init's probes and downloads succeed. */
export async function startAnswerEverythingMirror(): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-length': '4' });
    res.end(req.method === 'HEAD' ? undefined : 'data');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
