import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Scratch } from './e2e-run';

const project = join(__dirname, 'projects', 'keywords');

describe('kplay run: --tags and --skip-tags', () => {
  const scratch = new Scratch(project);
  afterAll(() => scratch.cleanup());

  // tags.yaml: t-untagged, t-install [install], t-config [config], t-always [always],
  // t-never [never], t-never-debug [never, debugging], t-in-block (block tagged blocktag)
  test.each([
    [[], ['t-untagged', 't-install', 't-config', 't-always', 't-in-block']],
    [['--tags', 'install'], ['t-install', 't-always']],
    [['--tags', 'install,config'], ['t-install', 't-config', 't-always']],
    [['--tags', 'all'], ['t-untagged', 't-install', 't-config', 't-always', 't-in-block']],
    [['--tags', 'tagged'], ['t-install', 't-config', 't-always', 't-in-block']],
    [['--tags', 'untagged'], ['t-untagged', 't-always']],
    [['--tags', 'debugging'], ['t-always', 't-never-debug']],
    [['--tags', 'never'], ['t-always', 't-never', 't-never-debug']],
    [['--tags', 'blocktag'], ['t-always', 't-in-block']],
    [['--skip-tags', 'always'], ['t-untagged', 't-install', 't-config', 't-in-block']],
    [['--skip-tags', 'install', '--skip-tags', 'config'], ['t-untagged', 't-always', 't-in-block']],
    [['--tags', 'install', '--skip-tags', 'always'], ['t-install']],
    [['--skip-tags', 'all'], ['t-always']],
  ])('%j runs %j', async (args, expected) => {
    const run = await scratch.run('tags.yaml', args);
    expect(run.code).toBe(0);
    expect(run.report.tasks.map((t) => t.task).sort()).toEqual([...expected].sort());
  });

  test('a task excluded by tags does not render its vars', async () => {
    const run = await scratch.run('tags-vars.yaml', ['--skip-tags', 'heavy']);
    expect(run.code).toBe(0);
    expect(run.report.tasks.map((t) => t.task)).toEqual(['t-runs']);
  });
});

describe('kplay run --check', () => {
  const scratch = new Scratch(project);
  afterAll(() => scratch.cleanup());

  test('changes nothing, and a condition on a value that is unknown in check mode is reported unknown with the reason', async () => {
    const run = await scratch.run('check.yaml', ['--check']);
    expect(run.code).toBe(0);
    expect(run.report.check).toBe(true);
    expect(run.stdout).toContain('check mode');
    // only the block forced to check_mode: false wrote anything
    expect(readdirSync(scratch.out).sort()).toEqual(['real-h1', 'real-h2']);
    expect(run.statusOf('ck-command')).toEqual({ h1: 'unknown', h2: 'unknown' });
    const depends = run.report.tasks.filter((t) => t.task === 'ck-depends');
    expect(depends.map((t) => t.status)).toEqual(['unknown', 'unknown']);
    for (const t of depends) expect(t.reason).toMatch(/^"when" reads a value unknown in check mode \(\.probe: registered by task "ck-command" \(check\.yaml:4\)/);
    expect(run.stdout).toMatch(/unknown: \[h1\] => "when" reads a value unknown in check mode \(\.probe:/);
    // conditions on known values still decide
    expect(run.statusOf('ck-independent')).toEqual({ h1: 'ok', h2: 'skipped' });
    // a read-only probe with check_mode: false really runs, and what it registers is known
    expect(run.statusOf('ck-readonly')).toEqual({ h1: 'changed', h2: 'changed' });
    expect(run.statusOf('ck-uses-readonly')).toEqual({ h1: 'ok', h2: 'skipped' });
    // creates/removes decide even in check mode
    expect(run.statusOf('ck-creates')).toEqual({ h1: 'skipped', h2: 'skipped' });
    // the check_mode variable is true
    expect(run.report.tasks.find((t) => t.task === 'ck-check-var')?.stdout).toBe('check_mode=true');
    expect(run.report.stats.h1).toMatchObject({ failed: 0, changed: 2 });
  });

  test('without --check the same playbook really runs and check_mode is false', async () => {
    const run = await scratch.run('check.yaml');
    expect(run.code).toBe(0);
    expect(run.report.check).toBe(false);
    expect(existsSync(join(scratch.out, 'ck-h1'))).toBe(true);
    expect(run.statusOf('ck-depends')).toEqual({ h1: 'skipped', h2: 'skipped' });
    expect(run.report.tasks.find((t) => t.task === 'ck-check-var')?.stdout).toBe('check_mode=false');
  });
});
