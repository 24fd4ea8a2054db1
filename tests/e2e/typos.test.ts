import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runKplay } from '../helpers/cli';
import { Scratch } from './e2e-run';

const project = join(__dirname, 'projects', 'typos');
const playbook = (name: string) => join(project, 'playbooks', name);

interface Warning {
  kind: string;
  message: string;
  source: string;
  host: string;
  task: string;
  variable?: string;
}

function warningsOf(reportFile: string): Warning[] {
  return (JSON.parse(readFileSync(reportFile, 'utf8')) as { warnings: Warning[] }).warnings;
}

describe('no silent typos: <no value> is a warning with its position, an error when strict', () => {
  const scratch = new Scratch(project);
  afterAll(() => scratch.cleanup());

  test('every <no value> of arguments, when, set_fact, vars and template files is a warning: console, report and journal', async () => {
    const run = await scratch.run('typos.yaml');
    expect(run.code).toBe(0);
    const warnings = warningsOf(join(scratch.dir, 'report.json')).filter((w) => w.host === 'h1');
    const file = playbook('typos.yaml');
    expect(warnings.map((w) => [w.kind, w.source, w.task, w.variable])).toEqual([
      ['no-value', `${file}:9:27`, 'argument typo', '.kube_vesion'],
      ['no-value', `${file}:11:13`, 'when typo', '.kube_vesion'],
      ['condition', `${file}:11:13`, 'when typo', undefined],
      ['condition', `${file}:14:14`, 'when not boolean', undefined],
      ['no-value', `${file}:18:24`, 'set_fact typo', '.nope.deeper'],
      ['no-value', `${playbook('templates/typo.conf')}:3:10`, 'template typo', '.image_tga'],
      // task vars: placed at the vars mapping
      ['no-value', `${file}:28:9`, 'vars typo', '.registry_hots'],
    ]);
    expect(warnings.find((w) => w.kind === 'condition' && w.task === 'when not boolean')?.message).toContain('rendered "v1.30.0", neither true nor false');
    // one per host
    expect(warningsOf(join(scratch.dir, 'report.json')).filter((w) => w.host === 'h2')).toHaveLength(7);
    expect(run.stdout).toContain(`[WARNING]: ${file}:9:27: [h1] .kube_vesion has no value`);
    const journalWarnings = run
      .journal()
      .split('\n')
      .filter((l) => l.includes('"type":"warning"'))
      .map((l) => (JSON.parse(l) as { warning: Warning }).warning);
    expect(journalWarnings).toHaveLength(14);
    // warnings only: the typo still reaches the host, as in KubeKey
    expect(scratch.read('h1', 'cmd')).toBe('v=<no value> ok=v1.30.0\n');
    // a real "<no value>" string in the data is data, not a typo
    expect(scratch.read('h1', 'real')).toBe('<no value>\n');
    expect(warnings.some((w) => w.task.startsWith('a real'))).toBe(false);
  });

  test('a condition warning never shows a secret', async () => {
    const run = await scratch.run('secret-condition.yaml');
    const [warning] = warningsOf(join(scratch.dir, 'report.json'));
    expect(warning.message).toBe('condition {{.db_password}} rendered "********", neither true nor false: it counts as false');
    expect(run.stdout).not.toContain('Sup3rS3cretValue');
    expect(run.journal()).not.toContain('Sup3rS3cretValue');
  });

  test('a run-time template error names the line and column in the task file', async () => {
    const run = await scratch.run('runtime-error.yaml');
    expect(run.code).toBe(2);
    expect(run.report.tasks[0].msg).toBe(
      `${playbook('runtime-error.yaml')}:7:39: at <.kube_version.major>: can't evaluate field major in type interface {} (KP-TMPL-002)`,
    );
  });

  test.each([
    ['--strict', 'inventory.yaml', ['--strict']],
    ['kplay_strict: true in the inventory', 'inventory-strict.yaml', []],
  ])('%s: the task fails before its module acts; default gives a value', async (_name, inventory, extra) => {
    rmSync(scratch.out, { recursive: true, force: true });
    const run = await scratch.run('strict.yaml', extra, inventory);
    expect(run.code).toBe(0); // both failures are ignore_errors
    const cmd = run.report.tasks.find((t) => t.task === 'command typo');
    expect(cmd?.status).toBe('ignored');
    expect(cmd?.msg).toBe(
      `${playbook('strict.yaml')}:9:67: .kube_vesion has no value; strict mode forbids "<no value>" (fix the name, or give it a value with "default") (KP-TMPL-003)`,
    );
    expect(run.report.tasks.find((t) => t.task === 'template typo')?.msg).toContain(`${playbook('templates/typo.conf')}:3:10: .image_tga has no value`);
    expect(existsSync(join(scratch.out, 'h1', 'made-<no value>'))).toBe(false);
    expect(existsSync(join(scratch.out, 'h1', 'typo.conf'))).toBe(false);
    expect(existsSync(join(scratch.out, 'h1', 'made-none'))).toBe(true);
  });

  test('the files of template tasks are parsed at load time; errors point into the template file', async () => {
    const run = await runKplay(['run', join(project, 'broken', 'site.yaml'), '--workdir', join(scratch.dir, 'work')]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`${join(project, 'broken', 'templates', 'broken.conf')}:2:9: invalid template (used by the template task at site.yaml:9): unexpected "}" in operand (KP-TMPL-001)`);
    expect(run.stdout).not.toContain('TASK [first]');
  });
});

describe('the create_cluster project is strict by default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-strict-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A project that uses the shipped roles (the defaults role sets kplay_strict: true).
  mkdirSync(join(dir, 'playbooks'));
  copyFileSync(playbook('cluster-defaults.yaml'), join(dir, 'playbooks', 'cluster-defaults.yaml'));
  symlinkSync(resolve(__dirname, '../../roles'), join(dir, 'roles'));
  const run = (extra: readonly string[]) =>
    runKplay(['run', join(dir, 'playbooks', 'cluster-defaults.yaml'), '-i', join(project, 'inventory.yaml'), '--workdir', join(dir, 'work'), ...extra]);

  test('a typo after the defaults role fails its task; -e kplay_strict=false relaxes it to a warning', async () => {
    const strict = await run([]);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toContain('.kube_vesion has no value; strict mode forbids "<no value>"');
    const relaxed = await run(['-e', 'kplay_strict=false']);
    expect(relaxed.stdout).toContain('.kube_vesion has no value: the template printed "<no value>"');
    expect(relaxed.stdout).not.toContain('strict mode forbids');
  });
});
