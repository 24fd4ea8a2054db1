/**
 * Check mode's unknown values over SSH (docs/cli.md#unknown-values-in-check-mode): the same
 * project as tests/e2e/check-unknown.test.ts on two loopback sshd hosts, with a file already on
 * the hosts so that `--diff` shows the known lines, the replaced ones and the unknown parts marked.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';
import { CHECK, PROBE } from '../e2e/projects/unknown/expected';
import { writeInventory } from './fixtures';
import { loopback, type SshHosts } from './hosts';

const project = join(__dirname, '..', 'e2e', 'projects', 'unknown');

interface Report {
  stats: Record<string, Record<string, number>>;
  tasks: { task: string; host: string; status: string; reason?: string; stdout: string }[];
}

loopback.describe('kplay run --check over SSH: unknown values', () => {
  let hosts: SshHosts;
  let dir: string;
  beforeAll(async () => {
    hosts = await loopback.start(2);
  }, loopback.startTimeoutMs);
  afterAll(async () => hosts?.stop());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-unknown-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('unknown with reasons, --diff marks the unknown parts, creates/removes decide, nothing changes', async () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    const existing = 'name=h1\nversion=v1.29\nend=yes\n';
    writeFileSync(join(out, 'app-h1.conf'), existing);
    const inventory = writeInventory(dir, { h1: { connector: hosts.connector(0) }, h2: { connector: hosts.connector(1) } }, { pair: { hosts: ['h1', 'h2'] } });
    const reportFile = join(dir, 'report.json');
    const run = await runKplay([
      'run', join(project, 'playbooks', 'unknown.yaml'), '-i', inventory, '-e', `out=${out}`,
      '--known-hosts', hosts.knownHostsFile, '--workdir', join(dir, 'work'), '--report', reportFile, '--check', '--diff',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    const statusOf = (task: string) => Object.fromEntries(report.tasks.filter((t) => t.task === task).map((t) => [t.host, t.status]));
    for (const [task, status] of Object.entries(CHECK)) expect([task, statusOf(task)]).toEqual([task, { h1: status, h2: status }]);
    expect(report.tasks.find((t) => t.task === 'u-when-installed')?.reason).toMatch(PROBE);
    expect(report.stats.h1).toMatchObject({ ok: 6, skipped: 3, unknown: 15, failed: 0, changed: 0 });

    // The file already on h1 is diffed against what is known; the unknown parts are marked.
    expect(run.stdout).toContain(`--- before: ${out}/app-h1.conf\n+++ after: ${out}/app-h1.conf\n`);
    expect(run.stdout).toMatch(/ name=h1\n-version=v1\.29\n\+version=\(unknown in check mode: \.version: set from \.probe[^\n]*\n end=yes\n/);
    expect(run.stdout).toContain(`+++ after: ${out}/app-h2.conf\n@@ -0,0 +1,3 @@\n+name=h2\n`);
    expect(run.stdout).not.toMatch(/\bskip\b/);
    // Nothing changed on the hosts.
    expect(readFileSync(join(out, 'app-h1.conf'), 'utf8')).toBe(existing);
    expect(Object.keys(await hosts.files(out)).sort()).toEqual(['app-h1.conf']);
  });
});
