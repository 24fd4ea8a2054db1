/**
 * KubeKey's own `precheck.yaml` (builtin/core of github.com/kubesphere/kubekey) run by kplay on
 * fleet hosts, as `kk precheck` would run it. KubeKey's project is not part of kplay and this
 * machine cannot download it, so the test needs a checkout named by KPLAY_KUBEKEY_SRC and is
 * skipped with that reason otherwise; docs/testing.md#kubekeys-own-precheck shows the commands.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runKplay } from '../helpers/cli';
import { Fleet, startFleet } from '../harness/fleet/fleet';
import { readReport, writeFleetInventory } from './cluster-fixtures';
import { fleetSkipReason } from './fleet-skip';

const source = process.env.KPLAY_KUBEKEY_SRC ?? '';
const project = join(source, 'builtin', 'core');
const playbook = join(project, 'playbooks', 'precheck.yaml');

function skipReason(): string | null {
  if (fleetSkipReason) return fleetSkipReason;
  if (source === '') {
    return "it needs KubeKey's own project from the network: git clone https://github.com/kubesphere/kubekey and set KPLAY_KUBEKEY_SRC to the checkout";
  }
  if (!existsSync(playbook)) return `KPLAY_KUBEKEY_SRC=${source} has no builtin/core/playbooks/precheck.yaml`;
  return null;
}

const reason = skipReason();
const describeHere = (name: string, body: () => void): void => (reason ? describe.skip(`${name} — skipped: ${reason}`, body) : describe(name, body));

describeHere("KubeKey's builtin precheck.yaml on the fleet", () => {
  let fleet: Fleet;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-kk-precheck-'));
    fleet = await startFleet({ hosts: 3 });
  }, 600_000);
  afterAll(async () => {
    await fleet?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let rootOutcome: { code: number; statuses: string[] } | undefined;
  // As KubeKey runs it: every command through sudo, here for a non-root login with a sudo password.
  const sudoLogin = (inventory: string): string => {
    const parsed = parse(readFileSync(inventory, 'utf8')) as { spec: { hosts: Record<string, { connector: Record<string, unknown> }> } };
    const { name, password } = fleet.sudoUser;
    for (const host of Object.values(parsed.spec.hosts)) Object.assign(host.connector, { user: name, sudo: true, sudo_password: password });
    writeFileSync(inventory, stringify(parsed));
    return inventory;
  };

  test.each(['root', 'a non-root login with connector.sudo'])('as %s: every host runs the checks over SSH; each check passes or fails with its reason', async (login) => {
    const written = writeFleetInventory(join(dir, 'inventory.yaml'), fleet, { kube_control_plane: ['node1'], kube_worker: ['node2', 'node3'], etcd: ['node1'] });
    const inventory = login === 'root' ? written : sudoLogin(written);
    const config = join(dir, 'config.yaml');
    writeFileSync(config, stringify({ apiVersion: 'kubekey.kubesphere.io/v1', kind: 'Config', spec: { kubernetes: { kube_version: 'v1.34.3' } } }));
    const report = join(dir, 'report.json');
    // Not on localhost: KubeKey's first play edits the sudoers file of every host it runs on, and
    // localhost is this machine.
    const result = await runKplay([
      'run', playbook, '-i', inventory, '-c', config, '--limit', 'all:!localhost',
      '--known-hosts', fleet.knownHostsFile, '--workdir', join(dir, 'work'), '--report', report, '--no-color',
    ]);
    if (![0, 2].includes(result.code)) console.log(result.stdout, result.stderr);
    // 0: every check passed; 2: a check failed on a host (nspawn hosts are small) — never a load error or an unreachable host.
    expect([0, 2]).toContain(result.code);
    const tasks = readReport(report).tasks;
    for (const host of fleet.hosts) {
      const own = tasks.filter((t) => t.host === host.name);
      expect(own.length).toBeGreaterThan(5);
      expect(own.filter((t) => t.status === 'unreachable')).toEqual([]);
    }
    const failed = tasks.filter((t) => t.status === 'failed');
    if (result.code === 2) expect(failed.length).toBeGreaterThan(0);
    for (const task of failed) expect(task.msg ?? '').not.toBe('');
    // Through sudo the checks come out exactly as for root: every command really ran as root.
    const outcome = { code: result.code, statuses: tasks.map((t) => `${t.host} ${t.task} ${t.status}`).sort() };
    if (login === 'root') rootOutcome = outcome;
    else expect(outcome).toEqual(rootOutcome);
  }, 600_000);
});
