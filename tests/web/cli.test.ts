/** `kplay web` as a process: flags, the printed URL, the token file, a clean stop on SIGTERM. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';

const repoRoot = join(__dirname, '..', '..');

describe('kplay web (the command)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-web-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    [['--listen', 'nonsense'], '--listen must be ADDRESS:PORT'],
    [['--listen', '0.0.0.0:0'], 'not a loopback address; add --allow-remote'],
    [['--bogus'], 'Unknown option'],
  ])('bad options exit 5: %j', async (args, message) => {
    const run = await runKplay(['web', ...args, '--workdir', join(dir, 'never')]);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(message);
  });

  test('--help and the command list name it', async () => {
    expect((await runKplay(['web', '--help'])).stdout).toContain('Usage: kplay web');
    expect((await runKplay(['--help'])).stdout).toMatch(/^ {2}web\s+serve the web page/m);
  });

  test('starts, prints a login URL, answers with the token from the file, stops on SIGTERM', async () => {
    const workDir = join(dir, 'work');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(repoRoot, 'cli', 'main.ts'), 'web', '--listen', '127.0.0.1:0', '--workdir', workDir, '--project', dir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 90_000; // ts-node compiles the CLI first
    while (!/open (\S+)\n/.test(stdout)) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`kplay web did not start\n${stdout}\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const base = /listening on (\S+)/.exec(stdout)?.[1] ?? '';
    expect(stdout).toContain(`token in ${join(workDir, 'web', 'token')}`);
    expect(stdout).not.toContain('WARNING');
    const token = readFileSync(join(workDir, 'web', 'token'), 'utf8').trim();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/api/v1/runs`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/runs`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // The command lends the server the cluster commands and the cluster config's schema.
    const info = (await (await fetch(`${base}/api/v1/info`, { headers: { authorization: `Bearer ${token}` } })).json()) as { commands: string[]; clusterConfig: boolean };
    expect(info).toMatchObject({ commands: ['create-cluster', 'precheck'], clusterConfig: true });
    const schema = (await (await fetch(`${base}/api/v1/schemas/cluster-config`, { headers: { authorization: `Bearer ${token}` } })).json()) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['kubernetes', 'etcd', 'cni', 'download']));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopping');
  }, 150_000);
});
