/** Inventory, config and report helpers for `kplay create cluster` on the fleet. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Fleet } from '../harness/fleet/fleet';
import type { DebianMirror } from './debian-mirror';

export interface ClusterGroups {
  readonly kube_control_plane: readonly string[];
  readonly kube_worker: readonly string[];
  readonly etcd: readonly string[];
}

export function writeFleetInventory(file: string, fleet: Fleet, groups: ClusterGroups): string {
  const hosts: Record<string, unknown> = {};
  for (const host of fleet.hosts) {
    hosts[host.name] = {
      connector: { type: 'ssh', host: host.address, port: 22, user: 'root', private_key: fleet.clientKeyPath },
      internal_ipv4: host.address,
    };
  }
  const groupDefs: Record<string, unknown> = { k8s_cluster: { groups: ['kube_control_plane', 'kube_worker'] } };
  for (const [group, members] of Object.entries(groups) as [string, readonly string[]][]) groupDefs[group] = { hosts: members };
  writeFileSync(file, stringify({ apiVersion: 'kubekey.kubesphere.io/v1', kind: 'Inventory', metadata: { name: 'fleet' }, spec: { hosts, groups: groupDefs } }));
  return file;
}

/**
 * The cluster config for the fleet: component versions are those the Debian mirror serves, every
 * download goes to it, and Kubernetes itself is not brought up (kubernetes.bootstrap: false; this
 * machine has neither its binaries nor its images).
 */
export interface FleetConfigOptions {
  readonly etcdEnv?: Record<string, unknown>;
  /** Bring Kubernetes up (needs kubeadm & co. on the mirror); default false. */
  readonly bootstrap?: boolean;
}

export function writeFleetConfig(file: string, workDir: string, mirror: DebianMirror, options: FleetConfigOptions = {}): string {
  const etcdEnv = options.etcdEnv ?? {};
  const spec = {
    work_dir: workDir,
    kubernetes: { bootstrap: options.bootstrap ?? false },
    ...(options.bootstrap ? { storage_class: { local: { enabled: false } } } : {}),
    etcd: { deployment_type: 'external', etcd_version: mirror.versions.etcd, ...(Object.keys(etcdEnv).length > 0 ? { env: etcdEnv } : {}) },
    cri: { container_manager: 'containerd', containerd_version: mirror.versions.containerd, runc_version: mirror.versions.runc },
    cni: { cni_plugins_version: mirror.versions.cniPlugins },
    download: { mirror: mirror.url, images: { enabled: false } },
    // Small fio run: the hosts share this machine's disk.
    cluster_require: { etcd_disk_fio_size: '256k', etcd_disk_fio_max_seconds: 5, etcd_disk_wal_fsync_p99_ms: 1000 },
  };
  writeFileSync(file, stringify({ apiVersion: 'kubekey.kubesphere.io/v1', kind: 'Config', spec }));
  return file;
}

export interface ReportTask {
  readonly play: string;
  readonly task: string;
  readonly host: string;
  readonly status: string;
  readonly changed?: boolean;
  readonly msg?: string;
}

export function readReport(file: string): { status: string; tasks: ReportTask[] } {
  return JSON.parse(readFileSync(file, 'utf8')) as { status: string; tasks: ReportTask[] };
}

export function runArgs(dir: string, name: string, fleet: Fleet): string[] {
  return ['--yes', '--workdir', join(dir, 'journal'), '--known-hosts', fleet.knownHostsFile, '--report', join(dir, `${name}.json`)];
}
