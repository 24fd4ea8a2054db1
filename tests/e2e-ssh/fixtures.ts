/** Inventories and keys for the SSH end-to-end suites, aimed at a harness sshd. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SshdHarness } from '../harness/sshd';
import { sessionSetting } from '../harness/ssh-connectors';
import { freeLoopbackPort } from '../helpers/ports';

export type HostVars = Record<string, unknown>;

/** Connector settings that log in to harness host `index` with the harness key. */
export function harnessConnector(sshd: SshdHarness, index: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'ssh', host: sshd.hosts[index], port: sshd.port, user: sshd.user, private_key: sshd.clientKeyPath, ...sessionSetting(), ...extra };
}

/** Writes a kind: Inventory file (JSON is YAML) and returns its path. */
export function writeInventory(
  dir: string,
  hosts: Record<string, HostVars>,
  groups: Record<string, unknown> = {},
  vars: Record<string, unknown> = {},
  name = 'inventory.yaml',
): string {
  const path = join(dir, name);
  const inventory = { apiVersion: 'kubekey.kubesphere.io/v1', kind: 'Inventory', metadata: { name: 'e2e-ssh' }, spec: { hosts, groups, vars } };
  writeFileSync(path, `${JSON.stringify(inventory, null, 2)}\n`);
  return path;
}

/** A fresh ed25519 key pair the harness does not authorise. */
export function strangerKey(dir: string): string {
  const path = join(dir, 'stranger_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stranger', '-f', path]);
  return path;
}

/** known_hosts line that claims `host` has some other ed25519 key. */
export function impostorKnownHostsLine(sshd: SshdHarness, host: string, dir: string, keyType: 'ed25519' | 'ecdsa' = 'ed25519'): string {
  const keyPath = join(dir, `impostor_${keyType}_${host}`);
  execFileSync('ssh-keygen', ['-q', '-t', keyType, '-N', '', '-f', keyPath]);
  const [type, blob] = execFileSync('cat', [`${keyPath}.pub`]).toString().trim().split(/\s+/);
  return `[${host}]:${sshd.port} ${type} ${blob}`;
}

/** A loopback port nothing listens on (bound, then released). */
export const closedPort = freeLoopbackPort;
