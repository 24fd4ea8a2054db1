import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';
import { Scratch } from './e2e-run';

const project = join(__dirname, 'projects', 'keywords');
const playbook = (name: string) => join(project, 'playbooks', name);
const inventory = join(project, 'inventory.yaml');

/** Values secrets.yaml and the inventory must never let out. */
const SECRETS = [
  'Sup3rS3cretValue', // inventory var db_password
  'C0nnectorPassw0rd', // connector password
  'tok-1-ABCDEF', // set_fact api_token
  'visible-only-without-no-log', // stdout of a no_log task
  'stderr-hidden', // stderr of a no_log task
  'loop-secret', // items of a no_log loop
  'failure-secret', // failure output of a no_log task
];

describe('kplay run: secrets and no_log', () => {
  const scratch = new Scratch(project);
  afterAll(() => scratch.cleanup());

  const expectClean = (where: string, text: string) => {
    for (const secret of SECRETS) {
      if (text.includes(secret)) throw new Error(`${where} leaks ${secret}`);
    }
  };

  test('text output at -vvv, the report and the journal show ******** instead', async () => {
    const run = await scratch.run('secrets.yaml', ['-vvv']);
    expect(run.code).toBe(0);
    const report = readFileSync(join(scratch.dir, 'report.json'), 'utf8');
    const journal = run.journal();
    expectClean('stdout', run.stdout);
    expectClean('stderr', run.stderr);
    expectClean('report', report);
    expectClean('journal', journal);
    // the redacted tasks are still there, with their output masked
    expect(run.stdout).toContain('pw=******** conn=********');
    expect(run.stdout).toContain('token=********');
    const noLog = run.report.tasks.find((t) => t.task === 'no-log-task' && t.host === 'h1');
    expect(noLog).toMatchObject({ status: 'changed', stdout: '********', stderr: '********' });
    expect(run.report.tasks.filter((t) => t.task === 'no-log-loop').map((t) => t.item)).toEqual(['********', '********', '********', '********']);
    expect(run.report.detail).toEqual({ db: { password: '********' }, plain: 'visible' });
    // ordinary output is not masked
    expect(run.report.tasks.find((t) => t.task === 'echo-token' && t.host === 'h2')?.stdout).toBe('token=********\n');
    expect(journal).toContain('"type":"host_result"');
  });

  test('--output json is clean too', async () => {
    const run = await scratch.run('secrets.yaml', ['--output', 'json']);
    expect(run.code).toBe(0);
    expectClean('json output', run.stdout);
  });
});

describe('kplay run --output json', () => {
  const scratch = new Scratch(project);
  afterAll(() => scratch.cleanup());

  test('prints every event as one valid JSON line, in a sensible order', async () => {
    const run = await scratch.run('tags.yaml', ['--output', 'json']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const events = lines.map((l) => JSON.parse(l) as { type: string; task?: { task: string }; result?: { host: string; status: string }; exitCode?: number });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('run_start');
    expect(types[types.length - 1]).toBe('run_end');
    expect(new Set(types)).toEqual(new Set(['run_start', 'play_start', 'task_start', 'log', 'host_result', 'task_end', 'play_end', 'run_end']));
    expect(types.filter((t) => t === 'task_start')).toHaveLength(5);
    const result = events.find((e) => e.type === 'host_result' && e.task?.task === 't-install');
    expect(result?.result).toMatchObject({ host: 'h1', status: 'ok' });
    expect(events[events.length - 1].exitCode).toBe(0);
    // the same events go to the journal
    expect(run.journal().trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(types);
  });
});

describe('kplay run: listing and syntax check run nothing', () => {
  test('--list-hosts applies --limit', async () => {
    const r = await runKplay(['run', playbook('tags.yaml'), '-i', inventory, '--list-hosts']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('play: tags\n  hosts (1):\n    h1\n');
    const limited = await runKplay(['run', playbook('failures.yaml'), '-i', inventory, '--list-hosts', '--limit', 'five:!h3']);
    expect(limited.stdout).toContain('play: next-play\n  hosts (4):\n    h1\n    h2\n    h4\n    h5\n');
  });

  test('--list-tasks shows roles, blocks and tags, filtered by --tags', async () => {
    const r = await runKplay(['run', playbook('tags.yaml'), '-i', inventory, '--list-tasks']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  t-install\tTAGS: [install]\n');
    expect(r.stdout).toContain('  t-in-block\tTAGS: [blocktag]\n');
    const roles = await runKplay(['run', playbook('keywords.yaml'), '-i', inventory, '--list-tasks']);
    expect(roles.stdout).toContain('  greet : role-task\tTAGS: []\n');
    const filtered = await runKplay(['run', playbook('tags.yaml'), '-i', inventory, '--list-tasks', '--tags', 'install']);
    expect(filtered.stdout).toBe('play: tags\n  t-install\tTAGS: [install]\n  t-always\tTAGS: [always]\n');
  });

  test('--list-tags collects every tag', async () => {
    const r = await runKplay(['run', playbook('tags.yaml'), '-i', inventory, '--list-tags']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('TASK TAGS: [always, blocktag, config, debugging, install, never]');
  });

  test('--syntax-check validates and exits 0 without running', async () => {
    const scratch = new Scratch(project);
    try {
      const r = await scratch.run('keywords.yaml', ['--syntax-check']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/syntax OK \(13 plays\)/);
      expect(r.report.tasks).toEqual([]);
      expect(() => scratch.read('h1', 'loop')).toThrow();
    } finally {
      scratch.cleanup();
    }
  });
});
