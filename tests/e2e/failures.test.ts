import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Scratch } from './e2e-run';

const project = join(__dirname, 'projects', 'keywords');

describe('kplay run: failing hosts', () => {
  const scratch = new Scratch(project);
  afterAll(() => scratch.cleanup());
  const has = (host: string, file: string) => existsSync(join(scratch.out, host, file));

  test('a failed host leaves the run, the others go on; exit code 2', async () => {
    const run = await scratch.run('failures.yaml');
    expect(run.code).toBe(2);
    expect(run.report.status).toBe('failed');
    // failed_when true fails a command that exited 0
    const fw = run.report.tasks.find((t) => t.task === 'failed-when-true' && t.host === 'h2');
    expect(fw).toMatchObject({ status: 'failed', rc: 0, stdout: 'boom-2\n' });
    expect(fw?.msg).toContain('failed_when is true');
    // per-task timeout: `sleep 5` with timeout 1 fails with a clear message (that the command
    // is killed is tested with the connectors)
    const timedOut = run.report.tasks.find((t) => t.task === 'timeout-task' && t.host === 'h3');
    expect(timedOut?.status).toBe('failed');
    expect(timedOut?.msg).toMatch(/timed out after 1s/);
    // until never true: retries + 1 attempts, then failed
    expect(scratch.read('h4', 'attempts')).toBe('x\nx\nx\n');
    expect(run.statusOf('until-never').h4).toBe('failed');
    expect(run.report.tasks.find((t) => t.task === 'until-never' && t.host === 'h4')?.msg).toMatch(/still false after 3 attempts/);
    // a non-zero rc fails with the rc and stderr in the report
    expect(run.report.tasks.find((t) => t.task === 'rc-fails' && t.host === 'h5')).toMatchObject({ status: 'failed', rc: 7, stderr: 'oops\n' });
    // failed hosts take part in nothing afterwards, in this play or the next
    expect(run.hostsOf('survivors')).toEqual(['h1']);
    expect(run.hostsOf('next-play-task')).toEqual(['h1']);
    expect(has('h1', 'next-play')).toBe(true);
    for (const h of ['h2', 'h3', 'h4', 'h5']) {
      expect(has(h, 'survived')).toBe(false);
      expect(run.report.stats[h].failed).toBe(1);
    }
    expect(run.report.stats.h1.failed).toBe(0);
    // stats and the recap follow inventory order, whatever order hosts finished in
    expect(Object.keys(run.report.stats)).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
    const recap = run.stdout.slice(run.stdout.indexOf('PLAY RECAP'));
    expect(recap.split('\n').slice(1, 6).map((l) => l.split(' ')[0])).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
  });

  test('any_errors_fatal: one failure stops every host', async () => {
    const run = await scratch.run('fatal.yaml');
    expect(run.code).toBe(2);
    expect(run.statusOf('fatal-fail').h3).toBe('failed');
    expect(run.hostsOf('fatal-after')).toEqual([]);
    expect(run.hostsOf('fatal-next')).toEqual([]);
    expect(run.report.error).toMatch(/any_errors_fatal.*fatal-fail.*h3/);
  });

  test('max_fail_percentage: within the limit the play goes on, over it the run stops', async () => {
    const run = await scratch.run('maxfail.yaml');
    expect(run.code).toBe(2);
    expect(run.hostsOf('mf-continue').sort()).toEqual(['h1', 'h2', 'h3', 'h4']);
    expect(run.statusOf('mf-two-fail')).toEqual({ h1: 'changed', h2: 'changed', h3: 'failed', h4: 'failed' });
    expect(run.hostsOf('mf-not-reached')).toEqual([]);
    expect(run.report.error).toMatch(/max_fail_percentage 30% exceeded: 2 of 4/);
  });

  test('handlers do not run for a host that failed later, unless --force-handlers', async () => {
    const plain = await scratch.run('force-handlers.yaml');
    expect(plain.code).toBe(2);
    expect(has('h1', 'handler')).toBe(true);
    expect(has('h2', 'handler')).toBe(false);
    expect(plain.hostsOf('record')).toEqual(['h1']);

    const forced = await scratch.run('force-handlers.yaml', ['--force-handlers']);
    expect(forced.code).toBe(2);
    expect(has('h1', 'handler')).toBe(true);
    expect(has('h2', 'handler')).toBe(true);
    expect(forced.hostsOf('record').sort()).toEqual(['h1', 'h2']);
  });
});
