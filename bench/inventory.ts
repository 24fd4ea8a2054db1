/**
 * Inventories for `npm run bench:ssh`: the same loopback hosts of the test sshd, once in kplay's
 * format and once as an Ansible INI inventory, so both tools work on exactly the same targets.
 */

export interface BenchSshTarget {
  /** Inventory name, e.g. h01. */
  readonly name: string;
  /** Loopback address served by the test sshd. */
  readonly address: string;
}

export interface BenchSshLogin {
  readonly port: number;
  readonly user: string;
  readonly privateKeyPath: string;
}

/** Targets h01… for the first `count` addresses of the harness. */
export function benchTargets(addresses: readonly string[], count: number): BenchSshTarget[] {
  if (count > addresses.length) throw new Error(`benchmark needs ${count} hosts, the sshd serves ${addresses.length}`);
  return addresses.slice(0, count).map((address, index) => ({ name: `h${String(index + 1).padStart(2, '0')}`, address }));
}

/** `session` sets `connector.session` (persistent or exec) on every host; absent: the default. */
export function kplayInventory(targets: readonly BenchSshTarget[], login: BenchSshLogin, session?: 'persistent' | 'exec'): string {
  const lines = ['apiVersion: kubekey.kubesphere.io/v1', 'kind: Inventory', 'spec:', '  hosts:'];
  for (const target of targets) {
    lines.push(
      `    ${target.name}:`,
      `      connector: { type: ssh, host: "${target.address}", port: ${login.port}, user: "${login.user}", private_key: "${login.privateKeyPath}"${session !== undefined ? `, session: ${session}` : ''} }`,
    );
  }
  lines.push('  groups:', '    bench:', `      hosts: [${targets.map((target) => target.name).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

export function ansibleInventory(targets: readonly BenchSshTarget[], login: BenchSshLogin): string {
  return [
    '[bench]',
    ...targets.map((target) => `${target.name} ansible_host=${target.address}`),
    '',
    '[bench:vars]',
    `ansible_port=${login.port}`,
    `ansible_user=${login.user}`,
    `ansible_ssh_private_key_file=${login.privateKeyPath}`,
    '',
  ].join('\n');
}
