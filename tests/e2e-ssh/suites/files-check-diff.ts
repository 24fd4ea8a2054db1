/**
 * Issue 5's promise, end to end over SSH: `kplay run --check --diff` names exactly the files a
 * real run then changes and leaves every host and the controller as they were; a second real
 * run changes nothing. Runs on any hosts provider (../hosts.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runKplay } from '../../helpers/cli';
import { writeInventory } from '../fixtures';
import { fingerprints, type HostsProvider, type SshHosts } from '../hosts';

const project = join(__dirname, '..', 'projects', 'files');
const ARTIFACT = Buffer.from('kplay artifact payload\n'.repeat(100));
const ARTIFACT_SHA = createHash('sha256').update(ARTIFACT).digest('hex');

interface Report {
  status: string;
  tasks: { task: string; host: string; status: string }[];
}

/** path → "mode sha256" for every file below root (missing root: empty). */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(root)) return out;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    const mode = (statSync(path).mode & 0o7777).toString(8);
    out[relative(root, path)] = `${mode} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
  }
  return out;
}

export function filesSuite(provider: HostsProvider): void {
provider.describe(`--check --diff over SSH (${provider.name}) predicts a real run exactly`, () => {
  let hosts: SshHosts;
  let dir: string;
  let server: Server;
  let requests = 0;

  beforeAll(async () => {
    hosts = await provider.start(2);
    server = createServer((req, res) => {
      requests++;
      res.writeHead(200, { 'content-length': String(ARTIFACT.length) });
      res.end(req.method === 'HEAD' ? undefined : ARTIFACT);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }, provider.startTimeoutMs);
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await hosts?.stop();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (name: string, extra: string[]) => {
    const inventory = writeInventory(
      dir,
      { node1: { connector: hosts.connector(0), idx: 1 }, node2: { connector: hosts.connector(1), idx: 2 } },
      { web: { hosts: ['node1', 'node2'] } },
      {},
    );
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/artifact.bin`;
    return runKplay([
      'run', join(project, 'playbooks', 'site.yaml'), '-i', inventory,
      '-e', `out=${dir}/hosts`, '-e', `ctl=${dir}/controller`, '-e', `artifact_url=${url}`, '-e', `artifact_sha256=${ARTIFACT_SHA}`,
      '--known-hosts', hosts.knownHostsFile, '--workdir', join(dir, 'work'), '--report', join(dir, `${name}.json`), ...extra,
    ]);
  };
  const report = (name: string): Report => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Report;
  const statuses = (r: Report) => r.tasks.map((t) => `${t.task}@${t.host}=${t.status}`).sort();
  const state = async () => ({ hosts: fingerprints(await hosts.files(join(dir, 'hosts'))), controller: snapshot(join(dir, 'controller')) });

  test('check predicts, the real run does it, the second run changes nothing', async () => {
    const before = await state();
    const check = await run('check', ['--check', '--diff', '-e', 'motd_text=hello']);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    expect(await state()).toEqual(before);
    const planned = statuses(report('check'));
    const diffPaths = [...check.stdout.matchAll(/^\+\+\+ after: (.+)$/gm)].map((m) => m[1]).sort();

    requests = 0;
    const real = await run('real', ['-e', 'motd_text=hello']);
    expect(real.code).toBe(0);
    expect(requests).toBe(1);
    const after = await state();
    // Every task that --check said would change did change, and nothing else; the only
    // unknowns are fetches of files an earlier task of the same run creates.
    const unknown = planned.filter((s) => s.endsWith('=unknown'));
    expect(unknown).toEqual(['Fetch the rendered config back@node1=unknown', 'Fetch the rendered config back@node2=unknown']);
    const known = (list: string[]) => list.filter((s) => !s.startsWith('Fetch the rendered config back@'));
    expect(known(statuses(report('real')))).toEqual(known(planned));
    expect(planned.filter((s) => s.endsWith('=changed')).length).toBeGreaterThan(0);
    // The diff named every file written on the hosts.
    const written = Object.keys(after.hosts).map((p) => join(dir, 'hosts', p)).sort();
    expect(diffPaths.filter((p) => p.startsWith(join(dir, 'hosts')))).toEqual(written);
    expect(after.hosts['node1/app.conf']).toMatch(/^640 /);
    expect(Object.keys(after.controller).sort()).toEqual(
      ['dl/artifact.bin', 'fetched/node1' + join(dir, 'hosts', 'node1', 'config.yaml'), 'fetched/node2' + join(dir, 'hosts', 'node2', 'config.yaml'), 'pki/ca.crt', 'pki/ca.key'].sort(),
    );

    requests = 0;
    const again = await run('again', ['-e', 'motd_text=hello']);
    expect(again.code).toBe(0);
    expect(report('again').tasks.filter((t) => t.status === 'changed')).toEqual([]);
    expect(await state()).toEqual(after);
    expect(requests).toBe(0);

    // A changed variable: --check names exactly that file with a diff and still touches nothing.
    const recheck = await run('recheck', ['--check', '--diff', '-e', 'motd_text=goodbye']);
    expect(recheck.code).toBe(0);
    expect(await state()).toEqual(after);
    expect(report('recheck').tasks.filter((t) => t.status === 'changed').map((t) => `${t.task}@${t.host}`).sort()).toEqual([
      'Inline content@node1',
      'Inline content@node2',
    ]);
    expect(recheck.stdout).toContain('-hello on node1');
    expect(recheck.stdout).toContain('+goodbye on node1');
  });
});
}
