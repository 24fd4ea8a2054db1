import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionPool, buildConnectorConfig } from '../../../engine/connectors';
import { ConnectionError } from '../../../engine/connectors/types';
import { SshConnector } from '../../../engine/connectors/ssh/ssh-connector';
import { SshdHarness, startSshd } from '../../harness/sshd';
import { describeWithSshd, testSshConnector } from '../../harness/ssh-connectors';

const openFds = (): number => readdirSync('/proc/self/fd').length;

/** Established TCP connections from this test process to the test sshd's port. */
function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-Htnp', 'state', 'established', `( dport = :${port} )`]).toString();
  return out.split('\n').filter((line) => line.includes(`pid=${process.pid},`)).length;
}

describeWithSshd('SSH connections at scale, through a bastion, and across failures', () => {
  let sshd: SshdHarness;
  let scratch: string;

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 100 });
    scratch = mkdtempSync(join(tmpdir(), 'kplay-ssh-res-'));
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const poolFor = (): ConnectionPool =>
    new ConnectionPool({ knownHostsFile: sshd.knownHostsFile, readOnlyKnownHostsFiles: [], homeDir: '', agentSocket: '' });
  const configFor = (index: number, extra: Record<string, unknown> = {}) =>
    buildConnectorConfig(`node${index}`, { host: sshd.hosts[index], port: sshd.port, user: sshd.user, private_key: sshd.clientKeyPath, ...extra });

  test('100 hosts at once through one pool, without leaking file descriptors', async () => {
    const before = openFds();
    const pool = poolFor();
    const results = await Promise.all(
      sshd.hosts.map((_, index) => pool.get(`node${index}`, configFor(index)).exec('echo "$SSH_CONNECTION"')),
    );
    results.forEach((result, index) => {
      expect(result.rc).toBe(0);
      expect(result.stdout.split(' ')[2]).toBe(sshd.hosts[index]);
    });
    expect(connectionsTo(sshd.port)).toBe(100);
    // The same host name gives the same connector (one connection per host per run).
    expect(pool.get('node5', configFor(5))).toBe(pool.get('node5', configFor(5)));
    await pool.closeAll();
    expect(openFds()).toBeLessThanOrEqual(before + 5);
  });

  test('proxy_jump tunnels through another host: one TCP connection serves both', async () => {
    const pool = poolFor();
    const jumpConnector = { host: sshd.hosts[0], port: sshd.port, user: sshd.user, private_key: sshd.clientKeyPath };
    const target = buildConnectorConfig(
      'behind-bastion',
      { host: sshd.hosts[1], port: sshd.port, user: sshd.user, private_key: sshd.clientKeyPath, proxy_jump: 'bastion' },
      { resolveHost: (name) => (name === 'bastion' ? jumpConnector : undefined) },
    );
    const connector = pool.get('behind-bastion', target);
    const result = await connector.exec('echo "$SSH_CONNECTION"');
    // sshd on the target sees the connection arriving from the bastion's forwarding.
    expect(result.stdout.split(' ')[2]).toBe(sshd.hosts[1]);
    expect(connectionsTo(sshd.port)).toBe(1);
    await pool.closeAll();
  });

  test('sshd killed mid-command: that command fails clearly; a later call reconnects once sshd is back', async () => {
    const connector = testSshConnector(sshd, 2, {}, { reconnectTimeoutMs: 15_000 });
    await connector.connect();
    // The outcome is captured at once: the connection can drop (and the command fail) before
    // kill() has seen sshd's exit, and a rejection nobody handles yet fails the test on its own.
    const outcome = connector.exec('sleep 20').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sshd.kill();
    const error = await outcome;
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).kind).toBe('dropped');
    expect((error as ConnectionError).message).toMatch(/lost while running: sleep 20/);

    // Awaited below so the next test does not start while sshd is still being relaunched.
    let relaunching = false;
    const restarted = new Promise((resolve) => setTimeout(resolve, 700)).then(() => {
      relaunching = true;
      return sshd.restart();
    });
    const later = await connector.exec('echo back');
    expect(later.stdout).toBe('back\n');
    // the exec kept retrying until sshd was back, rather than failing while it was down
    expect(relaunching).toBe(true);
    await restarted;
    await connector.close();
  });

  test('a command issued as the connection dies never started there: it runs on a new connection', async () => {
    const connector = testSshConnector(sshd, 5, {}, { reconnectTimeoutMs: 15_000 });
    await connector.connect();
    // No I/O is processed between these two calls, so the connector still holds the doomed
    // connection and asks it for a channel that sshd never opens.
    const killed = sshd.kill();
    const outcome = connector.exec('echo ran').then(
      (result) => result,
      (caught: unknown) => caught,
    );
    await killed;
    await sshd.restart();
    expect(await outcome).toMatchObject({ rc: 0, stdout: 'ran\n' });
    await connector.close();
  });

  test('a reconnect that cannot succeed in time fails as dropped', async () => {
    const connector = testSshConnector(sshd, 3, {}, { reconnectTimeoutMs: 1000 });
    await connector.connect();
    await sshd.kill();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const error = await connector.exec('true').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'dropped' });
    expect((error as Error).message).toMatch(/could not be re-established within 1 s/);
    await sshd.restart();
    await connector.close();
  });

  test('a 50 MiB upload cut off by the server dying leaves no partial file at the destination', async () => {
    const source = join(scratch, 'big.bin');
    writeFileSync(source, randomBytes(50 * 1024 * 1024));
    const destDir = join(scratch, 'uploads');
    const dest = join(destDir, 'big.bin');
    const connector: SshConnector = testSshConnector(sshd, 4, {}, { reconnectTimeoutMs: 1000 });
    await connector.connect();
    // Handled from the start: the upload may fail while the test is still awaiting kill().
    const uploadOutcome = connector.putFile(source, dest).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    // Kill as soon as the temp file beside the destination has grown: the transfer is under way.
    for (let waited = 0; waited < 20_000; waited += 5) {
      const temp = (() => {
        try {
          return readdirSync(destDir).find((name) => name.startsWith('.big.bin.kplay-tmp-'));
        } catch {
          return undefined;
        }
      })();
      if (temp && statSync(join(destDir, temp)).size > 1024 * 1024) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await sshd.kill();
    expect(await uploadOutcome).toMatchObject({ kind: 'dropped' });
    expect(readdirSync(destDir)).not.toContain('big.bin');
    await sshd.restart();
    await connector.close();
  });
});
