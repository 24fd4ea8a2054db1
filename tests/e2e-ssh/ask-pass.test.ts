/**
 * -k / -K as an operator types them: kplay runs on a real pseudo-terminal (util-linux `script`
 * allocates it), prompts, and the passwords typed there log in over SSH and become root through
 * sudo. The terminal never shows them, nor do the output, the report or the journal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { describeWithSshd } from '../harness/ssh-connectors';
import { startSshd, type SshdHarness } from '../harness/sshd';

const repoRoot = resolve(__dirname, '../..');
const scriptAvailable = spawnSync('script', ['--version']).status === 0;

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

interface Terminal {
  screen(): string;
  type(text: string): void;
  waitFor(text: string): Promise<void>;
  readonly exited: Promise<number | null>;
}

/** kplay on a pseudo-terminal: what it prints is the screen, what is typed goes to its tty. */
function onTerminal(args: readonly string[]): Terminal {
  const command = [process.execPath, '-r', 'ts-node/register/transpile-only', join(repoRoot, 'cli', 'main.ts'), ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let screen = '';
  child.stdout.on('data', (c: Buffer) => (screen += c.toString()));
  child.stderr.on('data', (c: Buffer) => (screen += c.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    screen: () => screen,
    type: (text) => child.stdin.write(text),
    exited,
    waitFor: async (text) => {
      const deadline = Date.now() + 120_000; // ts-node compiles the CLI first
      while (!screen.includes(text)) {
        if (Date.now() > deadline || child.exitCode !== null) {
          child.kill('SIGKILL');
          throw new Error(`"${text}" never appeared:\n${screen}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

(scriptAvailable ? describeWithSshd : describe.skip)('-k / -K prompt on the terminal', () => {
  let sshd: SshdHarness;
  let dir: string;
  beforeAll(async () => {
    sshd = await startSshd({ hosts: 1, users: true });
    dir = mkdtempSync(join(tmpdir(), 'kplay-ask-pass-'));
  });
  afterAll(async () => {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the SSH password logs in, the become password (defaulting to it) gets root; neither is echoed or logged', async () => {
    const user = sshd.becomeUser;
    if (user === undefined) return; // needs root to create the sudo user
    const inventory = join(dir, 'inventory.yaml');
    // No key and no password in the inventory (the default keys are not authorised): the only
    // way in is what -k asks for.
    writeFileSync(
      inventory,
      stringify({
        apiVersion: 'kubekey.kubesphere.io/v1',
        kind: 'Inventory',
        spec: { hosts: { node1: { connector: { type: 'ssh', host: sshd.hosts[0], port: sshd.port, user: user.name } } } },
      }),
    );
    const playbook = join(dir, 'site.yaml');
    writeFileSync(playbook, '- hosts: node1\n  gather_facts: false\n  tasks:\n    - name: Who am I\n      become: true\n      command: id -un\n      register: who\n    - debug: { msg: "became {{ .who.stdout }}" }\n');
    const report = join(dir, 'report.json');
    const term = onTerminal(['run', playbook, '-i', inventory, '-k', '-K', '--known-hosts', sshd.knownHostsFile, '--workdir', join(dir, 'journal'), '--report', report]);
    await term.waitFor('SSH password: ');
    term.type(`${user.password}\r`);
    await term.waitFor('BECOME password[defaults to SSH password]: ');
    term.type('\r');
    const code = await term.exited;
    const screen = term.screen();
    if (code !== 0) console.log(screen);
    expect(code).toBe(0);
    expect(screen).toContain('became root');
    expect(screen).not.toContain(user.password);
    expect(readFileSync(report, 'utf8')).not.toContain(user.password);
    const runs = join(dir, 'journal', 'runs');
    for (const run of readdirSync(runs)) expect(readFileSync(join(runs, run, 'events.jsonl'), 'utf8')).not.toContain(user.password);
  });

  test('Ctrl-C at the prompt stops with 130 and runs nothing', async () => {
    const term = onTerminal(['run', join(dir, 'site.yaml'), '-K', '--workdir', join(dir, 'journal-ctrl-c')]);
    await term.waitFor('BECOME password: ');
    term.type('\u0003');
    expect(await term.exited).toBe(130);
    expect(term.screen()).not.toContain('PLAY [');
  });
});
