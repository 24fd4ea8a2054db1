/**
 * The path through the API on three SSH test hosts (loopback sshd): store the inventory
 * and config, check the hosts, run `create cluster --check --diff` and follow it to its recap;
 * then cancel a run whose remote commands are sleeping and see them stop.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCommand } from '../../cluster/commands/create';
import { precheckCommand } from '../../cluster/commands/precheck';
import { describeWithSshd } from '../harness/ssh-connectors';
import { startSshd, type SshdHarness } from '../harness/sshd';
import { FAST_FIO, writeConfig, writeInventory } from '../e2e/cluster/ssh-inventory';
import { readEvents, startHarness, type WebHarness } from './harness';

interface Event {
  type: string;
  task?: { task: string; play: string };
  result?: { host: string; status: string; diff?: { path: string }[] };
  exitCode?: number;
}

describeWithSshd('kplay web on three SSH hosts', () => {
  let sshd: SshdHarness;
  let web: WebHarness;
  let mirror: Server;
  let mirrorUrl: string;
  beforeAll(async () => {
    sshd = await startSshd({ hosts: 3 });
    web = await startHarness(
      { 'create-cluster': (argv, ctx) => createCommand(['cluster', ...argv], ctx), precheck: (argv, ctx) => precheckCommand(argv, ctx) },
      sshd.knownHostsFile,
    );
    // Stands in for download.mirror: every artifact URL answers.
    mirror = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '4' });
      res.end(req.method === 'HEAD' ? undefined : 'data');
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await web?.close();
    await new Promise((resolve) => mirror?.close(resolve));
    await sshd?.stop();
  });

  const events = async (id: string): Promise<Event[]> => {
    const { messages } = await readEvents(`${web.url}/api/v1/runs/${id}/events`, { authorization: `Bearer ${web.token}` });
    return messages.filter((m) => m.event === 'message').map((m) => JSON.parse(m.data) as Event);
  };

  test('inventory and config stored, hosts checked, create cluster --check --diff followed to its recap', async () => {
    const inventoryText = readFileSync(
      writeInventory(join(web.dir, 'inventory.yaml'), sshd, [{ name: 'node1', index: 0 }, { name: 'node2', index: 1 }, { name: 'node3', index: 2 }], {
        kube_control_plane: ['node1'],
        kube_worker: ['node2', 'node3'],
        etcd: ['node1'],
      }),
      'utf8',
    );
    const configText = readFileSync(writeConfig(join(web.dir, 'config.yaml'), { work_dir: join(web.dir, 'cluster-work'), cluster_require: FAST_FIO, download: { mirror: mirrorUrl } }), 'utf8');
    expect((await web.api('PUT', '/api/v1/inventories/cluster', { content: inventoryText })).status).toBe(200);
    expect((await web.api('PUT', '/api/v1/configs/cluster', { content: configText })).status).toBe(200);

    const checked = await web.api('POST', '/api/v1/hosts/check', { inventory: 'cluster', min_tmp_mib: 0 });
    const hosts = (checked.data as { hosts: { host: string; checks: Record<string, { status: string }> }[] }).hosts;
    expect(hosts.map((h) => [h.host, h.checks.connect.status, h.checks.auth.status, h.checks.shell.status])).toEqual([
      ['node1', 'pass', 'pass', 'pass'],
      ['node2', 'pass', 'pass', 'pass'],
      ['node3', 'pass', 'pass', 'pass'],
    ]);

    const started = await web.api('POST', '/api/v1/runs', { command: 'create-cluster', inventory: 'cluster', config: 'cluster', check: true, diff: true });
    expect(started.status).toBe(202);
    const all = await events((started.data as { id: string }).id);
    const end = all[all.length - 1];
    expect(end).toMatchObject({ type: 'run_end', exitCode: 0 });
    const results = all.filter((e) => e.type === 'host_result');
    expect(results.filter((e) => e.result?.status === 'failed')).toEqual([]);
    const hostsOf = (play: string) => new Set(results.filter((e) => e.task?.play === play).map((e) => e.result?.host));
    expect(hostsOf('Install the container runtime and Kubernetes')).toEqual(new Set(['node1', 'node2', 'node3']));
    const diffs = new Set(results.flatMap((e) => (e.result?.diff ?? []).map((d) => d.path)));
    expect(diffs).toContain('/etc/kubernetes/kubeadm-config.yaml');
  });

  test('DELETE cancels a run on the SSH hosts: its remote commands stop, it ends interrupted and starts nothing more', async () => {
    const marker = `kplay-web-cancel-${process.pid}`;
    web.writeProjectFile(
      'remote-sleep.yaml',
      `- hosts: k8s_cluster\n  tasks:\n    - name: remote sleep\n      command: echo $$ > /tmp/${marker}-{{ .inventory_hostname }} && exec sleep 120\n    - name: never\n      command: touch /tmp/${marker}-never-{{ .inventory_hostname }}\n`,
    );
    const started = await web.api('POST', '/api/v1/runs', { playbook: 'remote-sleep.yaml', inventory: 'cluster', check: false });
    expect(started.status).toBe(202);
    const id = (started.data as { id: string }).id;
    const pidFiles = ['node1', 'node2', 'node3'].map((h) => `/tmp/${marker}-${h}`);
    const deadline = Date.now() + 60_000;
    while (!pidFiles.every((f) => existsSync(f) && readFileSync(f, 'utf8').trim() !== '')) {
      if (Date.now() > deadline) throw new Error('the remote sleeps never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    const pids = pidFiles.map((f) => Number(readFileSync(f, 'utf8').trim()));
    const stream = events(id);
    expect((await web.api('DELETE', `/api/v1/runs/${id}`)).status).toBe(202);
    const all = await stream;
    expect(all[all.length - 1]).toMatchObject({ type: 'run_end', exitCode: 130 });
    for (const h of ['node1', 'node2', 'node3']) expect(existsSync(`/tmp/${marker}-never-${h}`)).toBe(false);
    // The remote sleeps were stopped too (the connector kills their process group through a
    // second channel); the hosts are this machine, so their processes can be looked at.
    for (const pid of pids) {
      const deadline = Date.now() + 30_000;
      const status = `/proc/${pid}/status`;
      while (existsSync(status) && !/State:\s+Z/.test(readFileSync(status, 'utf8'))) {
        if (Date.now() > deadline) throw new Error(`remote sleep ${pid} still running after the cancel`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (const f of pidFiles) rmSync(f, { force: true });
  });
});
