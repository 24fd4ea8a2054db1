import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithSshd } from '../../harness/ssh-connectors';
import { startSshd, type SshdHarness } from '../../harness/sshd';
import { runKplay } from '../../helpers/cli';
import { FAST_FIO, journalArgs, writeConfig, writeInventory } from './ssh-inventory';

interface Report {
  status: string;
  tasks: { play: string; task: string; host: string; status: string; msg?: string; stdout: string }[];
}

/** Stands in for download.mirror: every artifact URL answers, as an internal mirror would. */
async function startMirror(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '4' });
    res.end(req.method === 'HEAD' ? undefined : 'data');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const PHASES = ['Pre-install hook', 'Precheck', 'Stop unless every host passed the precheck', 'Init', 'Install the container runtime and Kubernetes', 'Install the CNI', 'Install the storage classes', 'Post-install hook'];

describe('kplay create cluster --check', () => {
  let dir: string;
  let mirror: { server: Server; url: string };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-create-check-'));
    mirror = await startMirror();
  });
  afterAll(async () => {
    await new Promise((resolve) => mirror.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  const report = (): Report => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

  test('without -i plans a one-node cluster on this machine and exits 0', async () => {
    const config = writeConfig(join(dir, 'local-config.yaml'), { work_dir: join(dir, 'local-work'), cluster_require: FAST_FIO, download: { mirror: mirror.url } });
    const result = await runKplay(['create', 'cluster', '--check', '-c', config, '--workdir', join(dir, 'journal'), '--report', join(dir, 'report.json')]);
    if (result.code !== 0) console.log(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Running in check mode');
    const plays = new Set(report().tasks.filter((t) => t.host === 'localhost').map((t) => t.play));
    for (const phase of PHASES.filter((p) => !p.startsWith('Stop') && !p.endsWith('hook'))) expect(plays).toContain(phase);
    // the precheck ran on the controller as a cluster node
    expect(report().tasks.some((t) => t.task.startsWith('OS | enough memory') && t.host === 'localhost' && t.status === 'ok')).toBe(true);
    // no placeholder for a result that was not really produced is shown or used as data
    // (docs/cli.md#unknown-values-in-check-mode)
    expect(result.stdout).not.toMatch(/\bskip\b/);
    expect(report().tasks.filter((t) => t.stdout === 'skip')).toEqual([]);
    expect(result.stdout).toMatch(/^localhost : ok=\d+ .* unknown=\d+$/m);
  });

  test('precheck --check on this machine: every check decides, nothing is a placeholder', async () => {
    const config = writeConfig(join(dir, 'precheck-config.yaml'), { work_dir: join(dir, 'precheck-work'), cluster_require: FAST_FIO, download: { mirror: mirror.url } });
    const result = await runKplay(['precheck', '--check', '-c', config, '--workdir', join(dir, 'journal'), '--report', join(dir, 'report.json')]);
    if (result.code !== 0) console.log(result.stdout, result.stderr);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/\bskip\b|unknown in check mode/);
    expect(report().tasks.filter((t) => t.stdout === 'skip' || t.status === 'unknown')).toEqual([]);
    expect(result.stdout).toMatch(/^localhost : ok=\d+ .* failed=0 .* unknown=0$/m);
  });

  describeWithSshd('over SSH', () => {
    let sshd: SshdHarness;
    beforeAll(async () => {
      sshd = await startSshd({ hosts: 3 });
    });
    afterAll(async () => sshd?.stop());

    test('1 control plane + etcd and 2 workers: every phase planned, exit 0', async () => {
      const inventory = writeInventory(join(dir, 'inventory.yaml'), sshd, [{ name: 'node1', index: 0 }, { name: 'node2', index: 1 }, { name: 'node3', index: 2 }], {
        kube_control_plane: ['node1'],
        kube_worker: ['node2', 'node3'],
        etcd: ['node1'],
      });
      const config = writeConfig(join(dir, 'ssh-config.yaml'), { work_dir: join(dir, 'ssh-work'), cluster_require: FAST_FIO, download: { mirror: mirror.url } });
      const plain = await runKplay(['create', 'cluster', '--check', '-i', inventory, '-c', config, ...journalArgs(dir, sshd)]);
      if (plain.code !== 0) console.log(plain.stdout, plain.stderr);
      expect(plain.code).toBe(0);
      // What an operator reads by default: a line per task, hosts grouped, and the plan at the end.
      const lines = plain.stdout.trimEnd().split('\n');
      expect(lines.length).toBeLessThan(250);
      const plan = lines.findIndex((l) => l.startsWith('PLAN (what a real run would do'));
      expect(plan).toBeGreaterThan(lines.findIndex((l) => l.startsWith('PLAY RECAP')));
      const planText = lines.slice(plan).join('\n');
      expect(planText).toMatch(/^node1 +files \(\d+\): .*\/etc\/etcd\.env/m);
      expect(planText).toMatch(/^ +services \(re\)started: etcd, containerd$/m);
      expect(planText).toMatch(/^localhost +downloads \(\d+\): kubeadm v1\.34\.3 \(amd64\), /m);
      // loop items by their label, never as a JSON map; probes are not changes
      expect(plain.stdout).not.toContain('(item={');
      expect(plain.stdout).toMatch(/^node1 +: ok=\d+ .* ignored=0 {4}unknown=[1-9]\d*$/m);
      expect(plain.stdout).toMatch(/^localhost +: ok=\d+ .* ignored=0 {4}unknown=0$/m);
      expect(plain.stdout).toMatch(/^TIME PER PLAY \*+\nPre-install hook +\d+\.\ds$/m);
      expect(plain.stdout).toMatch(/^ +unknown: \[node1\] => would run: systemctl daemon-reload … \(\d+ more lines?; -v shows them\)$/m);

      const result = await runKplay(['create', 'cluster', '--check', '--diff', '-i', inventory, '-c', config, ...journalArgs(dir, sshd)]);
      if (result.code !== 0) console.log(result.stdout, result.stderr);
      expect(result.code).toBe(0);
      // --diff names every configuration file install would write.
      for (const file of [
        '/etc/containerd/config.toml',
        '/etc/crictl.yaml',
        '/etc/kubernetes/kubeadm-config.yaml',
        '/etc/etcd.env',
        '/etc/systemd/system/etcd.service',
        '/etc/systemd/system/containerd.service',
        '/etc/systemd/system/kubelet.service',
        '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf',
      ]) {
        expect(result.stdout).toContain(`+++ after: ${file}`);
      }
      const tasks = report().tasks;
      expect(tasks.filter((t) => t.status === 'failed' || t.status === 'ignored')).toEqual([]);
      const hostsOf = (play: string) => new Set(tasks.filter((t) => t.play === play).map((t) => t.host));
      expect(hostsOf('Precheck')).toEqual(new Set(['node1', 'node2', 'node3', 'localhost']));
      expect(hostsOf('Init')).toEqual(new Set(['localhost']));
      expect(hostsOf('Install the container runtime and Kubernetes')).toEqual(new Set(['node1', 'node2', 'node3']));
      expect(hostsOf('Install the CNI')).toEqual(new Set(['node1']));
    });
  });
});
