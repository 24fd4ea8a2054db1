/**
 * Starting a persistent session does not depend on the login shell's syntax: the exec request is
 * one plain line and bash reads the driver from stdin, so hosts whose users log in with tcsh or
 * fish get sessions, and a login shell that cannot start bash leaves the host on exec channels.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SshConnector } from '../../../engine/connectors/ssh/ssh-connector';
import { SshdHarness, TestUser, createTestUser, removeTestUser, startSshd } from '../../harness/sshd';
import { describeWithSshd, testSshConnector } from '../../harness/ssh-connectors';

const asRoot = process.getuid?.() === 0;
const PARENT = 'tr "\\0" " " < /proc/$PPID/cmdline';

describeWithSshd('persistent sessions under other login shells (needs root to create the users)', () => {
  let sshd: SshdHarness;
  let scratch: string;
  const users: TestUser[] = [];
  const opened: SshConnector[] = [];

  const connectAs = (shell: string): SshConnector => {
    const user = createTestUser('kpshell', shell);
    users.push(user);
    const connector = testSshConnector(sshd, 0, { session: 'persistent', user: user.name, password: user.password, private_key: undefined });
    opened.push(connector);
    return connector;
  };

  /** A login shell that runs `prelude` and then everything as /bin/sh would. */
  const wrappedShell = (name: string, prelude: string): string => {
    const path = join(scratch, name);
    writeFileSync(path, `#!/bin/sh\n${prelude}\nexec /bin/sh "$@"\n`, { mode: 0o755 });
    return path;
  };

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 1 });
    scratch = mkdtempSync(join(tmpdir(), 'kplay-session-start-'));
    chmodSync(scratch, 0o755);
  });
  afterAll(async () => {
    await Promise.all(opened.map((connector) => connector.close()));
    users.forEach(removeTestUser);
    await sshd?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  for (const shell of ['/usr/bin/tcsh', '/usr/bin/fish']) {
    const maybe = asRoot && existsSync(shell) ? test : test.skip;
    maybe(`${shell}: commands run in a session, with quotes, environment and chdir intact`, async () => {
      const connector = connectAs(shell);
      const result = await connector.exec(`printf '%s|' "$A" "it's"; pwd`, { env: { A: "x'y \"z\" $HOME" }, cwd: '/tmp' });
      expect(result).toMatchObject({ rc: 0, stdout: `x'y "z" $HOME|it's|/tmp\n`, stderr: '' });
      expect((await connector.exec(PARENT)).stdout).toContain('kplay-session');
    });
  }

  (asRoot ? test : test.skip)('a login shell that cannot start bash leaves the host on exec channels', async () => {
    // A login shell that finds no bash on its PATH.
    const connector = connectAs(wrappedShell('no-bash-shell', 'PATH=/nonexistent; export PATH'));
    const result = await connector.exec('echo "still runs"');
    expect(result).toMatchObject({ rc: 0, stdout: 'still runs\n' });
    expect((await connector.exec(`/bin/${PARENT}`)).stdout).not.toContain('kplay-session');
  });

  (asRoot ? test : test.skip)('a temp directory that cannot be written does not keep a command with input from a session', async () => {
    // The login environment points TMPDIR at a directory nobody may write to.
    const locked = join(scratch, 'locked-tmp');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    const connector = connectAs(wrappedShell('locked-tmp-shell', `TMPDIR=${locked}; export TMPDIR`));
    const result = await connector.exec('cat; echo " rc=$?"', { stdin: 'from stdin' });
    expect(result).toMatchObject({ rc: 0, stdout: 'from stdin rc=0\n' });
    expect((await connector.exec(PARENT)).stdout).toContain('kplay-session');
  });

  (asRoot ? test : test.skip)('a session that never gets ready leaves the host on exec channels after the ready timeout', async () => {
    // A login shell that hangs when asked to start a session, and runs everything else.
    const connector = connectAs(wrappedShell('hanging-shell', 'case "$2" in "exec bash -s"*) exec sleep 45 ;; esac'));
    const result = await connector.exec('echo "after the timeout"');
    expect(result).toMatchObject({ rc: 0, stdout: 'after the timeout\n' });
    expect((await connector.exec(PARENT)).stdout).not.toContain('kplay-session');
  }, 120_000);
});
