/**
 * The engine on real, separate hosts: become through password sudo for a non-root login, the
 * same path written on every host without collisions, and one host's cable pulled mid-play —
 * it becomes unreachable while the others finish and the report is complete — and the `reboot`
 * module: the task after it runs on the host's new boot.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runKplay } from '../helpers/cli';
import { Fleet, startFleet } from '../harness/fleet/fleet';
import { hostVeth } from '../harness/fleet/network';
import { describeFleet } from './fleet-skip';

interface Report {
  tasks: { play: string; task: string; host: string; status: string; msg?: string }[];
}

describeFleet('the engine on fleet hosts', () => {
  let fleet: Fleet;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-fleet-engine-'));
    fleet = await startFleet({ hosts: 3 });
  }, 600_000);
  afterAll(async () => {
    await fleet?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const inventory = (user: 'root' | 'sudo'): string => {
    const hosts: Record<string, unknown> = {};
    for (const host of fleet.hosts) {
      const connector: Record<string, unknown> = { type: 'ssh', host: host.address, private_key: fleet.clientKeyPath, connect_timeout: '3s', keepalive: '1s' };
      if (user === 'root') connector.user = 'root';
      else Object.assign(connector, { user: fleet.sudoUser.name, sudo_password: fleet.sudoUser.password });
      hosts[host.name] = { connector };
    }
    const file = join(dir, `inventory-${user}.yaml`);
    writeFileSync(file, stringify({ apiVersion: 'kubekey.kubesphere.io/v1', kind: 'Inventory', spec: { hosts } }));
    return file;
  };
  const playbook = (name: string, plays: unknown[]): string => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, stringify(plays));
    return file;
  };
  const run = async (name: string, book: string, inv: string) => {
    const result = await runKplay(['run', book, '-i', inv, '--known-hosts', fleet.knownHostsFile, '--workdir', join(dir, 'journal'), '--report', join(dir, `${name}.json`), '--no-color']);
    return { ...result, report: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Report };
  };

  test('a non-root login becomes root through password sudo; the same path on every host stays separate', async () => {
    const book = playbook('become', [
      {
        hosts: fleet.hosts.map((host) => host.name),
        tasks: [
          { name: 'who am I', command: 'id -un', register: 'login' },
          { name: 'write as root', become: true, command: 'echo "{{ .inventory_hostname }} $(id -u)" > /root/kplay-same-path' },
          { name: 'read back', become: true, command: 'cat /root/kplay-same-path', register: 'back' },
          { name: 'check', assert: { that: ['.login.stdout | eq "kplay"', '.back.stdout | eq (printf "%s 0" .inventory_hostname)'] } },
        ],
      },
    ]);
    const result = await run('become', book, inventory('sudo'));
    if (result.code !== 0) console.log(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain(fleet.sudoUser.password);
    for (const host of fleet.hosts) {
      expect((await fleet.exec(host.name, 'cat /root/kplay-same-path')).stdout).toBe(`${host.name} 0\n`);
    }
  }, 300_000);

  test("one host's cable pulled mid-play: it is unreachable, the others finish, the report is complete", async () => {
    const veth = hostVeth(fleet.host('node2').machine);
    const book = playbook('cut', [
      { name: 'before', hosts: fleet.hosts.map((host) => host.name), tasks: [{ name: 'first', command: 'echo one' }] },
      { name: 'cut', hosts: 'localhost', tasks: [{ name: "pull node2's cable", command: `ip link set ${veth} down` }] },
      { name: 'after', hosts: fleet.hosts.map((host) => host.name), tasks: [{ name: 'second', command: 'echo two' }, { name: 'third', command: 'echo three' }] },
    ]);
    const inv = inventory('root');
    let result;
    try {
      result = await run('cut', book, inv);
    } finally {
      fleet.setLink('node2', 'up');
    }
    expect(result.code).toBe(3);
    const status = (play: string, task: string, host: string) => result.report.tasks.find((t) => t.play === play && t.task === task && t.host === host)?.status;
    for (const host of ['node1', 'node3']) {
      expect(status('before', 'first', host)).toBe('changed');
      expect(status('after', 'second', host)).toBe('changed');
      expect(status('after', 'third', host)).toBe('changed');
    }
    expect(status('before', 'first', 'node2')).toBe('changed');
    expect(status('after', 'second', 'node2')).toBe('unreachable');
    expect(status('after', 'third', 'node2')).toBeUndefined();
    expect(result.stdout).toMatch(/node2\s*:.*unreachable=1/);
    await fleet.waitReady('node2');
  }, 300_000);

  test('reboot and wait_for_connection: the task after them runs on the host\'s new boot', async () => {
    const book = playbook('reboot', [
      {
        name: 'reboot',
        hosts: ['node1', 'node2'],
        tasks: [
          { name: 'boot id before', command: 'cat /proc/sys/kernel/random/boot_id', register: 'boot_before' },
          { name: 'reboot', when: '.inventory_hostname | eq "node1"', reboot: { reboot_timeout: '2m', connect_timeout: '3s' }, register: 'rebooted' },
          { name: 'boot id after', command: 'cat /proc/sys/kernel/random/boot_id', register: 'boot_after' },
          { name: 'node1 runs a new boot, node2 the old one', assert: { that: ['eq (ne .boot_after.stdout .boot_before.stdout) (eq .inventory_hostname "node1")'] } },
          // A reboot the module did not issue: wait_for_connection retries through the drop.
          { name: 'reboot by command', when: '.inventory_hostname | eq "node2"', command: 'systemd-run --on-active=1 systemctl reboot' },
          {
            name: 'wait for the new boot',
            when: '.inventory_hostname | eq "node2"',
            wait_for_connection: { test_command: '[ "$(cat /proc/sys/kernel/random/boot_id)" != "{{ .boot_before.stdout }}" ]', timeout: '2m', connect_timeout: '3s' },
          },
          { name: 'boot id at the end', command: 'cat /proc/sys/kernel/random/boot_id', register: 'boot_end' },
          { name: 'both run a new boot', assert: { that: ['ne .boot_end.stdout .boot_before.stdout'] } },
          { name: 'what reboot registered', when: '.inventory_hostname | eq "node1"', assert: { that: ['.rebooted.rebooted', 'gt .rebooted.elapsed 0.0'] } },
        ],
      },
    ]);
    const result = await run('reboot', book, inventory('root'));
    if (result.code !== 0) console.log(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    const status = (task: string, host: string) => result.report.tasks.find((t) => t.task === task && t.host === host)?.status;
    expect(status('reboot', 'node1')).toBe('changed');
    expect(status('reboot', 'node2')).toBe('skipped');
    for (const host of ['node1', 'node2']) {
      expect(status('boot id after', host)).toBe('changed');
      expect(status('node1 runs a new boot, node2 the old one', host)).toBe('ok');
    }
    expect(status('what reboot registered', 'node1')).toBe('ok');
    expect(status('wait for the new boot', 'node2')).toBe('ok');
    expect(status('both run a new boot', 'node1')).toBe('ok');
    expect(status('both run a new boot', 'node2')).toBe('ok');

    // --check only says it would reboot: the boot id stays the same.
    const before = (await fleet.exec('node1', 'cat /proc/sys/kernel/random/boot_id')).stdout;
    const checkBook = playbook('reboot-check', [{ hosts: ['node1'], tasks: [{ name: 'reboot', reboot: {} }] }]);
    const checked = await runKplay(['run', checkBook, '-i', inventory('root'), '--check', '--known-hosts', fleet.knownHostsFile, '--workdir', join(dir, 'journal'), '--report', join(dir, 'reboot-check.json'), '--no-color']);
    const checkReport = JSON.parse(readFileSync(join(dir, 'reboot-check.json'), 'utf8')) as Report;
    expect(checkReport.tasks.find((t) => t.task === 'reboot' && t.host === 'node1')).toMatchObject({ status: 'changed', msg: 'would reboot node1' });
    expect(checked.stdout).not.toContain('did not come back');
    expect((await fleet.exec('node1', 'cat /proc/sys/kernel/random/boot_id')).stdout).toBe(before);
  }, 300_000);
});
