/**
 * The fleet harness itself: hosts are separate machines (own name, machine-id, file system),
 * reachable as root and as the sudo user, cut off from everything but the bridge, survive a reboot
 * and a pulled link, and leave nothing behind when stopped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describeFleet } from './fleet-skip';
import { Fleet, startFleet } from '../harness/fleet/fleet';
import { hostVeth } from '../harness/fleet/network';
import { sweepOrphans } from '../harness/fleet/state';

/** Starts a process owning a one-host fleet; resolves with it and the fleet's directory. */
function startOwner(name: string): Promise<{ pid: number; dir: string; exited: Promise<void> }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'fleet-owner.ts'), name], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.endsWith('\n')) resolve({ pid: child.pid as number, dir: out.trim(), exited });
    });
    child.once('exit', (code) => reject(new Error(`fleet owner exited with ${code}: ${err}`)));
  });
}

const mounted = (dir: string): boolean => readFileSync('/proc/self/mounts', 'utf8').includes(dir);

jest.setTimeout(300_000);

describeFleet('fleet harness', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ hosts: 2 });
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  it('boots separate systemd hosts reachable over SSH as root', async () => {
    const answers = await Promise.all(
      fleet.hosts.map((host) => fleet.exec(host.name, 'hostname; cat /etc/machine-id; systemctl is-system-running; ps -p 1 -o comm=')),
    );
    const [first, second] = answers.map((answer) => answer.stdout.trim().split('\n'));
    expect(first[0]).toBe('node1');
    expect(second[0]).toBe('node2');
    expect(first[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(first[1]).not.toBe(second[1]);
    expect(first[2]).toMatch(/^(running|degraded)$/);
    expect(first[3]).toBe('systemd');
    await fleet.exec('node1', 'echo written-on-node1 > /root/only-here');
    expect((await fleet.exec('node2', 'test -e /root/only-here')).code).not.toBe(0);
  });

  it('has a non-root user with password sudo', async () => {
    const { name, password } = fleet.sudoUser;
    const withoutPassword = await fleet.exec('node1', 'sudo -n true', { user: name });
    expect(withoutPassword.code).not.toBe(0);
    const withPassword = await fleet.exec('node1', `printf '%s\\n' '${password}' | sudo -S -p '' id -u`, { user: name });
    expect(withPassword.stdout.trim()).toBe('0');
    expect((await fleet.exec('node1', 'id -u', { user: name })).stdout.trim()).not.toBe('0');
  });

  it('routes only inside the fleet', async () => {
    const routes = await fleet.exec('node1', 'ip -4 route show');
    expect(routes.stdout).not.toMatch(/default/);
    expect((await fleet.exec('node1', `ping -c 1 -W 2 ${fleet.host('node2').address}`)).code).toBe(0);
    expect((await fleet.exec('node1', `ping -c 1 -W 2 ${fleet.gateway}`)).code).toBe(0);
    // Any address off the bridge is unroutable from a host.
    const out = await fleet.exec('node1', 'ip route get 192.0.2.1 2>&1; ip route get 10.213.254.9 2>&1');
    expect(out.stdout).toMatch(/unreachable/);
    expect(out.stdout).not.toMatch(/via/);
  });

  it('cuts and restores one host link', async () => {
    fleet.setLink('node2', 'down');
    try {
      expect((await fleet.exec('node2', 'true', { timeoutMs: 4000 })).code).not.toBe(0);
      expect((await fleet.exec('node1', 'true')).code).toBe(0);
    } finally {
      fleet.setLink('node2', 'up');
    }
    await fleet.waitReady('node2');
  });

  it('reboots a host and brings it back with the same identity', async () => {
    const before = await fleet.exec('node1', 'cat /proc/sys/kernel/random/boot_id /etc/machine-id');
    await fleet.reboot('node1');
    const after = await fleet.exec('node1', 'cat /proc/sys/kernel/random/boot_id /etc/machine-id; cat /root/only-here');
    const [bootBefore, idBefore] = before.stdout.trim().split('\n');
    const [bootAfter, idAfter, kept] = after.stdout.trim().split('\n');
    expect(bootAfter).not.toBe(bootBefore);
    expect(idAfter).toBe(idBefore);
    expect(kept).toBe('written-on-node1');
  });

  it('leaves no process, mount, link, cgroup or file behind when stopped', async () => {
    const second = await startFleet({ hosts: 1, names: ['lonely'] });
    const machine = second.host('lonely').machine;
    const dir = second.dir;
    expect(readFileSync('/proc/self/mounts', 'utf8')).toContain(dir);
    await second.stop();
    expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain(dir);
    const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
    expect(links).not.toContain(second.bridge);
    expect(links).not.toContain(hostVeth(machine));
    expect(() => readdirSync(dir)).toThrow();
    for (const root of ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified']) {
      let entries: string[] = [];
      try {
        entries = readdirSync(root);
      } catch {
        // Hierarchy not mounted here.
      }
      expect(entries).not.toContain(`kplay-fleet${second.slot}`);
    }
  });

  it('removes a fleet whose owner is interrupted, and sweeps one whose owner was killed', async () => {
    const interrupted = await startOwner('interrupted');
    expect(mounted(interrupted.dir)).toBe(true);
    process.kill(interrupted.pid, 'SIGINT');
    await interrupted.exited;
    expect(mounted(interrupted.dir)).toBe(false);
    expect(existsSync(interrupted.dir)).toBe(false);

    const killed = await startOwner('killed');
    process.kill(killed.pid, 'SIGKILL');
    await killed.exited;
    // Nothing ran on the way out: the fleet is still there until a sweep finds its owner dead.
    expect(mounted(killed.dir)).toBe(true);
    expect(sweepOrphans()).toBeGreaterThanOrEqual(1);
    expect(mounted(killed.dir)).toBe(false);
    expect(existsSync(killed.dir)).toBe(false);
  });
});
