/**
 * `connector.sudo: true` shared through the inventory's `spec.vars` is meant for the inventory's
 * hosts: the implicit localhost (kplay's own machine) still runs tasks as the user running kplay,
 * while a `localhost` the inventory defines takes the setting. Observable only for a non-root
 * user (root needs no privilege change), so kplay runs here as a throw-away user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
const asRoot = process.getuid?.() === 0;

// skip reason: creating the throw-away user that runs kplay needs root
(asRoot ? describe : describe.skip)('connector.sudo and the implicit localhost', () => {
  const user = `kplocal${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'kplay-sudo-localhost-'));
  beforeAll(() => {
    execFileSync('useradd', ['-M', '-s', '/bin/sh', user]);
    chmodSync(dir, 0o777);
    writeFileSync(join(dir, 'site.yaml'), '- hosts: [localhost]\n  gather_facts: false\n  tasks:\n    - name: who\n      command: id -un\n');
  });
  afterAll(() => {
    execFileSync('userdel', ['-f', user]);
    rmSync(dir, { recursive: true, force: true });
  });

  const runAsUser = (hosts: Record<string, unknown>, name: string) => {
    const inventory = join(dir, `${name}.yaml`);
    const spec = { hosts, vars: { connector: { sudo: true, sudo_password: 'not-a-password' } } };
    writeFileSync(inventory, JSON.stringify({ apiVersion: 'kubekey.kubesphere.io/v1', kind: 'Inventory', metadata: { name }, spec }));
    const cli = ['-r', 'ts-node/register/transpile-only', join(repoRoot, 'cli', 'main.ts')];
    const args = ['run', join(dir, 'site.yaml'), '-i', inventory, '--workdir', join(dir, `work-${name}`), '--no-color', '-vvv'];
    return spawnSync('runuser', ['-u', user, '--', process.execPath, ...cli, ...args], { cwd: repoRoot, env: { ...process.env, HOME: dir }, encoding: 'utf8', timeout: 180_000 });
  };

  test('the implicit localhost ignores a shared sudo: true; a defined localhost takes it', () => {
    const implicit = runAsUser({}, 'implicit');
    expect({ code: implicit.status, stderr: implicit.stderr }).toEqual({ code: 0, stderr: '' });
    expect(implicit.stdout).toContain(`stdout: ${user}`);
    const defined = runAsUser({ localhost: { connector: { type: 'local' } } }, 'defined');
    expect(defined.status).toBe(3);
    expect(defined.stdout).toContain(`sudo: incorrect password for user ${user}`);
    expect(defined.stdout).not.toContain('not-a-password');
  }, 240_000);
});
