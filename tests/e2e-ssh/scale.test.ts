import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';
import { SshdHarness, startSshd } from '../harness/sshd';
import { describeWithSshd } from '../harness/ssh-connectors';
import { HostVars, harnessConnector, writeInventory } from './fixtures';
import { RunReport } from './normalise-report';

const openFds = (): number => readdirSync('/proc/self/fd').length;

/** Established TCP connections from this process to the test sshd's port. */
function connectionsTo(port: number): number {
  const out = execFileSync('ss', ['-Htnp', 'state', 'established', `( dport = :${port} )`]).toString();
  return out.split('\n').filter((line) => line.includes(`pid=${process.pid},`)).length;
}

describeWithSshd('kplay run on 100 SSH hosts at once', () => {
  let sshd: SshdHarness;
  let dir: string;

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 100 });
    dir = mkdtempSync(join(tmpdir(), 'kplay-scale-'));
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('127.0.0.2–101, two tasks each, forks 100: all succeed and no file descriptor is left open', async () => {
    const hosts: Record<string, HostVars> = {};
    sshd.hosts.forEach((_, index) => {
      hosts[`n${index + 1}`] = { connector: harnessConnector(sshd, index) };
    });
    const inventory = writeInventory(dir, hosts, { nodes: { hosts: Object.keys(hosts) } });
    const before = openFds();
    const result = await runKplay([
      'run',
      join(__dirname, 'projects', 'faults', 'two-tasks.yaml'),
      '-i',
      inventory,
      '--forks',
      '100',
      '--workdir',
      join(dir, 'work'),
      '--report',
      join(dir, 'report.json'),
      '--known-hosts',
      sshd.knownHostsFile,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const r = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport & { tasks: { task: string; host: string; stdout: string }[] };
    expect(Object.keys(r.stats)).toHaveLength(100);
    for (const stats of Object.values(r.stats)) expect(stats).toMatchObject({ changed: 2, failed: 0, unreachable: 0 });
    expect(r.tasks.filter((t) => t.task === 'Second').map((t) => t.stdout).sort()).toEqual(
      Object.keys(hosts).map((name) => `second-${name}\n`).sort(),
    );
    // Every connection was closed at the end of the run.
    expect(connectionsTo(sshd.port)).toBe(0);
    expect(openFds()).toBeLessThanOrEqual(before + 5);
  });
});
