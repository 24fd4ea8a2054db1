/**
 * connector.session: persistent against a real sshd: commands share long-lived shell sessions
 * yet see nothing of each other, and results match exec mode byte for byte.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionError } from '../../../engine/connectors/types';
import { SshConnector } from '../../../engine/connectors/ssh/ssh-connector';
import { SshdHarness, startSshd } from '../../harness/sshd';
import { describeWithSshd, testSshConnector } from '../../harness/ssh-connectors';

/** Processes on this machine whose command line holds `text`. */
function processesWith(text: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmdline.includes(text) ? [cmdline] : [];
      } catch {
        return [];
      }
    });
}

/**
 * Runs `command`, which starts a background process and prints its pid, and checks that the
 * command returned while that process still runs (then stops it): only open output holds a command.
 */
async function expectReturnedWhileRunning(connector: SshConnector, command: string): Promise<void> {
  const started = await connector.exec(command);
  const pid = started.stdout.trim();
  expect(started.rc).toBe(0);
  expect(readdirSync('/proc')).toContain(pid);
  process.kill(Number(pid), 'SIGKILL');
}

describeWithSshd('persistent shell sessions', () => {
  let sshd: SshdHarness;
  let persistent: SshConnector;
  let exec: SshConnector;
  let scratch: string;
  const opened: SshConnector[] = [];
  const track = (made: SshConnector): SshConnector => {
    opened.push(made);
    return made;
  };

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 1, users: true });
    persistent = track(testSshConnector(sshd, 0, { session: 'persistent' }, { maxChannels: 2 }));
    exec = track(testSshConnector(sshd, 0, { session: 'exec' }));
    scratch = mkdtempSync(join(tmpdir(), 'kplay-persistent-'));
  });
  afterAll(async () => {
    await Promise.all(opened.map((made) => made.close()));
    await sshd?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('rc, untrimmed stdout/stderr, env, cwd and stdin as in exec mode', async () => {
    const run = (connector: SshConnector) =>
      connector.exec('pwd; printf "%s|" "$A_VAR"; cat; printf "no newline" >&2; exit 4', {
        cwd: '/tmp',
        env: { A_VAR: "a 'quoted' $value" },
        stdin: 'input-bytes',
      });
    const [inSession, viaExec] = [await run(persistent), await run(exec)];
    expect(inSession).toMatchObject({ rc: 4, stdout: "/tmp\na 'quoted' $value|input-bytes", stderr: 'no newline' });
    expect({ ...inSession, startedAt: 0, endedAt: 0 }).toEqual({ ...viaExec, startedAt: 0, endedAt: 0 });
  });

  test('no command sees the variables, directory, umask or traps another one left', async () => {
    await persistent.exec('X_LEFT=1; export Y_LEFT=2; cd /; umask 077; trap "echo trapped" EXIT; exit 0');
    const after = await persistent.exec('printf "%s|%s|" "${X_LEFT-unset}" "${Y_LEFT-unset}"; pwd; umask; trap');
    const fresh = await exec.exec('printf "%s|%s|" "${X_LEFT-unset}" "${Y_LEFT-unset}"; pwd; umask; trap');
    expect(after.stdout).toBe(fresh.stdout);
    expect(after.stdout.startsWith('unset|unset|')).toBe(true);
    // And it really ran in a session: its parent is the session's shell, not sshd's.
    expect((await persistent.exec('tr "\\0" " " < /proc/$PPID/cmdline')).stdout).toContain('kplay-session');
    expect((await exec.exec('tr "\\0" " " < /proc/$PPID/cmdline')).stdout).not.toContain('kplay-session');
  });

  test('a background child still holding the output is waited for, as with an exec channel', async () => {
    const command = '(sleep 1; echo late; echo late-err >&2) & echo early';
    const [inSession, viaExec] = [await persistent.exec(command), await exec.exec(command)];
    expect(inSession).toMatchObject({ rc: 0, stdout: 'early\nlate\n', stderr: 'late-err\n' });
    expect(inSession).toMatchObject({ rc: viaExec.rc, stdout: viaExec.stdout, stderr: viaExec.stderr });
    expect((await persistent.exec('echo next')).stdout).toBe('next\n');
  });

  test('long command lines (over 8 KiB, quotes, newlines, UTF-8) run as in exec mode', async () => {
    for (const size of [100, 8190, 8200, 20_000]) {
      const text = `${"é'\"$x`\n".repeat(Math.ceil(size / 8))}`.slice(0, size);
      const command = `printf '%s' '${text.replace(/'/g, "'\\''")}' | sha256sum; echo "multi\nline"`;
      const [inSession, viaExec] = [await persistent.exec(command), await exec.exec(command)];
      expect(inSession).toMatchObject({ rc: 0, stdout: viaExec.stdout, stderr: viaExec.stderr });
      expect(inSession.stdout).toContain(createHash('sha256').update(text).digest('hex'));
    }
  });

  test('stdin is at end of file unless input is given', async () => {
    const result = await persistent.exec('cat; echo rc=$?');
    expect(result).toMatchObject({ rc: 0, stdout: 'rc=0\n' });
  });

  test('binary output and several MiB pass unchanged; a forged frame is just output', async () => {
    const binary = 'seq 1 900000 | gzip -1 -n; printf "\\0\\1\\377"; seq 1 1000 | gzip -n >&2';
    const [inSession, viaExec] = [await persistent.exec(binary), await exec.exec(binary)];
    expect(inSession.stdout.length).toBeGreaterThan(1_000_000);
    expect(inSession.stdout).toBe(viaExec.stdout);
    expect(inSession.stderr).toBe(viaExec.stderr);
    const raw = await persistent.exec(`printf 'kplay-0123E0\\nkplay-session-ready\\n'; printf 'kplay-'; printf 'kplay-\\n' >&2`);
    expect(raw).toMatchObject({ rc: 0, stdout: 'kplay-0123E0\nkplay-session-ready\nkplay-', stderr: 'kplay-\n' });
    const data = randomBytes(3 << 20);
    const sum = await persistent.exec('sha256sum | cut -c1-64', { stdin: data });
    expect(sum.stdout.trim()).toBe(createHash('sha256').update(data).digest('hex'));
  });

  test('a timeout kills the command group; the session stays usable', async () => {
    const marker = join(scratch, 'after-timeout');
    const result = await persistent.exec(`(sleep 1; touch ${marker}) & sleep 10`, { timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    const next = await persistent.exec('echo still here');
    expect(next.stdout).toBe('still here\n');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(readdirSync(scratch)).not.toContain('after-timeout');
  });

  test('an abort stops the command and its children; the next command runs', async () => {
    const controller = new AbortController();
    const tag = `kplay-abort-${randomBytes(4).toString('hex')}`;
    const running = persistent.exec(`sleep 30 & sh -c 'sleep 31; : ${tag}'`, { signal: controller.signal });
    for (let i = 0; i < 100 && processesWith(tag).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expect(running).rejects.toThrow(/abort/i);
    expect(processesWith(tag)).toEqual([]);
    expect((await persistent.exec('echo ok')).stdout).toBe('ok\n');
  });

  test('commands run in parallel up to the channel cap, each in its own session', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => persistent.exec(`echo ${i}; echo e${i} >&2; exit ${i}`)));
    results.forEach((result, i) => expect(result).toMatchObject({ rc: i, stdout: `${i}\n`, stderr: `e${i}\n` }));
  });

  test('a session killed mid-command reports the loss, is not re-run, and the next command gets a new session', async () => {
    const mark = join(scratch, `runs-${randomBytes(4).toString('hex')}`);
    // The command's parent is the session's shell.
    const dying = persistent.exec(`echo x >> ${mark}; kill -KILL $PPID; sleep 1`);
    await expect(dying).rejects.toBeInstanceOf(ConnectionError);
    await expect(dying).rejects.toThrow(/ended while running/);
    const after = await persistent.exec(`cat ${mark}`);
    expect(after.stdout).toBe('x\n');
  });

  test('a background child that closed its output does not hold the command, in either mode', async () => {
    for (const connector of [persistent, exec]) {
      await expectReturnedWhileRunning(connector, 'sleep 20 >/dev/null 2>&1 </dev/null & echo $!');
    }
  });

  test('a finished process of the group that nobody reaped yet does not hold the command, as a login user without root', async () => {
    if (!sshd.becomeUser) return;
    const login = { user: sshd.becomeUser.name, password: sshd.becomeUser.password, private_key: undefined };
    for (const session of ['persistent', 'exec']) {
      const user = track(testSshConnector(sshd, 0, { ...login, session }));
      // `sleep 30` never reaps the child it inherited: a zombie stays in the command's process group
      // (the command waits a moment so that it is one), and a login user cannot look into a
      // zombie's file descriptors.
      await expectReturnedWhileRunning(user, "sh -c 'sleep 0 & exec sleep 30' >/dev/null 2>&1 </dev/null & sleep 1; echo $!");
    }
  });

  test('closing the connector ends the session shells (nothing waits between commands)', async () => {
    const own = testSshConnector(sshd, 0, { session: 'persistent' });
    const driver = Number((await own.exec('echo $PPID')).stdout.trim());
    const children = (): number[] =>
      readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .filter((pid) => {
          try {
            return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]) === driver;
          } catch {
            return false;
          }
        })
        .map(Number);
    expect(children()).toEqual([]);
    await own.close();
    for (let i = 0; i < 100 && (children().length > 0 || readdirSync('/proc').includes(String(driver))); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(children()).toEqual([]);
    expect(readdirSync('/proc')).not.toContain(String(driver));
  });

  test('become with a password through sudo, in a session', async () => {
    if (!sshd.becomeUser) return;
    const user = testSshConnector(sshd, 0, { session: 'persistent', user: sshd.becomeUser.name, password: sshd.becomeUser.password, private_key: undefined });
    track(user);
    const result = await user.exec('id -un; cat', { become: { method: 'sudo', user: 'root' }, stdin: 'secret-input' });
    expect(result).toMatchObject({ rc: 0, stdout: 'root\nsecret-input' });
    const plain = await user.exec('id -un');
    expect(plain.stdout).toBe(`${sshd.becomeUser.name}\n`);
  });
});
