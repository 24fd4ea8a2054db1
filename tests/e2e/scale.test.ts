import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Scratch } from './e2e-run';

const HOSTS = 1000;
const TASKS = 10;

/** Benchmark sanity (issue 3 item 11): correctness of the counts only, no timing asserted. */
describe('kplay run at scale', () => {
  const scratch = new Scratch(join(__dirname, 'projects', 'scale'));
  afterAll(() => scratch.cleanup());

  test(`${HOSTS} local hosts × ${TASKS} debug tasks: every result is there, once`, async () => {
    const names = Array.from({ length: HOSTS }, (_, i) => `node${String(i + 1).padStart(4, '0')}`);
    const inventory = join(scratch.dir, 'inventory.yaml');
    writeFileSync(
      inventory,
      [
        'apiVersion: kubekey.kubesphere.io/v1',
        'kind: Inventory',
        'spec:',
        '  hosts:',
        ...names.map((h, i) => `    ${h}: { connector: { type: local }, n: ${i + 1} }`),
        '  groups:',
        '    many:',
        `      hosts: [${names.join(', ')}]`,
        '',
      ].join('\n'),
    );
    const run = await scratch.run('scale.yaml', ['--output', 'json'], inventory);
    expect(run.code).toBe(0);
    expect(run.report.tasks).toHaveLength(HOSTS * TASKS);
    expect(Object.keys(run.report.stats)).toEqual(names);
    for (const s of Object.values(run.report.stats)) expect(s).toEqual({ ok: TASKS, changed: 0, failed: 0, skipped: 0, unreachable: 0, rescued: 0, ignored: 0, unknown: 0 });
    const seen = new Set(run.report.tasks.map((t) => `${t.task}/${t.host}/${t.stdout}`));
    expect(seen.size).toBe(HOSTS * TASKS);
    expect(seen.has('d7/node0421/node0421-421-7')).toBe(true);
    const events = run.stdout.trim().split('\n');
    expect(events.filter((l) => l.startsWith('{"type":"host_result"'))).toHaveLength(HOSTS * TASKS);
  });
});
