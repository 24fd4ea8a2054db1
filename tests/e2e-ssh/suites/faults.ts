/**
 * Hosts that fail: nothing listening, a session killed mid-play, wrong credentials, a changed
 * host key, a command past its timeout. Runs on any hosts provider (../hosts.ts); killing one
 * host's sshd needs a server of its own and runs on loopback only (the fleet pulls a host's
 * cable instead, tests/fleet/engine-hosts.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../../helpers/cli';
import { startSshd } from '../../harness/sshd';
import { sessionSetting } from '../../harness/ssh-connectors';
import { closedPort, strangerKey, writeInventory } from '../fixtures';
import { type HostsProvider, type SshHosts } from '../hosts';
import { RunReport } from '../normalise-report';

const projects = join(__dirname, '..', 'projects', 'faults');

/** known_hosts line that claims host `index` has some other key of `keyType`. */
function impostorLine(hosts: SshHosts, index: number, dir: string, keyType: 'ed25519' | 'ecdsa' = 'ed25519'): string {
  const keyPath = join(dir, `impostor_${keyType}_${index}`);
  execFileSync('ssh-keygen', ['-q', '-t', keyType, '-N', '', '-f', keyPath]);
  const [type, blob] = readFileSync(`${keyPath}.pub`, 'utf8').trim().split(/\s+/);
  return `${hosts.knownHostsName(index)} ${type} ${blob}`;
}

interface TaskEntry {
  task: string;
  host: string;
  status: string;
  msg?: string;
  stdout: string;
}

