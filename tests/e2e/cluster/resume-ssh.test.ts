/**
 * `kplay create cluster --resume` over SSH (docs/cli.md#resume): a run stopped in init by an
 * unreachable download mirror, resumed after the config names a working one, continues with init
 * on the controller and does not run the precheck again. Both runs are --check runs, so nothing is
 * installed on the test machine.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithSshd } from '../../harness/ssh-connectors';
import { startSshd, type SshdHarness } from '../../harness/sshd';
import { runKplay } from '../../helpers/cli';
import { freeLoopbackPort } from '../../helpers/ports';
import { FAST_FIO, journalArgs, writeConfig, writeInventory, startAnswerEverythingMirror, type TestNode } from './ssh-inventory';

interface Report {
  status: string;
  tasks: { play: string; task: string; host: string; status: string; msg?: string; resumed?: boolean }[];
}

describeWithSshd('create cluster --resume over SSH', () => {
  let sshd: SshdHarness;
  let dir: string;
  let mirror: Awaited<ReturnType<typeof startAnswerEverythingMirror>>;
  let mirrorUrl: string;
  beforeAll(async () => {
    sshd = await startSshd({ hosts: 2 });
    dir = mkdtempSync(join(tmpdir(), 'kplay-cluster-resume-'));
    mirror = await startAnswerEverythingMirror();
    mirrorUrl = mirror.url;
  });
  afterAll(async () => {
    await sshd?.stop();
    await mirror?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const report = (): Report => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

  test('after a failed download in init it continues with init, without repeating the precheck', async () => {
    const closed = await freeLoopbackPort();
    const nodes: TestNode[] = ['node1', 'node2'].map((name, index) => ({ name, index }));
    const inventory = writeInventory(join(dir, 'inventory.yaml'), sshd, nodes, { kube_control_plane: ['node1'], kube_worker: ['node2'], etcd: ['node1'] });
    const configFile = join(dir, 'config.yaml');
    const config = (mirrorAt: string) => writeConfig(configFile, { work_dir: join(dir, 'work'), cluster_require: FAST_FIO, download: { mirror: mirrorAt, retries: 0 } });
    config(`http://127.0.0.1:${closed}`);
    const args = ['create', 'cluster', '--check', '-i', inventory, '-c', configFile, '--no-color', ...journalArgs(dir, sshd)];
    const first = await runKplay(args);
    expect(first.code).toBe(2);
    const stopped = report();
    const failedInit = stopped.tasks.filter((t) => t.play === 'Init' && t.status === 'failed');
    expect(failedInit.map((t) => t.host)).toEqual(['localhost']);
    expect(failedInit[0].msg).toContain('cannot reach the download source');
    const prechecks = stopped.tasks.filter((t) => t.play === 'Precheck');
    expect(prechecks.length).toBeGreaterThan(0);

    config(mirrorUrl);
    const resumed = await runKplay([...args, '--resume']);
    if (resumed.code !== 0) console.log(resumed.stdout.slice(-4000), resumed.stderr);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('changed since: config');
    const after = report();
    expect(after.status).toBe('succeeded');
    // Every precheck result is the first run's, shown as resumed: none ran again.
    const prechecksAfter = after.tasks.filter((t) => t.play === 'Precheck');
    expect(prechecksAfter.length).toBe(prechecks.length);
    expect(prechecksAfter.every((t) => t.resumed === true)).toBe(true);
    // Init ran again on the controller, past the download that had failed, and on to the install plays.
    const init = after.tasks.filter((t) => t.play === 'Init' && t.host === 'localhost');
    expect(init.some((t) => t.task === failedInit[0].task && t.resumed !== true && t.status !== 'failed')).toBe(true);
    expect(init.some((t) => t.task.includes('Download binaries') && t.resumed !== true)).toBe(true);
    expect(after.tasks.some((t) => t.host === 'node2' && t.play !== 'Precheck' && t.play !== 'Pre-install hook' && t.resumed !== true)).toBe(true);
    const runs = readdirSync(join(dir, 'journal', 'runs')).sort();
    expect(runs).toHaveLength(2);
    const start = JSON.parse(readFileSync(join(dir, 'journal', 'runs', runs[1], 'events.jsonl'), 'utf8').split('\n')[0]) as { resumedFrom?: string; command?: string };
    expect(start).toMatchObject({ resumedFrom: runs[0], command: 'create cluster' });
  }, 300_000);
});
