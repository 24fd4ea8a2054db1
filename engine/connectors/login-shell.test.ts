import { execFileSync } from 'node:child_process';
import { buildScript } from './command-line';
import { LOGIN_SHELL, LOGIN_SHELL_PROBE, LoginShell, shellFromProbe, shellSetting } from './login-shell';
import { implicitBecome } from './implicit-sudo';

const probeWith = (env: Record<string, string>): string => execFileSync('/bin/sh', ['-c', LOGIN_SHELL_PROBE], { env }).toString();

describe('login shell', () => {
  test('the probe prints $SHELL when it is an executable file, else /bin/bash, else /bin/sh', () => {
    expect(probeWith({ SHELL: '/bin/sh' })).toBe('/bin/sh\n');
    expect(probeWith({ SHELL: '/no/such/shell' })).toBe('/bin/bash\n');
    expect(probeWith({ SHELL: 'bash' })).toBe('/bin/bash\n');
    expect(probeWith({ SHELL: '/etc' })).toBe('/bin/bash\n');
    expect(probeWith({})).toBe('/bin/bash\n');
  });

  test('probe output that is not one absolute path means /bin/sh', () => {
    expect(shellFromProbe('/usr/bin/zsh\n')).toBe('/usr/bin/zsh');
    expect(shellFromProbe('motd noise\n/bin/bash\n')).toBe('/bin/bash');
    expect(shellFromProbe('')).toBe('/bin/sh');
    expect(shellFromProbe('not a path')).toBe('/bin/sh');
  });

  test('connector.shell: a non-empty string, other types ignored', () => {
    expect(shellSetting({ shell: ' /bin/zsh ' })).toBe('/bin/zsh');
    expect(shellSetting({ shell: '' })).toBeUndefined();
    expect(shellSetting({ shell: true })).toBeUndefined();
    expect(shellSetting(undefined)).toBeUndefined();
  });

  test('`login` is probed once; a failed probe is tried again; paths and the default pass through', async () => {
    const answers = [Promise.reject(new Error('dropped')), Promise.resolve('/bin/bash')];
    let probes = 0;
    const shell = new LoginShell(undefined, () => answers[probes++]);
    await expect(shell.resolve(LOGIN_SHELL)).rejects.toThrow('dropped');
    await expect(shell.resolve(LOGIN_SHELL)).resolves.toBe('/bin/bash');
    await expect(shell.resolve(LOGIN_SHELL)).resolves.toBe('/bin/bash');
    expect(probes).toBe(2);
    await expect(shell.resolve('/bin/zsh')).resolves.toBe('/bin/zsh');
    await expect(shell.resolve(undefined)).resolves.toBeUndefined();
    const set = new LoginShell('/bin/dash', () => Promise.reject(new Error('never probed')));
    await expect(set.resolve(LOGIN_SHELL)).resolves.toBe('/bin/dash');
  });

  test('a command for another shell is handed over with exec after the POSIX preamble', () => {
    const script = buildScript(`echo "it's"`, { cwd: '/tmp', env: { A: 'b' }, shell: '/bin/bash' });
    expect(script).toBe(`cd -- /tmp || exit 1\nexport A=b\nexec /bin/bash -c 'echo "it'\\''s"'`);
    expect(execFileSync('/bin/sh', ['-c', script]).toString()).toBe("it's\n");
    expect(() => buildScript('true', { shell: '' })).toThrow('invalid shell');
  });
});

describe('connector.sudo', () => {
  test('true: sudo to root with the host become password; anything else: no privilege change', () => {
    expect(implicitBecome({ sudo: true, password: 'p', sudo_password: 's' })).toEqual({ method: 'sudo', user: 'root', password: 's' });
    expect(implicitBecome({ sudo: true, password: 'p' })).toEqual({ method: 'sudo', user: 'root', password: 'p' });
    expect(implicitBecome({ sudo: true })).toEqual({ method: 'sudo', user: 'root' });
    expect(implicitBecome({ sudo: 'true' })).toBeUndefined();
    expect(implicitBecome({ sudo: false, password: 'p' })).toBeUndefined();
    expect(implicitBecome(undefined)).toBeUndefined();
  });
});
