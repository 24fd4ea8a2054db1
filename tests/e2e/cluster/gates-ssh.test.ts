/**
 * The gates of create_cluster.yaml over real SSH: a failed precheck or a failed init ends the run
 * before any install play reaches a node, and says why once. These are real (not --check) runs;
 * the gates are what keeps them from installing on the test machine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithSshd } from '../../harness/ssh-connectors';
import { startSshd, type SshdHarness } from '../../harness/sshd';
import { runKplay } from '../../helpers/cli';
import { freeLoopbackPort } from '../../helpers/ports';
import { FAST_FIO, journalArgs, writeConfig, writeInventory, startAnswerEverythingMirror, type TestNode } from './ssh-inventory';

interface Report {
  tasks: { play: string; task: string; host: string; status: string; msg?: string }[];
}

/** Plays that may reach a node before the gates open. */
const BEFORE_GATES = new Set(['Pre-install hook', 'Precheck']);

describeWithSshd('create cluster gates over SSH', () => {
  let sshd: SshdHarness;
  let dir: string;
  let mirror: Awaited<ReturnType<typeof startAnswerEverythingMirror>>;
  let mirrorUrl: string;
  beforeAll(async () => {
    sshd = await startSshd({ hosts: 3 });
    dir = mkdtempSync(join(tmpdir(), 'kplay-gates-'));
    mirror = await startAnswerEverythingMirror();
    mirrorUrl = mirror.url;
  });
  afterAll(async () => {
    await sshd?.stop();
    await mirror?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const report = (): Report => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
  const groups = { kube_control_plane: ['node1'], kube_worker: ['node2', 'node3'], etcd: ['node1'] };
  const nodes = (extra: Partial<Record<string, Partial<TestNode>>> = {}): TestNode[] =>
    ['node1', 'node2', 'node3'].map((name, index) => ({ name, index, ...extra[name] }));
  /** Every (play, host) a node took part in after the gates. */
  const touchedAfterGates = () =>
    report()
      .tasks.filter((t) => t.host !== 'localhost' && !BEFORE_GATES.has(t.play))
      .map((t) => `${t.host}: ${t.play} / ${t.task} (${t.status})`);

  test('a failed check and an unreachable host stop the run once, on the controller; no node is touched', async () => {
    const closed = await freeLoopbackPort();
    const inventory = writeInventory(
      join(dir, 'precheck-inventory.yaml'),
      sshd,
      nodes({
        node2: { withoutInternalIp: true },
        node3: { vars: { connector: { type: 'ssh', host: sshd.hosts[2], port: closed, user: sshd.user, private_key: sshd.clientKeyPath } } },
      }),
      groups,
    );
    const config = writeConfig(join(dir, 'precheck-config.yaml'), { work_dir: join(dir, 'work-precheck'), cluster_require: FAST_FIO, download: { mirror: mirrorUrl } });
    const result = await runKplay(['create', 'cluster', '--yes', '-i', inventory, '-c', config, ...journalArgs(dir, sshd)]);
    expect(result.code).toBe(2);
    expect(touchedAfterGates()).toEqual([]);
    // Init never ran: nothing was downloaded.
    expect(report().tasks.some((t) => t.play === 'Init')).toBe(false);
    const gate = report().tasks.filter((t) => t.play === 'Stop unless every host passed the precheck' && t.status === 'failed');
    expect(gate.map((t) => t.host)).toEqual(['localhost']);
    expect(gate[0].msg).toContain('nothing was installed: the precheck failed on node2; node3 could not be checked (unreachable');
    // node1 passed: it is not counted as failed.
    expect(report().tasks.filter((t) => t.host === 'node1' && t.status === 'failed')).toEqual([]);
    // The stop is explained by the precheck table at the end; no plan (nothing will happen).
    const table = result.stdout.slice(result.stdout.indexOf('\nPRECHECK ***'));
    expect(table).toMatch(/^Kubernetes \| node has internal_ipv4 or internal_ipv6 +✓ +✗/m);
    expect(table).toMatch(/^1 check failed \(✗\); the reasons are above$/m);
    expect(result.stdout).not.toContain('PLAN (');
  }, 180_000);

  test('with --limit, hosts left out are not blamed', async () => {
    const closed = await freeLoopbackPort();
    const inventory = writeInventory(
      join(dir, 'limit-inventory.yaml'),
      sshd,
      nodes({ node3: { vars: { connector: { type: 'ssh', host: sshd.hosts[2], port: closed, user: sshd.user, private_key: sshd.clientKeyPath } } } }),
      groups,
    );
    const config = writeConfig(join(dir, 'limit-config.yaml'), { work_dir: join(dir, 'work-limit'), cluster_require: FAST_FIO, download: { mirror: mirrorUrl } });
    const result = await runKplay(['create', 'cluster', '--check', '--limit', 'node1:node2', '-i', inventory, '-c', config, ...journalArgs(dir, sshd)]);
    if (result.code !== 0) console.log(result.stdout.slice(-5000), result.stderr);
    expect(result.code).toBe(0);
    const hosts = new Set(report().tasks.map((t) => t.host));
    expect(hosts.has('node3')).toBe(false);
    // The controller took part (config checks and init) although --limit did not name it.
    expect(report().tasks.some((t) => t.play === 'Init' && t.host === 'localhost')).toBe(true);
  }, 180_000);

  test('a failed download in init stops the run before any install play; the answer on a terminal was yes', async () => {
    const closed = await freeLoopbackPort();
    const inventory = writeInventory(join(dir, 'init-inventory.yaml'), sshd, nodes(), groups);
    const config = writeConfig(join(dir, 'init-config.yaml'), {
      work_dir: join(dir, 'work-init'),
      cluster_require: FAST_FIO,
      download: { mirror: `http://127.0.0.1:${closed}`, retries: 0 },
    });
    const result = await runKplay(['create', 'cluster', '-i', inventory, '-c', config, ...journalArgs(dir, sshd)], 'yes\n', { stdinIsTty: true });
    expect(result.stdout).toMatch(/kplay create cluster will change these hosts:\n {2}kube_control_plane +node1\n {2}kube_worker +node2, node3\n {2}etcd +node1\n/);
    expect(result.stdout).toContain(`Artifacts come from: the mirror http://127.0.0.1:${closed}`);
    expect(result.code).toBe(2);
    expect(report().tasks.some((t) => t.play === 'Init' && t.status === 'failed')).toBe(true);
    expect(touchedAfterGates()).toEqual([]);
    // Every node passed the precheck: the stop came from init alone.
    expect(report().tasks.filter((t) => t.host !== 'localhost' && t.status === 'failed')).toEqual([]);
  }, 180_000);

  test('a real run without a terminal needs --yes; "no" on a terminal changes nothing', async () => {
    const inventory = writeInventory(join(dir, 'ask-inventory.yaml'), sshd, nodes(), groups);
    const noTty = await runKplay(['create', 'cluster', '-i', inventory, '--workdir', join(dir, 'journal')]);
    expect(noTty.code).toBe(5);
    expect(noTty.stderr).toContain('Pass --yes (-y) to go ahead, or --check to see the plan');
    const declined = await runKplay(['create', 'cluster', '-i', inventory, '--workdir', join(dir, 'journal'), '--report', join(dir, 'declined.json')], 'no\n', { stdinIsTty: true });
    expect(declined.code).toBe(5);
    expect(declined.stdout).toContain('It installs: Kubernetes v1.34.3, containerd v1.7.13, etcd v3.6.5, CNI calico.');
    expect(declined.stderr).toContain('not confirmed; nothing was changed');
  });

  test('-u and --private-key reach hosts whose inventory names only the address', async () => {
    const inventory = join(dir, 'bare-inventory.yaml');
    const hosts = Object.fromEntries(['node1', 'node2'].map((name, i) => [name, { connector: { type: 'ssh', host: sshd.hosts[i], port: sshd.port }, internal_ipv4: sshd.hosts[i] }]));
    writeFileSync(inventory, JSON.stringify({ kind: 'Inventory', spec: { hosts, groups: { k8s_cluster: { groups: ['kube_control_plane', 'kube_worker'] }, kube_control_plane: { hosts: ['node1'] }, kube_worker: { hosts: ['node2'] }, etcd: { hosts: ['node1'] } } } }));
    const config = writeConfig(join(dir, 'bare-config.yaml'), { cluster_require: FAST_FIO });
    // without them the hosts cannot be reached: the options are what makes the difference
    const without = await runKplay(['precheck', 'os', '-i', inventory, '-c', config, ...journalArgs(dir, sshd)]);
    expect(without.code).not.toBe(0);
    const result = await runKplay(['precheck', 'os', '-i', inventory, '-c', config, '-u', sshd.user, '--private-key', sshd.clientKeyPath, ...journalArgs(dir, sshd)]);
    if (result.code !== 0) console.log(result.stdout.slice(-3000), result.stderr);
    expect(result.code).toBe(0);
    const checked = new Set(report().tasks.filter((t) => t.task.startsWith('OS |') && t.status === 'ok').map((t) => t.host));
    expect(checked).toEqual(new Set(['node1', 'node2']));
  }, 120_000);
});
