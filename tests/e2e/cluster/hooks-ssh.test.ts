import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithSshd } from '../../harness/ssh-connectors';
import { startSshd, type SshdHarness } from '../../harness/sshd';
import { runKplay } from '../../helpers/cli';
import { packageRoot } from '../../../engine/core/package-root';
import { writeInventory } from './ssh-inventory';

/**
 * The packaged pre_hook/post_hook roles, run for real on three SSH hosts. They are linked into a
 * throw-away project so only the hook plays of create_cluster.yaml run (init/install would
 * download and install for real).
 */
describeWithSshd('create cluster hooks over SSH', () => {
  let sshd: SshdHarness;
  let dir: string;
  beforeAll(async () => {
    sshd = await startSshd({ hosts: 3 });
    dir = mkdtempSync(join(tmpdir(), 'kplay-hooks-'));
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('scripts arrive with mode 0755 and run globally, per group, then per host, in order', async () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'playbooks'), { recursive: true });
    mkdirSync(join(project, 'roles'));
    for (const role of ['defaults', 'hook', 'pre_hook', 'post_hook']) symlinkSync(join(packageRoot(), 'roles', role), join(project, 'roles', role));
    const create = readFileSync(join(packageRoot(), 'playbooks', 'create_cluster.yaml'), 'utf8');
    // The first and the last play of create_cluster.yaml, as written there.
    const plays = create.split(/\n(?=- name: )/);
    writeFileSync(join(project, 'playbooks', 'hooks.yaml'), `${plays.find((p) => p.startsWith('- name: Pre-install hook'))}\n${plays.find((p) => p.startsWith('- name: Post-install hook'))}\n`);

    // Controller side: <work_dir>/scripts
    const workDir = join(dir, 'work');
    const scripts = join(workDir, 'scripts');
    // Each host gets its own remote hook_dir: the three test hosts are one machine.
    const log = (name: string) => `#!/bin/sh\necho "${name} $(basename "$0")" >> "$(dirname "$0")/../order.log"\n`;
    mkdirSync(join(scripts, 'kube_worker'), { recursive: true });
    mkdirSync(join(scripts, 'etcd'), { recursive: true });
    writeFileSync(join(scripts, 'pre_install.sh'), log('all'), { mode: 0o600 });
    writeFileSync(join(scripts, 'kube_worker', 'pre_install.sh'), log('group-kube_worker'));
    writeFileSync(join(scripts, 'etcd', 'pre_install.sh'), log('group-etcd'));
    writeFileSync(join(scripts, 'pre_install_node2.sh'), log('host-node2'));
    writeFileSync(join(scripts, 'post_install.sh'), log('post-all'));
    const remote = (host: string) => join(dir, 'remote', host, 'scripts');
    const inventory = writeInventory(
      join(dir, 'inventory.yaml'),
      sshd,
      ['node1', 'node2', 'node3'].map((name, index) => ({ name, index, vars: { hook_dir: remote(name) } })),
      { kube_control_plane: ['node1'], kube_worker: ['node2', 'node3'], etcd: ['node1', 'node2'] },
    );
    const result = await runKplay(['run', join(project, 'playbooks', 'hooks.yaml'), '-i', inventory, '-e', `work_dir=${workDir}`, '--workdir', join(dir, 'journal'), '--known-hosts', sshd.knownHostsFile]);
    if (result.code !== 0) console.log(result.stdout, result.stderr);
    expect(result.code).toBe(0);

    const order = (host: string) => readFileSync(join(dir, 'remote', host, 'order.log'), 'utf8').trim().split('\n');
    expect(order('node1')).toEqual(['all pre_install_1_all.sh', 'group-etcd pre_install_2_group_etcd.sh', 'post-all post_install_1_all.sh']);
    expect(order('node2')).toEqual([
      'all pre_install_1_all.sh',
      'group-etcd pre_install_2_group_etcd.sh',
      'group-kube_worker pre_install_2_group_kube_worker.sh',
      'host-node2 pre_install_3_host_node2.sh',
      'post-all post_install_1_all.sh',
    ]);
    expect(order('node3')).toEqual(['all pre_install_1_all.sh', 'group-kube_worker pre_install_2_group_kube_worker.sh', 'post-all post_install_1_all.sh']);
    for (const file of ['pre_install_1_all.sh', 'pre_install_2_group_etcd.sh', 'pre_install_2_group_kube_worker.sh', 'pre_install_3_host_node2.sh', 'post_install_1_all.sh']) {
      expect(statSync(join(remote('node2'), file)).mode & 0o777).toBe(0o755);
    }
    // Nothing for a host that has no script of its own.
    expect(() => statSync(join(remote('node1'), 'pre_install_3_host_node1.sh'))).toThrow();
  });
});
