/**
 * A canary planted in each kind of secret — a connector password (also the sudo password), a
 * multi-line private_key_content, a become password, variables named like *_password and
 * *token*, a secret set at run time, a no_log task's output — is searched for, in every encoding
 * (as written, JSON, %q, YAML, shell quoting, base64 at any alignment), in every output of real
 * runs over SSH: the console at -v, -vv and -vvv, --output json, the --report file, the journal,
 * the spill file of a long output and the diff (docs/security.md).
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Report } from '../e2e/e2e-run';
import { SshdHarness, startSshd } from '../harness/sshd';
import { describeWithSshd } from '../harness/ssh-connectors';
import { expectNoCanary } from '../helpers/canary';
import { runKplay, type CliRun } from '../helpers/cli';
import { harnessConnector, writeInventory } from './fixtures';

const playbook = join(__dirname, 'projects', 'secrets', 'site.yaml');
const DB_PASSWORD = 'DBPW-canary-4821';
const CLUSTER_TOKEN = 'TOK-canary-9313';
const asRoot = process.getuid?.() === 0;

function isCheckpointState(file: string): boolean {
  return /^(checkpoint.*|resume\.json)$/.test(basename(file));
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

// skip reason: the loopback harness has a password login with sudo rights only when the tests run as root
(asRoot ? describeWithSshd : describe.skip)('no canary secret in any output over SSH', () => {
  let sshd: SshdHarness;
  let dir: string;
  let canaries: string[];
  let inventory: string;

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 3, users: true });
    dir = mkdtempSync(join(tmpdir(), 'kplay-secrets-'));
    // The hosts' login users write here (one shared file system on loopback).
    chmodSync(dir, 0o777);
    const user = sshd.becomeUser;
    if (user === undefined) throw new Error('the harness has no sudo user');
    const key = readFileSync(sshd.clientKeyPath, 'utf8');
    const keyLines = key.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
    expect(keyLines.length).toBeGreaterThan(2);
    canaries = [user.password, DB_PASSWORD, CLUSTER_TOKEN, 'NOLOG-canary-5521', 'GEN-canary-7741', 'DER-canary-6601', 'REG-canary-7302', ...keyLines];
    inventory = writeInventory(
      dir,
      {
        // password login; the same password is the sudo password
        node1: { connector: { type: 'ssh', host: sshd.hosts[0], port: sshd.port, user: user.name, password: user.password } },
        // the key as PEM text in the inventory
        node2: { connector: { type: 'ssh', host: sshd.hosts[1], port: sshd.port, user: sshd.user, private_key_content: key } },
        // key login, become password only
        node3: { connector: harnessConnector(sshd, 2, { user: user.name, sudo_password: user.password }) },
      },
      { nodes: { hosts: ['node1', 'node2', 'node3'] } },
      // a multi-line secret templates do see (named like a key): the redactor alone hides it
      { db_password: DB_PASSWORD, cluster_token: CLUSTER_TOKEN, backup_private_key: key, plain_part: 'canary-6601', out_dir: dir },
    );
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await sshd?.stop();
  });

  /** A run of its own: fresh files on the hosts (so the diff shows), work dir and report. */
  const run = (tag: string, extra: readonly string[]): Promise<CliRun> => {
    mkdirSync(join(dir, `${tag}-out`), { mode: 0o777 });
    chmodSync(join(dir, `${tag}-out`), 0o777);
    return runKplay([
      'run', playbook, '-i', inventory, '-e', `out_dir=${join(dir, `${tag}-out`)}`, '--workdir', join(dir, `${tag}-work`),
      '--report', join(dir, `${tag}-report.json`), '--known-hosts', sshd.knownHostsFile, '--no-color', '--diff', ...extra,
    ]);
  };

  /** Every output of run `tag` with a name for the failure message. */
  const outputsOf = (tag: string, result: CliRun): [string, string][] => [
    [`${tag} console stdout`, result.stdout],
    [`${tag} console stderr`, result.stderr],
    [`${tag} report`, readFileSync(join(dir, `${tag}-report.json`), 'utf8')],
    ...filesUnder(join(dir, `${tag}-work`))
      .filter((f) => !isCheckpointState(f))
      .map((f): [string, string] => [`${tag} ${f}`, readFileSync(f, 'latin1')]),
  ];

  /**
   * The checkpoints --resume continues from hold the run's real values by design (docs/security.md#where):
   * they are not output, but they must be private.
   */
  const expectPrivateState = (tag: string): void => {
    const state = filesUnder(join(dir, `${tag}-work`)).filter(isCheckpointState);
    expect(state.length).toBeGreaterThan(0);
    for (const f of state) {
      expect([f, statSync(f).mode & 0o777]).toEqual([f, 0o600]);
      expect([dirname(f), statSync(dirname(f)).mode & 0o777]).toEqual([dirname(f), 0o700]);
    }
  };

  test.each([['-v'], ['-vv'], ['-vvv'], ['-vvvv']])('console at %s, report, journal, spill files', async (verbosity) => {
    const tag = `text${verbosity}`;
    const result = await run(tag, [verbosity]);
    expect(result.code).toBe(0);
    const outputs = outputsOf(tag, result);
    for (const [where, text] of outputs) expectNoCanary(text, canaries, where);
    expectPrivateState(tag);

    // The run really printed what it was asked to: masked, not missing.
    const report = JSON.parse(readFileSync(join(dir, `${tag}-report.json`), 'utf8')) as Report;
    const spellings = report.tasks.filter((t) => t.task === 'secret variables in many spellings');
    expect(spellings.map((t) => t.stdout.split('\n').filter((l) => l.includes('********')).length)).toEqual([7, 7, 7]);
    const json = report.tasks.find((t) => t.task === 'connector as JSON' && t.host === 'node2');
    expect(json?.msg).toContain('"private_key_content":"********"');
    const long = report.tasks.filter((t) => t.task === 'long output');
    expect(long.every((t) => t.stdout_file !== undefined)).toBe(true);
    const spill = readFileSync(long[0].stdout_file as string, 'utf8');
    expect(spill.split('\n').filter((l) => l === '********').length).toBe(150000);
    expect(report.tasks.filter((t) => t.task === 'become').map((t) => t.stdout)).toEqual(['root\n', 'root\n', 'root\n']);
    expect(result.stdout).toContain('+db=********');
    const printedKey = report.tasks.filter((t) => t.task === 'a multi-line key printed by a command on the host');
    expect(report.tasks.filter((t) => t.task === 'a rendered play var').map((t) => t.msg)).toEqual(Array(3).fill('******** ******** "********"'));
    expect(report.tasks.filter((t) => t.task === 'printed later').map((t) => t.msg)).toEqual(Array(3).fill('******** ********'));
    // The whole key is one secret: masked as one.
    expect(printedKey.map((t) => t.stdout)).toEqual(['********', '********', '********']);
    expect(outputs.some(([where]) => where.endsWith('events.jsonl'))).toBe(true);
    // …while the hosts got the real values.
    expect(readFileSync(join(dir, `${tag}-out`, 'node1.conf'), 'utf8')).toBe(`db=${DB_PASSWORD}\ntoken=${CLUSTER_TOKEN}\n`);
  }, 180_000);

  test('--output json', async () => {
    const result = await run('json', ['--output', 'json', '-vvv']);
    expect(result.code).toBe(0);
    for (const [where, text] of outputsOf('json', result)) expectNoCanary(text, canaries, where);
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; task?: { task: string }; result?: { msg?: string } });
    expect(events.filter((e) => e.type === 'host_result').length).toBeGreaterThan(30);
    const printed = events.filter((e) => e.type === 'host_result' && e.task?.task === 'print it').map((e) => e.result?.msg);
    expect(printed).toEqual(['"********" ********', '"********" ********', '"********" ********']);
  }, 180_000);
});
