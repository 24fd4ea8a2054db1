import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { AddressInfo, Socket, createServer } from 'node:net';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';
import { SshdHarness, startSshd } from '../harness/sshd';
import { describeWithSshd } from '../harness/ssh-connectors';
import { closedPort, harnessConnector, impostorKnownHostsLine, strangerKey, writeInventory } from './fixtures';

interface JsonHost {
  host: string;
  address: string;
  unreachable: boolean;
  checks: Record<string, { status: string; summary: string; message?: string; fix?: string }>;
  fixes: string[];
}

describeWithSshd('kplay doctor against a real sshd', () => {
  let sshd: SshdHarness;
  let dir: string;

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 5, users: true });
  });
  afterAll(async () => sshd?.stop());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-doctor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const doctor = async (inventory: string, knownHosts: string, extra: string[] = []) =>
    runKplay(['doctor', '-i', inventory, '--known-hosts', knownHosts, '--min-tmp-space', '1', ...extra]);
  const parse = (stdout: string): Map<string, JsonHost> =>
    new Map((JSON.parse(stdout) as { hosts: JsonHost[] }).hosts.map((h) => [h.host, h]));

  test('a good host, a closed port, a wrong key and a changed host key: one table, a fix each, exit 3', async () => {
    const port = await closedPort();
    const stranger = strangerKey(dir);
    const knownHosts = join(dir, 'known_hosts');
    // good (index 0) is unknown and gets recorded; changed (index 3) has an impostor line 2.
    writeFileSync(knownHosts, `${sshd.knownHostsLine(sshd.hosts[2])}\n${impostorKnownHostsLine(sshd, sshd.hosts[3], dir)}\n`);
    const inventory = writeInventory(dir, {
      good: { connector: harnessConnector(sshd, 0) },
      closed: { connector: harnessConnector(sshd, 1, { port }) },
      wrongkey: { connector: harnessConnector(sshd, 2, { private_key: stranger }) },
      changed: { connector: harnessConnector(sshd, 3) },
    });

    const text = await doctor(inventory, knownHosts);
    expect(text.code).toBe(3);
    expect(text.stderr).toBe('');
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(/^HOST\s+ADDRESS\s+CONNECT\s+HOST KEY\s+AUTH\s+SHELL\s+SUDO\s+\/TMP\s+FIX$/);
    const row = (host: string) => lines.find((line) => line.startsWith(`${host} `)) ?? '';
    expect(row('good')).toMatch(/✓ \d+ ms\s+✓ recorded\s+✓ as root\s+✓ [\d.]+ ms\s+- root\s+✓ \d+ [GM]iB\s+-$/);
    expect(row('closed')).toContain('✗ refused');
    expect(row('closed')).toContain(`start sshd on ${sshd.hosts[1]}, or set connector.port`);
    expect(row('wrongkey')).toContain('✗ denied');
    expect(row('wrongkey')).toContain(`add the controller key ${stranger}.pub to ~/.ssh/authorized_keys of root@${sshd.hosts[2]}`);
    expect(row('changed')).toContain('✗ CHANGED');
    expect(row('changed')).toContain(`remove line 2 of ${knownHosts}`);
    expect(text.stdout).toContain(`connection refused by ${sshd.hosts[1]}:${port}`);
    expect(text.stdout).toContain(`tried: publickey with ${stranger}`);
    expect(text.stdout).toContain(sshd.hostKeyFingerprints['ssh-ed25519']);
    expect(text.stdout).toMatch(/4 hosts: 1 ok, 3 unreachable, 0 with failed checks/);
    // accept-new recorded the good host's key: a second look finds it known.
    expect(readFileSync(knownHosts, 'utf8')).toContain(sshd.knownHostsLine(sshd.hosts[0]));

    const json = await doctor(inventory, knownHosts, ['--output', 'json']);
    expect(json.code).toBe(3);
    const hosts = parse(json.stdout);
    expect(hosts.get('good')?.checks.hostKey.summary).toBe('known');
    expect(hosts.get('good')?.unreachable).toBe(false);
    expect(hosts.get('closed')?.checks.connect.status).toBe('fail');
    expect(hosts.get('closed')?.checks.auth.status).toBe('skip');
    expect(hosts.get('wrongkey')?.checks.hostKey.status).toBe('pass');
    expect(hosts.get('wrongkey')?.checks.auth.status).toBe('fail');
    expect(hosts.get('changed')?.checks.hostKey.message).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED/);
    expect(hosts.get('changed')?.fixes).toHaveLength(1);
  });

  test('refused, timed out and unresolvable are told apart, each with its own fix', async () => {
    // A TCP server that accepts and then says nothing: the SSH handshake times out.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as AddressInfo).port;
    try {
      const inventory = writeInventory(dir, {
        refused: { connector: harnessConnector(sshd, 0, { port: await closedPort() }) },
        silent: { connector: harnessConnector(sshd, 0, { host: '127.0.0.1', port: silentPort, connect_timeout: 1 }) },
        nodns: { connector: harnessConnector(sshd, 0, { host: 'no-such-host.invalid' }) },
      });
      const result = await doctor(inventory, sshd.knownHostsFile, ['--output', 'json']);
      expect(result.code).toBe(3);
      const hosts = parse(result.stdout);
      expect(hosts.get('refused')?.checks.connect.summary).toBe('refused');
      expect(hosts.get('silent')?.checks.connect.summary).toBe('timeout');
      expect(hosts.get('silent')?.checks.connect.message).toMatch(/timed out after 1 s/);
      expect(hosts.get('silent')?.fixes[0]).toMatch(/raise connector\.connect_timeout/);
      expect(hosts.get('nodns')?.checks.connect.summary).toBe('dns');
      expect(hosts.get('nodns')?.fixes[0]).toMatch(/"no-such-host\.invalid" does not resolve/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  test('all hosts good → exit 0; a full /tmp budget → exit 2 with the numbers', async () => {
    const inventory = writeInventory(dir, {
      a: { connector: harnessConnector(sshd, 0) },
      b: { connector: harnessConnector(sshd, 1) },
    });
    const ok = await doctor(inventory, sshd.knownHostsFile);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/2 hosts: 2 ok, 0 unreachable, 0 with failed checks/);
    const tooSmall = await runKplay(['doctor', '-i', inventory, '--known-hosts', sshd.knownHostsFile, '--min-tmp-space', '999999999']);
    expect(tooSmall.code).toBe(2);
    expect(tooSmall.stdout).toMatch(/free space in \/tmp on 127\.0\.0\.2 \(\d+ MiB free, 999999999 MiB wanted\)/);
  });

  const asRoot = process.getuid?.() === 0;
  // skip reason: the sudo user is created by the harness only when the tests run as root
  (asRoot ? test : test.skip)('sudo: password accepted, wrong sudo password, no sudo rights', async () => {
    const become = sshd.becomeUser;
    const noSudo = sshd.noSudoUser;
    if (!become || !noSudo) throw new Error('harness did not create its users');
    const login = (index: number, user: string, password: string, extra: Record<string, unknown> = {}) => ({
      connector: { type: 'ssh', host: sshd.hosts[index], port: sshd.port, user, password, ...extra },
    });
    const inventory = writeInventory(dir, {
      sudoer: login(0, become.name, become.password),
      badpw: login(1, become.name, become.password, { sudo_password: 'not-the-password' }),
      nosudo: login(2, noSudo.name, noSudo.password),
    });
    const result = await doctor(inventory, sshd.knownHostsFile, ['--output', 'json']);
    expect(result.code).toBe(2);
    const hosts = parse(result.stdout);
    expect(hosts.get('sudoer')?.checks.sudo).toEqual({ status: 'pass', summary: 'password' });
    expect(hosts.get('badpw')?.checks.sudo.summary).toBe('bad password');
    expect(hosts.get('badpw')?.checks.sudo.message).toBe(`sudo: incorrect password for user ${become.name}`);
    expect(hosts.get('badpw')?.fixes).toEqual([`fix connector.sudo_password: sudo rejects it for ${become.name} on ${sshd.hosts[1]}`]);
    expect(hosts.get('nosudo')?.checks.sudo.message).toMatch(/not in the sudoers file/);
    expect(hosts.get('nosudo')?.fixes[0]).toMatch(new RegExp(`^grant ${noSudo.name} sudo rights on ${sshd.hosts[2].replace(/\./g, '\\.')}`));
    // Passwords never reach the output.
    expect(result.stdout).not.toContain(become.password);
    expect(result.stdout).not.toContain(noSudo.password);
  });

  test('without an inventory the controller itself is checked through the local connector', async () => {
    const result = await runKplay(['doctor', '--min-tmp-space', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[1]).toMatch(/^localhost +local +✓ local +- +- +✓ [\d.]+ ms +(- root|✓ no password) +✓ \d+ [GM]iB +-$/);
  });

  test('bad options and a broken inventory', async () => {
    expect((await runKplay(['doctor', '--output', 'xml'])).code).toBe(5);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'kind: Inventory\nspec: [');
    const result = await runKplay(['doctor', '-i', broken]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('nothing was checked');
  });

  test('-c: connector settings from the config apply as in a run; --limit checks only the hosts it keeps', async () => {
    const knownHosts = join(dir, 'known_hosts');
    // The hosts name only their address; user, key and port come from the config, as they would in a run.
    const inventory = writeInventory(dir, { one: { connector: { host: sshd.hosts[0] } }, two: { connector: { host: sshd.hosts[1] } } });
    const config = join(dir, 'config.yaml');
    writeFileSync(config, JSON.stringify({ kind: 'Config', spec: { connector: { type: 'ssh', port: sshd.port, user: sshd.user, private_key: sshd.clientKeyPath } } }));
    const result = await doctor(inventory, knownHosts, ['-c', config, '--limit', 'one', '--output', 'json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const hosts = parse(result.stdout);
    expect([...hosts.keys()]).toEqual(['one']);
    expect(hosts.get('one')?.checks.auth.status).toBe('pass');
    // without the config the same inventory has no port and user: the check is what a run would do
    const without = await doctor(inventory, knownHosts, ['--limit', 'one', '--output', 'json']);
    expect(without.code).toBe(3);
  });
});
