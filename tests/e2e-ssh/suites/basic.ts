/**
 * The end-to-end fixture project over SSH gives the same normalised report, console and host
 * files as locally; `become` through password sudo for a non-root login. Runs on any hosts
 * provider (../hosts.ts).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runKplay } from '../../helpers/cli';
import { writeInventory } from '../fixtures';
import { type HostsProvider, type SshHosts } from '../hosts';
import { RunReport, normaliseReport } from '../normalise-report';

const localProject = join(__dirname, '..', '..', 'e2e', 'projects', 'basic');
const sshProject = join(__dirname, '..', 'projects', 'basic');

/** Every file under `root` with its content, keyed by relative path. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return out;
}

function allFilesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

export function basicSuite(provider: HostsProvider): void {
provider.describe(`the end-to-end fixture project over SSH (${provider.name}) gives the same report as locally`, () => {
  let hosts: SshHosts;
  let dir: string;

  beforeAll(async () => {
    hosts = await provider.start(3);
  }, provider.startTimeoutMs);
  afterAll(async () => hosts?.stop());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-e2e-ssh-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The basic project's inventory with each node reached over SSH on its own 127.0.0.x. */
  const sshInventory = (): string =>
    writeInventory(
      dir,
      {
        node1: { connector: hosts.connector(0), color: 'red', idx: 1 },
        node2: { connector: hosts.connector(1), color: 'blue', idx: 2 },
        node3: { connector: hosts.connector(2), color: 'green', idx: 3 },
      },
      { k8s: { groups: ['web', 'db'] }, web: { hosts: ['node1', 'node2'], vars: { tier: 'web' } }, db: { hosts: ['node3'], vars: { tier: 'db' } } },
      { greeting: 'hello' },
    );

  const run = (project: string, inventory: string, tag: string, extra: string[] = []) =>
    runKplay([
      'run',
      join(project, 'playbooks', 'site.yaml'),
      '-i',
      inventory,
      '-c',
      join(project, 'config.yaml'),
      '-e',
      `out_dir=${dir}/${tag}-out`,
      '--workdir',
      join(dir, `${tag}-work`),
      '--report',
      join(dir, `${tag}-report.json`),
      '--known-hosts',
      hosts.knownHostsFile,
      '--no-color',
      ...extra,
    ]);
  const report = (tag: string): RunReport => JSON.parse(readFileSync(join(dir, `${tag}-report.json`), 'utf8')) as RunReport;

  test.each([
    ['a full run', []],
    ['--check --tags special', ['--check', '--tags', 'special']],
    ['--limit web:!node2', ['--limit', 'web:!node2']],
  ])('%s', async (_name, extra) => {
    const local = await run(localProject, join(localProject, 'inventory.yaml'), 'local', extra);
    const ssh = await run(sshProject, sshInventory(), 'ssh', extra);
    expect(ssh.stderr).toBe('');
    expect(ssh.code).toBe(local.code);
    expect(ssh.code).toBe(0);

    const localReport = normaliseReport(report('local'), localProject, { [dir]: '<dir>', 'local-out': '<out>' });
    const sshReport = normaliseReport(report('ssh'), sshProject, { [dir]: '<dir>', 'ssh-out': '<out>' });
    expect(sshReport).toEqual(localReport);
    expect((sshReport as RunReport).tasks.length).toBeGreaterThan(extra.length === 0 ? 30 : 2);
    // The files the commands wrote on the hosts are the same too.
    const localFiles = (() => {
      try {
        return tree(join(dir, 'local-out'));
      } catch {
        return {};
      }
    })();
    const remote = Object.fromEntries(Object.entries(await hosts.files(join(dir, 'ssh-out'))).map(([path, file]) => [path, file.content.toString('utf8')]));
    expect(remote).toEqual(localFiles);
    // Console output differs only in directories, timings and the order hosts finish a task in.
    const console = (text: string, tag: string) =>
      text
        .split(`${dir}/${tag}-`)
        .join('<dir>/')
        .replace(/\d+(\.\d+)?\s?(ms|s)\b/g, '<t>')
        .split('\n\n')
        .map((section) => section.split('\n').sort().join('\n'));
    expect(console(ssh.stdout, 'ssh')).toEqual(console(local.stdout, 'local'));
  });

  // skip reason: the loopback harness creates the non-root sudo user only when the tests run as root
  (provider.name === 'fleet' || process.getuid?.() === 0 ? test : test.skip)('become: a non-root login with connector.sudo_password writes a root-owned file; the password stays secret', async () => {
    const user = hosts.sudoUser;
    if (!user) throw new Error('the hosts have no sudo user');
    await hosts.prepare(dir);
    // Key login, so the only password kplay knows is connector.sudo_password.
    const connector = (index: number) => hosts.connector(index, { user: user.name, sudo_password: user.password });
    const inventory = writeInventory(
      dir,
      { web1: { connector: connector(0) }, web2: { connector: connector(1) } },
      { nodes: { hosts: ['web1', 'web2'] } },
    );
    const project = join(__dirname, '..', 'projects', 'become');
    const result = await runKplay([
      'run',
      join(project, 'site.yaml'),
      '-i',
      inventory,
      '-e',
      `out_dir=${dir}`,
      '--workdir',
      join(dir, 'work'),
      '--report',
      join(dir, 'report.json'),
      '--known-hosts',
      hosts.knownHostsFile,
      '-vvv',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const [index, host] of ['web1', 'web2'].entries()) {
      expect(await hosts.stat(index, join(dir, `${host}.owner`))).toMatchObject({ uid: 0, content: 'root\n' });
    }
    const parsed = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
    const login = parsed.tasks.filter((t) => t.task === 'Plain command runs as the login user');
    expect(login.map((t) => t.stdout)).toEqual([`${user.name}\n`, `${user.name}\n`]);
    const said = parsed.tasks.filter((t) => t.task === 'Report both users').map((t) => t.msg ?? t.stdout);
    expect(said.join('\n')).toContain(`login=${user.name}`);
    expect(said.join('\n')).toContain('become=root');
    // Neither the console, the report nor the run journal contains the password.
    expect(result.stdout).not.toContain(user.password);
    const written = [join(dir, 'report.json'), ...allFilesUnder(join(dir, 'work'))];
    expect(written.length).toBeGreaterThan(1);
    for (const file of written) expect(readFileSync(file, 'utf8')).not.toContain(user.password);
    // …and it never appeared on a command line on the host (sudo reads it from stdin).
    for (const index of [0, 1]) expect(await hosts.processes(index)).not.toContain(user.password);
  });
});
}
