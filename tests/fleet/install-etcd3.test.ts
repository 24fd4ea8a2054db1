/**
 * External etcd on three fleet hosts, for real: the three members form one healthy TLS cluster,
 * the create hooks run on every host, a settings change restarts the members strictly one after
 * another (each healthy before the next stops), a further run changes nothing, and the precheck
 * on the running cluster recognises etcd as kplay's.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';
import { Fleet, startFleet } from '../harness/fleet/fleet';
import { debianMirrorUnavailableReason, DebianMirror, startDebianMirror } from './debian-mirror';
import { fleetSkipReason } from './fleet-skip';
import { readReport, runArgs, writeFleetConfig, writeFleetInventory } from './cluster-fixtures';

const skip = fleetSkipReason ?? (process.env.CI === 'true' ? null : debianMirrorUnavailableReason());
const describeInstall = skip ? describe.skip : describe;
const HOOK_PLAYS = new Set(['Pre-install hook', 'Post-install hook']);

const etcdctl = (address: string): string =>
  `ETCDCTL_API=3 etcdctl --endpoints=https://${address}:2379 --cacert=/etc/ssl/etcd/ssl/ca.crt --cert=/etc/ssl/etcd/ssl/server.crt --key=/etc/ssl/etcd/ssl/server.key`;

describeInstall(`external etcd on three fleet hosts${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let fleet: Fleet;
  let mirror: DebianMirror;
  let dir: string;
  let inventory: string;
  const config = (env: Record<string, unknown> = {}): string => writeFleetConfig(join(dir, 'config.yaml'), join(dir, 'work'), mirror, { etcdEnv: env });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-fleet-etcd3-'));
    [fleet, mirror] = await Promise.all([startFleet({ hosts: 3 }), startDebianMirror()]);
    inventory = writeFleetInventory(join(dir, 'inventory.yaml'), fleet, { kube_control_plane: ['node1'], kube_worker: ['node2', 'node3'], etcd: ['node1', 'node2', 'node3'] });
    const scripts = join(dir, 'work', 'scripts');
    mkdirSync(scripts, { recursive: true });
    for (const stage of ['pre_install', 'post_install']) {
      writeFileSync(join(scripts, `${stage}.sh`), `#!/bin/sh\necho "${stage} $(hostname)" >> /root/kplay-hooks.log\n`, { mode: 0o755 });
    }
  }, 600_000);
  afterAll(async () => {
    await fleet?.stop();
    await mirror?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const create = async (name: string, configFile: string) => {
    const result = await runKplay(['create', 'cluster', '-i', inventory, '-c', configFile, ...runArgs(dir, name, fleet)]);
    if (result.code !== 0) console.log(result.stdout.slice(-20000), result.stderr);
    return { ...result, report: readReport(join(dir, `${name}.json`)) };
  };

  test('three members form one healthy TLS cluster; the hooks ran on every host', async () => {
    const first = await create('first', config());
    expect(first.code).toBe(0);
    for (const host of fleet.hosts) {
      const health = await fleet.exec(host.name, `${etcdctl(host.address)} endpoint health --cluster && ${etcdctl(host.address)} member list`);
      expect(health.code).toBe(0);
      expect((health.stdout + health.stderr).match(/is healthy/g)).toHaveLength(3);
      expect(health.stdout.match(/, started, /g)).toHaveLength(3);
      const hooks = await fleet.exec(host.name, 'cat /root/kplay-hooks.log');
      expect(hooks.stdout).toBe(`pre_install ${host.name}\npost_install ${host.name}\n`);
    }
  }, 900_000);

  test('a settings change restarts one member at a time, each healthy before the next', async () => {
    const changed = await create('changed', config({ snapshot_count: 20000 }));
    expect(changed.code).toBe(0);
    const restarted = changed.report.tasks.filter((t) => t.task.startsWith('Restart etcd one member at a time') && t.status === 'changed');
    expect(restarted.map((t) => t.host).sort()).toEqual(['node1', 'node2', 'node3']);
    // The hosts share this machine's kernel, so their monotonic clocks compare: every member must
    // have been back (active, and checked healthy by the same task) before the next one stopped.
    const windows = await Promise.all(
      fleet.hosts.map(async (host) => {
        const out = await fleet.exec(host.name, 'systemctl show etcd -p InactiveEnterTimestampMonotonic -p ActiveEnterTimestampMonotonic; grep ^ETCD_SNAPSHOT_COUNT= /etc/etcd.env');
        const values = Object.fromEntries(out.stdout.trim().split('\n').map((line) => line.split('=', 2) as [string, string]));
        expect(values.ETCD_SNAPSHOT_COUNT).toBe('20000');
        const stopped = Number(values.InactiveEnterTimestampMonotonic);
        const back = Number(values.ActiveEnterTimestampMonotonic);
        // A restart: stopped at some point of this run, active again after it.
        expect(stopped).toBeGreaterThan(0);
        expect(back).toBeGreaterThan(stopped);
        return { host: host.name, stopped, back };
      }),
    );
    windows.sort((a, b) => a.stopped - b.stopped);
    for (let index = 1; index < windows.length; index++) expect(windows[index].stopped).toBeGreaterThan(windows[index - 1].back);
    const health = await fleet.exec('node2', `${etcdctl(fleet.host('node2').address)} endpoint health --cluster`);
    expect((health.stdout + health.stderr).match(/is healthy/g)).toHaveLength(3);
  }, 900_000);

  test('the next run changes nothing (hook scripts aside) and precheck sees etcd as ours', async () => {
    const again = await create('again', config({ snapshot_count: 20000 }));
    expect(again.code).toBe(0);
    // Hook scripts are the user's own commands: they run on every create.
    const changed = again.report.tasks.filter((t) => !HOOK_PLAYS.has(t.play) && (t.status === 'changed' || t.changed === true));
    expect(changed.map((t) => `${t.host}: ${t.task}`)).toEqual([]);

    const precheck = await runKplay(['precheck', '-i', inventory, '-c', join(dir, 'config.yaml'), ...runArgs(dir, 'precheck', fleet)]);
    if (precheck.code !== 0) console.log(precheck.stdout.slice(-10000), precheck.stderr);
    expect(precheck.code).toBe(0);
    const foreign = readReport(join(dir, 'precheck.json')).tasks.filter((t) => t.task === 'ETCD | no foreign etcd is running' && t.host !== 'localhost');
    expect(foreign.map((t) => `${t.host}=${t.status}`).sort()).toEqual(['node1=ok', 'node2=ok', 'node3=ok']);
  }, 900_000);
});
