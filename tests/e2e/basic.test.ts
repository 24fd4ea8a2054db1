import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';

const project = join(__dirname, 'projects', 'basic');

interface Report {
  status: string;
  check: boolean;
  detail: Record<string, unknown>;
  stats: Record<string, Record<string, number>>;
  tasks: { play: string; role?: string; task: string; host: string; status: string; item?: unknown; rc?: number; stdout: string; source: string }[];
}

describe('kplay run: a multi-play project on local hosts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-e2e-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (extra: string[] = []) =>
    runKplay([
      'run',
      join(project, 'playbooks', 'site.yaml'),
      '-i',
      join(project, 'inventory.yaml'),
      '-c',
      join(project, 'config.yaml'),
      '-e',
      `out_dir=${dir}/out`,
      '--workdir',
      join(dir, 'work'),
      '--report',
      join(dir, 'report.json'),
      ...extra,
    ]);
  const read = (host: string, file: string) => readFileSync(join(dir, 'out', host, file), 'utf8');
  const report = (): Report => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

  test('the report and the journal are readable by their owner only', async () => {
    const previous = process.umask(0o022);
    try {
      expect((await run()).code).toBe(0);
    } finally {
      process.umask(previous);
    }
    const mode = (p: string) => statSync(p).mode & 0o777;
    expect(mode(join(dir, 'report.json'))).toBe(0o600);
    const runs = join(dir, 'work', 'runs');
    expect(mode(runs)).toBe(0o700);
    const [runId] = readdirSync(runs);
    expect(mode(join(runs, runId))).toBe(0o700);
    expect(mode(join(runs, runId, 'events.jsonl'))).toBe(0o600);
  });

  test('runs roles, loops, blocks, handlers, includes and registers', async () => {
    const result = await run();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // roles: inventory beats role defaults; defaults/main/*.yaml in file-name order
    expect(read('node1', 'common.txt')).toBe('red-hello-v1.2.3\n');
    expect(read('node3', 'common.txt')).toBe('green-hello-v1.2.3\n');
    expect(read('node1', 'nginx')).toBe('8080\n');
    expect(existsSync(join(dir, 'out', 'node3', 'nginx'))).toBe(false);
    expect(read('node2', 'extra')).toBe('from-vars-2\n');
    // loops
    expect(read('node1', 'loop.txt')).toBe('a\nb\nc\n');
    expect(read('node3', 'loop2.txt')).toBe('x=1\ny=2\n');
    // block/rescue/always: node2 failed inside the block and was rescued
    expect(existsSync(join(dir, 'out', 'node2', 'rescued'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'node2', 'after-fail'))).toBe(false);
    expect(existsSync(join(dir, 'out', 'node1', 'after-fail'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'node1', 'rescued'))).toBe(false);
    for (const h of ['node1', 'node2', 'node3']) expect(existsSync(join(dir, 'out', h, 'always'))).toBe(true);
    // handlers ran for notifying hosts; never-tagged task did not run
    expect(existsSync(join(dir, 'out', 'node1', 'handler-ran'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'node1', 'never'))).toBe(false);
    expect(existsSync(join(dir, 'out', 'node1', 'tagged'))).toBe(true);
    // register_type json keeps numbers usable in arithmetic
    expect(read('node1', 'answer')).toBe('42\n');
    // second play, include_tasks, group vars + config
    expect(read('node3', 'included')).toBe('db-demo\n');

    const r = report();
    expect(r.status).toBe('succeeded');
    expect(r.check).toBe(false);
    expect(r.detail).toEqual({ hosts_done: 3 });
    expect(r.stats.node2.rescued).toBe(1);
    expect(r.stats.node2.failed).toBe(0);
    const looped = r.tasks.filter((t) => t.task === 'Loop over a YAML list' && t.host === 'node1');
    expect(looped.map((t) => t.item)).toEqual(['a', 'b', 'c']);
    const answer = r.tasks.find((t) => t.task === 'Use the registered value' && t.host === 'node1');
    expect(answer?.status).toBe('ok');
    expect(answer?.source).toMatch(/playbooks\/site\.yaml:\d+$/);
    const handler = r.tasks.find((t) => t.task === 'restart thing' && t.host === 'node3');
    expect(handler?.status).toBe('changed');
    expect(existsSync(join(dir, 'work', 'runs'))).toBe(true);
  });

  test('--tags selects tasks and --check changes nothing', async () => {
    const result = await run(['--check', '--tags', 'special']);
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const r = report();
    expect(r.check).toBe(true);
    const tagged = r.tasks.filter((t) => t.task === 'Tagged task');
    expect(tagged.map((t) => t.status)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(r.tasks.some((t) => t.task === 'Loop over a YAML list')).toBe(false);
  });

  test('--limit narrows the hosts', async () => {
    const result = await run(['--limit', 'web:!node2']);
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'out', 'node1', 'common.txt'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'node2'))).toBe(false);
    expect(existsSync(join(dir, 'out', 'node3'))).toBe(false);
  });
});