export function faultsSuite(provider: HostsProvider): void {
provider.describe(`kplay run over SSH (${provider.name}) when hosts fail`, () => {
  let hosts: SshHosts;
  let dir: string;

  beforeAll(async () => {
    hosts = await provider.start(4);
  }, provider.startTimeoutMs);
  afterAll(async () => hosts?.stop());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-faults-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (playbook: string, inventory: string, knownHosts = hosts.knownHostsFile) =>
    runKplay([
      'run',
      join(projects, playbook),
      '-i',
      inventory,
      '-e',
      `out_dir=${dir}`,
      '--workdir',
      join(dir, 'work'),
      '--report',
      join(dir, 'report.json'),
      '--known-hosts',
      knownHosts,
      '--no-color',
    ]);
  const report = () => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport & { tasks: TaskEntry[] };
  const entry = (r: { tasks: TaskEntry[] }, task: string, host: string) => r.tasks.find((t) => t.task === task && t.host === host);
  const nodes = (hosts: string[]) => ({ nodes: { hosts } });

  test('nothing listening at start: that host is unreachable, the others finish, exit 3', async () => {
    // Loopback: a port just released; fleet hosts run nothing on the discard port.
    const port = provider.name === 'loopback' ? await closedPort() : 9;
    const inventory = writeInventory(
      dir,
      { node1: { connector: hosts.connector(0) }, node2: { connector: hosts.connector(1) }, down: { connector: hosts.connector(2, { port }) } },
      nodes(['node1', 'node2', 'down']),
    );
    const result = await run('two-tasks.yaml', inventory);
    expect(result.code).toBe(3);
    const r = report();
    expect(r.stats.down).toMatchObject({ unreachable: 1, changed: 0 });
    expect(r.stats.node1).toMatchObject({ changed: 2, unreachable: 0, failed: 0 });
    expect(r.stats.node2).toMatchObject({ changed: 2, unreachable: 0, failed: 0 });
    expect(entry(r, 'First', 'down')).toMatchObject({ status: 'unreachable', msg: `connection refused by ${hosts.addresses[2]}:${port} (is sshd running on that port?) (KP-CONN-001)` });
    expect(entry(r, 'Second', 'down')).toBeUndefined();
    expect(entry(r, 'Second', 'node2')?.stdout).toBe('second-node2\n');
    expect(result.stdout).toMatch(/unreachable: \[down\]|down.*unreachable/);
  });

  // skip reason: on the fleet a host going away mid-play is its cable pulled (tests/fleet/engine-hosts.test.ts)
  (provider.name === 'loopback' ? test : test.skip)('sshd of one host killed mid-play: that host is unreachable, the others finish, the report is complete', async () => {
    const victim = await startSshd({ hosts: 1 });
    try {
      const inventory = writeInventory(
        dir,
        {
          node1: { connector: hosts.connector(0), nap: 1 },
          node2: { connector: hosts.connector(1), nap: 1 },
          victim: { connector: { type: 'ssh', host: victim.hosts[0], port: victim.port, user: victim.user, private_key: victim.clientKeyPath, ...sessionSetting() }, nap: 30 },
        },
        nodes(['node1', 'node2', 'victim']),
      );
      const running = run('slow-middle.yaml', inventory, victim.knownHostsFile);
      // Kill the victim's sshd (and its sessions) once its long command has started.
      const started = join(dir, 'victim.started');
      const deadline = Date.now() + 60_000;
      while (!existsSync(started) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(existsSync(started)).toBe(true);
      await victim.kill();
      const result = await running;
      expect(result.code).toBe(3);
      const r = report();
      expect(r.status).toBe('failed');
      expect(Object.keys(r.stats).sort()).toEqual(['node1', 'node2', 'victim']);
      expect(r.stats.victim).toMatchObject({ changed: 1, unreachable: 1 });
      expect(r.stats.node1).toMatchObject({ changed: 3, unreachable: 0 });
      const long = entry(r, 'Long', 'victim');
      expect(long?.status).toBe('unreachable');
      expect(long?.msg).toMatch(/connection to victim .*(lost|closed).* while running: touch /);
      expect(entry(r, 'After', 'node1')?.status).toBe('changed');
      expect(entry(r, 'After', 'node2')?.status).toBe('changed');
      expect(entry(r, 'After', 'victim')).toBeUndefined();
    } finally {
      await victim.stop();
    }
  });

  test('wrong password, wrong key and a changed host key: each host fails with its own clear message', async () => {
    const stranger = strangerKey(dir);
    // The other hosts are trusted; `changed` (host index 3) has someone else's key on line 4.
    const knownHosts = join(dir, 'known_hosts');
    const impostor = impostorLine(hosts, 3, dir);
    const trusted = readFileSync(hosts.knownHostsFile, 'utf8').split('\n').filter((line) => [0, 1, 2].some((i) => line.startsWith(`${hosts.knownHostsName(i)} `)));
    expect(trusted).toHaveLength(3);
    writeFileSync(knownHosts, [...trusted, impostor, ''].join('\n'));
    const inventory = writeInventory(
      dir,
      {
        good: { connector: hosts.connector(0) },
        wrongpw: { connector: { type: 'ssh', host: hosts.addresses[1], port: hosts.port, user: hosts.user, password: 'not-the-password', ...sessionSetting() } },
        wrongkey: { connector: hosts.connector(2, { private_key: stranger }) },
        changed: { connector: hosts.connector(3) },
      },
      nodes(['good', 'wrongpw', 'wrongkey', 'changed']),
    );
    const result = await run('two-tasks.yaml', inventory, knownHosts);
    expect(result.code).toBe(3);
    const r = report();
    expect(r.stats.good).toMatchObject({ changed: 2, unreachable: 0 });
    const first = (host: string) => entry(r, 'First', host);
    expect(first('wrongpw')).toMatchObject({
      status: 'unreachable',
      msg: `Permission denied for ${hosts.user}@${hosts.addresses[1]}:${hosts.port} (tried: password) (KP-CONN-004)`,
    });
    // The key file is named (kplay doctor shows its path; run output redacts the value of any
    // variable called *private_key*, the path included).
    expect(first('wrongkey')?.status).toBe('unreachable');
    expect(first('wrongkey')?.msg).toMatch(
      new RegExp(`^Permission denied for ${hosts.user}@${hosts.addresses[2].replace(/\./g, '\\.')}:${hosts.port} \\(tried: publickey with (${stranger}|\\*+)\\) \\(KP-CONN-004\\)$`),
    );
    const changed = first('changed');
    expect(changed?.status).toBe('unreachable');
    expect(changed?.msg).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED/);
    expect(changed?.msg).toMatch(/man-in-the-middle/);
    expect(changed?.msg).toContain(hosts.hostKeyFingerprint(3));
    expect(changed?.msg).toContain(`${knownHosts}:4`);
    // The console shows the same messages; the wrong password itself is never printed.
    expect(result.stdout).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    expect(result.stdout).not.toContain('not-the-password');
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).not.toContain('not-the-password');
    // The changed key was not "fixed" behind the user's back.
    expect(readFileSync(knownHosts, 'utf8')).toContain(impostor);
  });

  test('a known host that offers only another key type is refused like a changed key', async () => {
    // The harness's sshd offers only ed25519; only an ECDSA key is on record for it.
    const knownHosts = join(dir, 'known_hosts');
    const recorded = impostorLine(hosts, 0, dir, 'ecdsa');
    writeFileSync(knownHosts, `${recorded}\n`);
    const inventory = writeInventory(dir, { node1: { connector: hosts.connector(0) } }, nodes(['node1']));
    const result = await run('two-tasks.yaml', inventory, knownHosts);
    expect(result.code).toBe(3);
    const first = entry(report(), 'First', 'node1');
    expect(first?.status).toBe('unreachable');
    expect(first?.msg).toMatch(/host key type of .* has changed: it offered only a ssh-ed25519 key/);
    expect(first?.msg).toContain(hosts.hostKeyFingerprint(0));
    expect(first?.msg).toContain(`ecdsa-sha2-nistp256 key`);
    expect(first?.msg).toContain(`${knownHosts}:1`);
    expect(readFileSync(knownHosts, 'utf8')).toBe(`${recorded}\n`);
  });

  test('--check records no host key; the real run does', async () => {
    const knownHosts = join(dir, 'fresh', 'known_hosts');
    const inventory = writeInventory(dir, { node1: { connector: hosts.connector(0) } }, nodes(['node1']));
    const args = ['run', join(projects, 'two-tasks.yaml'), '-i', inventory, '-e', `out_dir=${dir}`, '--workdir', join(dir, 'work'), '--known-hosts', knownHosts];
    const dry = await runKplay([...args, '--check']);
    expect(dry.code).toBe(0);
    expect(existsSync(knownHosts)).toBe(false);
    const real = await runKplay(args);
    expect(real.code).toBe(0);
    expect(readFileSync(knownHosts, 'utf8')).toContain(`${hosts.knownHostsName(0)} ssh-ed25519 `);
  });

  test('a command past its task timeout is killed on the host; the connection keeps working', async () => {
    await hosts.prepare(dir);
    const inventory = writeInventory(dir, { node1: { connector: hosts.connector(0) } }, nodes(['node1']));
    const result = await run('timeout.yaml', inventory);
    expect(result.code).toBe(0);
    const r = report();
    const slow = entry(r, 'Too slow', 'node1');
    expect(slow?.status).toBe('ignored');
    expect(slow?.msg).toMatch(/timed out after 1\s?s/);
    expect(r.stats.node1).toMatchObject({ ignored: 1, changed: 1 });
    expect(entry(r, 'The connection still works', 'node1')?.stdout).toBe('still-here\n');
    expect(await hosts.stat(0, join(dir, 'node1.finished'))).toBeUndefined();
    expect(await hosts.processes(0)).not.toMatch(/sleep 31\.5/);
  });
});
}
