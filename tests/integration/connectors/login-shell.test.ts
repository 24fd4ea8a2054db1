/**
 * `shell: login` runs a command under the login user's shell, as KubeKey does (its `$SHELL`, else
 * /bin/bash, else /bin/sh), probed once per connection; `connector.shell` and an explicit path
 * win; under sudo the login user's shell is kept and the process group is still announced.
 */
import { execFileSync } from 'node:child_process';
import { LOGIN_SHELL } from '../../../engine/connectors/login-shell';
import { SshConnector } from '../../../engine/connectors/ssh/ssh-connector';
import { SshdHarness, startSshd } from '../../harness/sshd';
import { describeWithSshd, testSshConnector } from '../../harness/ssh-connectors';

/**
 * Prints the program the command's shell really is (bash is /usr/bin/bash, dash /usr/bin/dash);
 * the `:` keeps bash from exec'ing its last command in place of itself.
 */
const WHICH_SHELL = 'readlink /proc/$$/exe; :';
const BASH_ONLY = 'set -o pipefail; a=(x y z); [[ ${#a[@]} == 3 ]] && echo "arrays ${a[1]}"; source /dev/null; cat <(echo procsub)';

describeWithSshd('the shell commands run in', () => {
  let sshd: SshdHarness;
  const opened: SshConnector[] = [];
  const track = (made: SshConnector): SshConnector => {
    opened.push(made);
    return made;
  };

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 2, users: true });
  });
  afterAll(async () => {
    await Promise.all(opened.map((made) => made.close()));
    await sshd?.stop();
  });

  test('by default a command runs under /bin/sh; `login` picks the login shell, which runs bash-only syntax', async () => {
    const ssh = track(testSshConnector(sshd, 0));
    const plain = await ssh.exec(WHICH_SHELL);
    expect(plain.stdout.trim()).toBe(execFileSync('readlink', ['-f', '/bin/sh']).toString().trim());
    const loginShell = execFileSync('getent', ['passwd', sshd.user]).toString().trim().split(':')[6];
    const login = await ssh.exec(WHICH_SHELL, { shell: LOGIN_SHELL });
    expect(login.stdout.trim()).toBe(execFileSync('readlink', ['-f', loginShell]).toString().trim());
    if (loginShell.endsWith('bash')) {
      expect(await ssh.exec(BASH_ONLY, { shell: LOGIN_SHELL })).toMatchObject({ rc: 0, stdout: 'arrays y\nprocsub\n' });
    }
  });

  test('an explicit path and connector.shell win over the login shell; cwd, env and stdin still apply', async () => {
    const ssh = track(testSshConnector(sshd, 0, { shell: '/bin/sh' }));
    const viaSetting = await ssh.exec(`${WHICH_SHELL}; pwd; echo "$KP_V"; cat`, { shell: LOGIN_SHELL, cwd: '/tmp', env: { KP_V: "it's" }, stdin: 'in' });
    expect(viaSetting).toMatchObject({ rc: 0, stdout: `${execFileSync('readlink', ['-f', '/bin/sh']).toString().trim()}\n/tmp\nit's\nin` });
    const explicit = await ssh.exec(`${WHICH_SHELL}; exit 3`, { shell: '/bin/bash' });
    expect(explicit).toMatchObject({ rc: 3, stdout: `${execFileSync('readlink', ['-f', '/bin/bash']).toString().trim()}\n` });
    const missing = await ssh.exec('true', { shell: '/no/such/shell' });
    expect(missing.rc).toBe(127);
  });

  const asRoot = process.getuid?.() === 0;
  // skip reason: the harness creates its non-root users only when the tests run as root
  (asRoot ? test : test.skip)('a non-root user: its own shell (found once per connection), also through sudo', async () => {
    const become = sshd.becomeUser;
    const noSudo = sshd.noSudoUser;
    if (become === undefined || noSudo === undefined) throw new Error('the harness made no users');
    const user = track(testSshConnector(sshd, 1, { user: become.name }));
    const sudo = { method: 'sudo' as const, user: 'root', password: become.password };
    const asRootViaSudo = await user.exec(`id -u; ${WHICH_SHELL}; ${BASH_ONLY}`, { shell: LOGIN_SHELL, become: sudo });
    expect(asRootViaSudo).toMatchObject({ rc: 0, stdout: `0\n${execFileSync('readlink', ['-f', '/bin/bash']).toString().trim()}\narrays y\nprocsub\n` });
    expect(asRootViaSudo.stdout + asRootViaSudo.stderr).not.toContain(become.password);
    // The shell was found once: changing the account's shell now does not change this run's.
    execFileSync('usermod', ['-s', '/bin/sh', become.name]);
    try {
      expect((await user.exec(WHICH_SHELL, { shell: LOGIN_SHELL })).stdout).toBe(`${execFileSync('readlink', ['-f', '/bin/bash']).toString().trim()}\n`);
      const fresh = track(testSshConnector(sshd, 1, { user: become.name }));
      expect((await fresh.exec(WHICH_SHELL, { shell: LOGIN_SHELL })).stdout).toBe(`${execFileSync('readlink', ['-f', '/bin/sh']).toString().trim()}\n`);
    } finally {
      execFileSync('usermod', ['-s', '/bin/bash', become.name]);
    }
    const dashUser = track(testSshConnector(sshd, 1, { user: noSudo.name, password: noSudo.password }));
    expect((await dashUser.exec(WHICH_SHELL, { shell: LOGIN_SHELL })).stdout).toBe(`${execFileSync('readlink', ['-f', '/bin/sh']).toString().trim()}\n`);
  });
});
