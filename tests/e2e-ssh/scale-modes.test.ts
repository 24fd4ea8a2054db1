/**
 * The scale workload of `npm run bench:scale`, smaller: 100 hosts served by 7 sshd processes on
 * both sides of the harness's 127.0.0.x / 127.0.1.x boundary, 5 commands each, `--forks 50`, in
 * both session modes. Correctness only: every host's 5 results, each exactly once with its own
 * output, and exit code 0 (the figures are the benchmark's job).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';
import { SshdHarness, startSshd } from '../harness/sshd';
import { describeWithSshd } from '../harness/ssh-connectors';
import { scaleReportProblems, writeScalePlaybook } from '../bench/scale/workload';
import { HostVars, harnessConnector, writeInventory } from './fixtures';

/** Harness hosts 200–299: 127.0.0.202–251 and 127.0.1.2–51. */
const FIRST_HOST = 200;
const HOST_COUNT = 100;

describeWithSshd('kplay run on 100 SSH hosts across 7 sshd processes, 5 commands each', () => {
  let sshd: SshdHarness;
  let dir: string;

  beforeAll(async () => {
    sshd = await startSshd({ hosts: FIRST_HOST + HOST_COUNT });
    dir = mkdtempSync(join(tmpdir(), 'kplay-scale-modes-'));
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the hosts span two address blocks', () => {
    expect(sshd.hosts[FIRST_HOST]).toBe('127.0.0.202');
    expect(sshd.hosts[FIRST_HOST + HOST_COUNT - 1]).toBe('127.0.1.51');
  });

  test.each(['exec', 'persistent'])('connector.session: %s, --forks 50: every host returns its 5 results once', async (mode) => {
    const hosts: Record<string, HostVars> = {};
    for (let index = FIRST_HOST; index < FIRST_HOST + HOST_COUNT; index++) {
      hosts[`s${index}`] = { connector: harnessConnector(sshd, index, { session: mode }) };
    }
    const inventory = writeInventory(dir, hosts, { scale: { hosts: Object.keys(hosts) } }, {}, `inventory-${mode}.yaml`);
    const report = join(dir, `report-${mode}.json`);
    const result = await runKplay([
      'run',
      writeScalePlaybook(dir, 'scale'),
      '-i',
      inventory,
      '--forks',
      '50',
      '--workdir',
      join(dir, `work-${mode}`),
      '--report',
      report,
      '--known-hosts',
      sshd.knownHostsFile,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(scaleReportProblems(readFileSync(report, 'utf8'), Object.keys(hosts))).toEqual([]);
  });
});
