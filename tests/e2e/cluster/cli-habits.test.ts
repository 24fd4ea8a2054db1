/**
 * Command-line habits operators bring from Ansible and Unix tools: one line for a mistyped flag,
 * NO_COLOR / FORCE_COLOR, and a quiet end when the reader of a pipe goes away.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runKplay } from '../../helpers/cli';

const root = resolve(__dirname, '../../..');

describe('CLI habits', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-habits-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    [['create', 'cluster', '--chek'], 'kplay create cluster: unknown option --chek (did you mean "--check"?); see kplay create --help (KP-CLI-001)'],
    [['precheck', '--limt', 'node1'], 'kplay precheck: unknown option --limt (did you mean "--limit"?); see kplay precheck --help (KP-CLI-001)'],
    [['doctor', '--confg', 'c.yaml'], 'kplay doctor: unknown option --confg (did you mean "--config"?); see kplay doctor --help (KP-CLI-001)'],
    [['artifact', 'list', '--outptu', 'json'], 'kplay artifact list: unknown option --outptu (did you mean "--output"?); see kplay artifact list --help (KP-CLI-001)'],
    [['create', 'config', '--forse'], 'kplay create config: unknown option --forse (did you mean "--force"?); see kplay create --help (KP-CLI-001)'],
    [['run', 'site.yaml', '--sKip-tags', 'x'], 'kplay run: unknown option --sKip-tags (did you mean "--skip-tags"?); see kplay run --help (KP-CLI-001)'],
    [['run', 'site.yaml', '--dif'], 'kplay run: unknown option --dif (did you mean "--diff"?); see kplay run --help (KP-CLI-001)'],
    [['run'], 'kplay run: expected exactly one playbook, got 0; see kplay run --help (KP-CLI-001)'],
  ])('%j: one line with a suggestion, exit 5', async (args, line) => {
    const result = await runKplay(args);
    expect(result.code).toBe(5);
    expect(result.stderr).toBe(`${line}\n`);
    expect(result.stdout).toBe('');
  });

  test('-e keys are checked like config keys: a typo is an error at its -e, with the closest key', async () => {
    const result = await runKplay(['precheck', '-e', 'work_dir=/tmp/x', '-e', 'kubernetes.kube_verison=v1.33.0', '--workdir', join(dir, 'journal')]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('<command line>:1:2: unknown -e key "kubernetes.kube_verison" (did you mean "kubernetes.kube_version"?)');
    expect(result.stderr).not.toContain('work_dir');
    const typed = await runKplay(['create', 'cluster', '--check', '-e', '{"etcd": {"port": [1]}}', '--workdir', join(dir, 'journal')]);
    expect(typed.code).toBe(4);
    expect(typed.stderr).toMatch(/-e key "etcd\.port" must be/);
  });

  test('the gates cannot be skipped: --skip-tags always is refused, and --list-tasks shows them under --tags', async () => {
    const skipped = await runKplay(['create', 'cluster', '--check', '--skip-tags', 'os,always', '--workdir', join(dir, 'journal')]);
    expect(skipped.code).toBe(5);
    expect(skipped.stderr).toMatch(/^kplay create cluster: --skip-tags always would skip the gates .* \(KP-CLI-001\)\n$/);
    const listed = await runKplay(['create', 'cluster', '--list-tasks', '--tags', 'cri', '--skip-tags', 'os', '--workdir', join(dir, 'journal')]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('play: Stop unless every host passed the precheck\n  Precheck | every host of this run passed\tTAGS: [always]\n');
    expect(listed.stdout).toContain('play: Stop unless init completed on the controller\n  Init | completed on the controller\tTAGS: [always]\n');
    expect(listed.stdout).toContain('precheck/cri : CRI | container manager and version are supported');
    expect(listed.stdout).not.toContain('OS |');
  });

  test('-k / -K without a terminal: one line saying so, nothing run', async () => {
    for (const args of [['precheck', '-K'], ['run', 'site.yaml', '-k']]) {
      const result = await runKplay([...args, '--workdir', join(dir, 'journal')]);
      expect(result.code).toBe(5);
      expect(result.stderr).toMatch(/ask on a terminal, and there is none; set connector\.password \/ connector\.sudo_password instead/);
      expect(result.stdout).toBe('');
    }
  });

  describe('colour from the environment', () => {
    const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
    afterEach(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
    const play = () => {
      const file = join(dir, 'play.yaml');
      writeFileSync(file, '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: { msg: hi }\n');
      return runKplay(['run', file, '--workdir', join(dir, 'journal')]);
    };

    test('FORCE_COLOR colours output into a pipe; NO_COLOR wins over it', async () => {
      delete process.env.NO_COLOR;
      process.env.FORCE_COLOR = '1';
      expect((await play()).stdout).toContain('\u001b[');
      process.env.NO_COLOR = '1';
      expect((await play()).stdout).not.toContain('\u001b[');
    });
  });

  test('a closed pipe (| head) ends the output quietly', () => {
    const template = join(dir, 'big.tpl');
    writeFileSync(template, '{{ range until 200000 }}line {{ . }}\n{{ end }}');
    const result = spawnSync('bash', ['-o', 'pipefail', '-c', `node -r ts-node/register/transpile-only cli/main.ts template render '${template}' | head -1`], { cwd: root, encoding: 'utf8' });
    expect(result.stdout).toBe('line 0\n');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
