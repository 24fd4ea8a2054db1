/**
 * `--start-at-task` side by side with Ansible: projects/start-at/playbooks and their twins in
 * projects/start-at/ansible. kplay's output, reduced by traceOf, must equal what ansible-core 2.14
 * printed for the twin (the fixtures below); when ansible-playbook is installed the twins are also
 * run live to confirm the fixtures.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';
import { traceOf, type Trace } from '../helpers/ansible-trace';

const project = join(__dirname, 'projects', 'start-at');

interface Case {
  readonly playbook: 'site' | 'serial';
  readonly start: string;
}

const recap = (host: string, ok: number): string => `${host} ok=${ok} changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0`;
const both = (task: string): string[] => [`TASK ${task}`, 'ok h1', 'ok h2'];
const FACTS = both('Gathering Facts');
/** The tail every `site` case shares once the start is reached in role `app`. */
const AFTER_APP = [...both('app three'), ...both('play task'), 'PLAY third', 'TASK late', 'ok h1'];

/**
 * Observed with ansible-core 2.14.18 (Debian 12 package): `ansible-playbook -i inventory.ini
 * <playbook>.yml --start-at-task <start>` in projects/start-at/ansible (local connection,
 * ANSIBLE_ROLES_PATH=../roles), output reduced by traceOf.
 */
const ANSIBLE_2_14: Record<string, Case & Trace> = {
  // Inside a block of a role: earlier plays print their banner only (no facts); the play holding
  // the task gathers facts; the role's dependency and earlier tasks are skipped; `always` runs.
  'in a role block': {
    playbook: 'site',
    start: 'app two',
    steps: ['PLAY first', 'PLAY second', ...FACTS, ...both('app two'), ...both('app always'), ...AFTER_APP],
    unmatched: [],
    recap: [recap('h1', 6), recap('h2', 5)],
  },
  // The `role : name` form, here of a task in an `always` section.
  'role : name, in always': {
    playbook: 'site',
    start: 'app : app always',
    steps: ['PLAY first', 'PLAY second', ...FACTS, ...both('app always'), ...AFTER_APP],
    unmatched: [],
    recap: [recap('h1', 5), recap('h2', 4)],
  },
  // A glob: the first match in run order is the dependency's first task.
  'a glob, in a dependency': {
    playbook: 'site',
    start: 'base*',
    steps: [
      'PLAY first', 'PLAY second', ...FACTS,
      ...both('base one'), ...both('base two'), ...both('app one'), ...both('app two'), ...both('app always'), ...AFTER_APP,
    ],
    unmatched: [],
    recap: [recap('h1', 9), recap('h2', 8)],
  },
  // serial: the first batch starts at the task; the second has not run yet and runs in full.
  'serial batches': {
    playbook: 'serial',
    start: 's two',
    steps: ['PLAY rolling', 'TASK s two', 'ok h1', 'TASK s three', 'ok h1', 'TASK s one', 'ok h2', 'TASK s two', 'ok h2', 'TASK s three', 'ok h2'],
    unmatched: [],
    recap: [recap('h1', 2), recap('h2', 3)],
  },
};

function ansibleInstalled(): boolean {
  return spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('--start-at-task side by side with Ansible 2.14', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-start-at-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const kplay = (playbook: string, extra: readonly string[]) =>
    runKplay(['run', join(project, 'playbooks', `${playbook}.yaml`), '-i', join(project, 'inventory.yaml'), '--workdir', join(dir, 'work'), '--no-color', ...extra]);

  test.each(Object.keys(ANSIBLE_2_14))('%s: kplay runs what Ansible ran', async (name) => {
    const { playbook, start, ...expected } = ANSIBLE_2_14[name];
    const run = await kplay(playbook, ['--start-at-task', start]);
    expect(run.stderr).toBe('');
    expect({ rc: run.code, ...traceOf(run.stdout) }).toEqual({ rc: 0, ...expected });
  });

  test('a name no task has is refused before anything runs, naming it (Ansible runs nothing, exit 0)', async () => {
    for (const start of ['nosuch', 'app rescue']) {
      const run = await kplay('site', ['--start-at-task', start]);
      expect(run.code).toBe(5);
      expect(run.stderr).toContain(`--start-at-task "${start}" matches no task of`);
      expect(run.stderr).toContain('KP-CLI-001');
      expect(run.stdout).not.toContain('PLAY');
    }
  });

  const live = ansibleInstalled();
  const liveTest = live ? test : test.skip;
  const why = live ? '' : ' (skipped: ansible-playbook is not installed; apt-get install ansible-core)';
  describe(`the fixtures are what ansible-playbook prints${why}`, () => {
    const env = {
      ...process.env,
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      ANSIBLE_ROLES_PATH: join(project, 'roles'),
      ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-local'),
      ANSIBLE_REMOTE_TEMP: join(dir, 'ansible-remote'),
      ANSIBLE_STDOUT_CALLBACK: 'default',
    };
    const ansible = (args: readonly string[]) =>
      spawnSync('ansible-playbook', ['-i', 'inventory.ini', ...args], { cwd: join(project, 'ansible'), env, encoding: 'utf8', timeout: 120_000 });

    liveTest.each(Object.keys(ANSIBLE_2_14))('%s', (name) => {
      const { playbook, start, ...expected } = ANSIBLE_2_14[name];
      const r = ansible([`${playbook}.yml`, '--start-at-task', start]);
      expect({ rc: r.status, ...traceOf(`${r.stdout}\n${r.stderr}`) }).toEqual({ rc: 0, ...expected });
    });

    liveTest('a name no task has: every play is skipped', () => {
      const r = ansible(['site.yml', '--start-at-task', 'nosuch']);
      expect(r.status).toBe(0);
      expect(traceOf(`${r.stdout}\n${r.stderr}`).steps).toEqual(['PLAY first', 'PLAY second', 'PLAY third']);
    });
  });
});
