import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionError } from '../../../engine/connectors/types';
import { SshConnector } from '../../../engine/connectors/ssh/ssh-connector';
import { SshdHarness, startSshd } from '../../harness/sshd';
import { describeWithSshd, testSshConnector } from '../../harness/ssh-connectors';

async function failure(promise: Promise<unknown>): Promise<ConnectionError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectionError) return error;
    throw error;
  }
  throw new Error('expected a ConnectionError');
}

describeWithSshd('SshConnector against a real sshd', () => {
  let sshd: SshdHarness;
  let connector: SshConnector;
  let scratch: string;
  const opened: SshConnector[] = [];
  const track = (made: SshConnector): SshConnector => {
    opened.push(made);
    return made;
  };

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 4, users: true });
    connector = track(testSshConnector(sshd, 0));
    await connector.connect();
    scratch = mkdtempSync(join(tmpdir(), 'kplay-ssh-files-'));
  });
  afterAll(async () => {
    await Promise.all(opened.map((made) => made.close()));
    await sshd?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('exec: rc, separate untrimmed stdout/stderr, env, cwd, stdin', async () => {
    const result = await connector.exec('pwd; printf "%s|" "$A_VAR"; cat; echo oops >&2; exit 4', {
      cwd: '/tmp',
      env: { A_VAR: "a 'quoted' $value" },
      stdin: 'input-bytes',
    });
    expect(result).toMatchObject({ rc: 4, stdout: "/tmp\na 'quoted' $value|input-bytes", stderr: 'oops\n' });
  });

  test('exec timeout kills the command and its children on the host', async () => {
    const marker = join(scratch, 'after-timeout');
    const result = await connector.exec(`(sleep 1; touch ${marker}) & sleep 10`, { timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(readdirSync(scratch)).not.toContain('after-timeout');
  });

  test('a timeout enforced on the host is reported as a timeout even when the controller was too busy to notice first', async () => {
    const running = connector.exec('sleep 10', { timeoutMs: 300 });
    // Block the event loop past the deadline (as a loaded CI machine does): the host's kill is
    // then already waiting on the socket when the loop resumes, ahead of our own timer.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const blockedUntil = Date.now() + 1000;
    while (Date.now() < blockedUntil) {
      // busy: nothing else may run
    }
    const result = await running;
    expect(result.timedOut).toBe(true);
  });

  // Warm exec latency (Nagle disabled: no ~40 ms stalls) is measured by `npm run bench:ssh-exec`.

  test('50 parallel execs share one connection with at most 8 channels open', async () => {
    let peak = 0;
    const probe = setInterval(() => {
      peak = Math.max(peak, connector.activeChannels);
    }, 2);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => connector.exec(`sleep 0.1; echo ${i}`)));
    clearInterval(probe);
    expect(results.map((result) => result.stdout)).toEqual(Array.from({ length: 50 }, (_, i) => `${i}\n`));
    expect(peak).toBe(8);
  });

  test('put/get/getFile/stat round-trip binary content with exact modes and on-host sha256', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17);
    const dest = join(scratch, 'deep', 'dir', 'blob.bin');
    await connector.put(content, dest, { mode: 0o751 });
    expect(readFileSync(dest).equals(content)).toBe(true);
    expect(readdirSync(join(scratch, 'deep', 'dir'))).toEqual(['blob.bin']);
    const info = await connector.stat(dest, { checksum: true });
    expect(info).toMatchObject({ exists: true, isDirectory: false, mode: 0o751, size: content.length });
    expect(info.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect((await connector.get(dest)).equals(content)).toBe(true);
    const local = join(scratch, 'fetched.bin');
    await connector.getFile(dest, local);
    expect(readFileSync(local).equals(content)).toBe(true);

    const source = join(scratch, 'source.txt');
    writeFileSync(source, 'replacement');
    await connector.putFile(source, dest, { mode: 0o600 });
    expect(await connector.stat(dest)).toMatchObject({ mode: 0o600, size: 11 });
    expect(await connector.stat(join(scratch, 'nope'))).toEqual({ exists: false });
    await expect(connector.get(join(scratch, 'nope'))).rejects.toThrow(/reading .*nope.*No such file/);
  });

  describe('become (needs root to create the test users)', () => {
    const asBecomeUser = (password?: string): SshConnector =>
      track(testSshConnector(sshd, 1, { user: sshd.becomeUser?.name, ...(password ? { password } : {}) }));
    const maybe = process.getuid?.() === 0 ? test : test.skip;

    maybe('sudo with the right password runs as root; stdin still reaches the command', async () => {
      const user = asBecomeUser();
      const become = { method: 'sudo' as const, user: 'root', password: sshd.becomeUser?.password };
      expect(await user.exec('id -un')).toMatchObject({ rc: 0, stdout: `${sshd.becomeUser?.name}\n` });
      const result = await user.exec('id -un; cat', { become, stdin: 'secret-free input' });
      expect(result).toMatchObject({ rc: 0, stdout: 'root\nsecret-free input', stderr: '' });
      const dest = join(scratch, 'root-only', 'file.txt');
      await user.put('privileged', dest, { become, mode: 0o640, owner: 'root', group: 'root' });
      expect(await user.stat(dest, { become, checksum: true })).toMatchObject({
        mode: 0o640,
        owner: 'root',
        sha256: createHash('sha256').update('privileged').digest('hex'),
      });
      expect((await user.get(dest, { become })).toString()).toBe('privileged');
    });

    maybe('a wrong sudo password fails with a clear message', async () => {
      const error = await failure(asBecomeUser().exec('true', { become: { method: 'sudo', user: 'root', password: 'wrong' } }));
      expect(error.kind).toBe('become');
      expect(error.message).toBe(`sudo: incorrect password for user ${sshd.becomeUser?.name}`);
    });

    maybe('a user without sudo rights gets a "not in the sudoers file" error', async () => {
      const noSudo = track(testSshConnector(sshd, 2, { user: sshd.noSudoUser?.name }));
      const error = await failure(noSudo.exec('true', { become: { method: 'sudo', user: 'root', password: sshd.noSudoUser?.password } }));
      expect(error.kind).toBe('become');
      expect(error.message).toContain(`user ${sshd.noSudoUser?.name} is not in the sudoers file`);
    });
  });

  describe('host keys', () => {
    test('accept-new records an unknown key, strict refuses it', async () => {
      const file = join(scratch, 'kh-accept', 'known_hosts');
      await track(testSshConnector(sshd, 1, {}, { knownHostsFile: file })).connect();
      expect(readFileSync(file, 'utf8')).toBe(`${sshd.knownHostsLine(sshd.hosts[1])}\n`);

      const strictFile = join(scratch, 'kh-strict');
      const error = await failure(track(testSshConnector(sshd, 2, { host_key_checking: 'strict' }, { knownHostsFile: strictFile })).connect());
      expect(error.kind).toBe('host-key-unknown');
      expect(error.message).toContain(sshd.hostKeyFingerprints['ssh-ed25519']);
    });

    test('a changed key fails with a MITM warning naming fingerprints and the file line', async () => {
      const file = join(scratch, 'kh-changed');
      const otherKey = join(scratch, 'other_host_key');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
      const [type, blob] = readFileSync(`${otherKey}.pub`, 'utf8').split(' ');
      writeFileSync(file, `# seeded\n[${sshd.hosts[3]}]:${sshd.port} ${type} ${blob}\n`);
      const error = await failure(track(testSshConnector(sshd, 3, {}, { knownHostsFile: file })).connect());
      expect(error.kind).toBe('host-key-changed');
      expect(error.message).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED.*man-in-the-middle/);
      expect(error.message).toContain(sshd.hostKeyFingerprints['ssh-ed25519']);
      expect(error.message).toContain(`${file}:2`);
    });
  });

  describe('authentication and reachability errors', () => {
    test('a wrong key and a wrong password: the error lists user, host, port and what was tried', async () => {
      const wrongKey = join(scratch, 'wrong_key');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKey]);
      const error = await failure(
        track(testSshConnector(sshd, 0, { private_key: wrongKey, password: 'not-the-password' })).connect(),
      );
      expect(error.kind).toBe('auth');
      expect(error.message).toBe(
        `Permission denied for ${sshd.user}@${sshd.hosts[0]}:${sshd.port} (tried: publickey with ${wrongKey}, password)`,
      );
    });

    test('password-only login with a wrong password', async () => {
      const error = await failure(track(testSshConnector(sshd, 0, { private_key: undefined, password: 'nope' })).connect());
      expect(error.message).toBe(`Permission denied for ${sshd.user}@${sshd.hosts[0]}:${sshd.port} (tried: password)`);
    });

    test('nothing listening → refused', async () => {
      const port = await new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const address = server.address();
          server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
        });
      });
      const error = await failure(track(testSshConnector(sshd, 0, { port })).connect());
      expect(error.kind).toBe('refused');
      expect(error.message).toContain(`127.0.0.2:${port}`);
    });

    test('an unresolvable name → dns', async () => {
      const error = await failure(track(testSshConnector(sshd, 0, { host: 'no-such-host.invalid' })).connect());
      expect(error.kind).toBe('dns');
    });
  });
});
