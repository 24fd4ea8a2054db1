/**
 * Side by side with Ansible: each playbook of projects/linear/playbooks has a twin in
 * projects/linear/ansible written for ansible-playbook. kplay's output, reduced by traceOf, must
 * equal what ansible-core 2.14 printed for the twin (the fixtures below); when ansible-playbook is
 * installed the twins are also run live to confirm the fixtures.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';
import { traceOf, type Trace } from '../helpers/ansible-trace';

const project = join(__dirname, 'projects', 'linear');

interface Observed extends Trace {
  readonly rc: number;
}

const recap = (host: string, ok: number, changed: number, failed: number, skipped: number, rescued: number, ignored: number): string =>
  `${host} ok=${ok} changed=${changed} unreachable=0 failed=${failed} skipped=${skipped} rescued=${rescued} ignored=${ignored}`;

/**
 * Observed with ansible-core 2.14.18 (Debian 12 package), `ansible-playbook -i inventory.ini
 * <name>.yml` in projects/linear/ansible (local connection), output reduced by traceOf.
 */
const ANSIBLE_2_14: Record<string, Observed> = {
  // Every host of the first serial batch fails: no second batch, no second play.
  'serial-all-fail': {
    rc: 2,
    steps: ['PLAY rolling', 'TASK fail first batch', 'failed h1', 'failed h2'],
    unmatched: [],
    recap: [recap('h1', 0, 0, 1, 0, 0, 0), recap('h2', 0, 0, 1, 0, 0, 0)],
  },
  // One host of the batch fails: the next batch and the next play run without it.
  'serial-part-fail': {
    rc: 2,
    steps: [
      'PLAY rolling',
      'TASK fail first batch', 'failed h1', 'skipped h2',
      'TASK after', 'changed h2',
      'TASK fail first batch', 'skipped h3', 'skipped h4',
      'TASK after', 'changed h3', 'changed h4',
      'PLAY second play',
      'TASK p2', 'changed h2', 'changed h3', 'changed h4',
    ],
    unmatched: [],
    recap: [recap('h1', 0, 0, 1, 0, 0, 0), recap('h2', 2, 2, 0, 1, 0, 0), recap('h3', 2, 2, 0, 1, 0, 0), recap('h4', 2, 2, 0, 1, 0, 0)],
  },
  // Both hosts of the play fail (at different tasks): the second play does not run.
  'play-all-fail': {
    rc: 2,
    steps: ['PLAY first', 'TASK boom h1', 'failed h1', 'skipped h2', 'TASK boom h2', 'failed h2'],
    unmatched: [],
    recap: [recap('h1', 0, 0, 1, 0, 0, 0), recap('h2', 0, 0, 1, 1, 0, 0)],
  },
  // rescued=1 failed=0; ok counts changed and ignored results; the ignored command counts changed.
  rescue: {
    rc: 0,
    steps: ['PLAY rescue', 'TASK boom', 'failed h1', 'TASK fix', 'changed h1', 'TASK ignored', 'ignored h1', 'TASK okdebug', 'ok h1'],
    unmatched: [],
    recap: [recap('h1', 3, 2, 0, 0, 1, 1)],
  },
  // A failing rescue: rescued=1 and failed=1 (not failed=2).
  'rescue-fail': {
    rc: 2,
    steps: [
      'PLAY rescue fails',
      'TASK boom', 'failed h1', 'failed h2',
      'TASK fix fails', 'failed h1', 'skipped h2',
      'TASK alw', 'ok h1', 'ok h2',
      'TASK after', 'ok h2',
    ],
    unmatched: [],
    recap: [recap('h1', 1, 0, 1, 0, 1, 0), recap('h2', 2, 0, 0, 1, 1, 0)],
  },
  // Every failure a rescue takes over counts rescued, nested blocks included.
  'nested-rescue': {
    rc: 0,
    steps: [
      'PLAY nested',
      'TASK inner boom', 'failed h1', 'skipped h2',
      'TASK deep boom', 'failed h2',
      'TASK deep rescue fails', 'failed h2',
      'TASK outer fix', 'ok h1', 'ok h2',
      'TASK after', 'ok h1', 'ok h2',
    ],
    unmatched: [],
    recap: [recap('h1', 2, 0, 0, 0, 1, 0), recap('h2', 2, 0, 0, 1, 2, 0)],
  },
  // Each pattern that matches nothing is named in a warning; the play without hosts is skipped.
  'no-match': {
    rc: 0,
    steps: ['PLAY nothing', 'no hosts matched', 'PLAY some', 'TASK d', 'ok h1'],
    unmatched: ['nosuch', 'alsono'],
    recap: [recap('h1', 1, 0, 0, 0, 0, 0)],
  },
};

function ansibleInstalled(): boolean {
  return spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('linear strategy side by side with Ansible 2.14', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-linear-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const kplay = (name: string, extra: readonly string[] = []) =>
    runKplay(['run', join(project, 'playbooks', `${name}.yaml`), '-i', join(project, 'inventory.yaml'), '--workdir', join(dir, 'work'), '--no-color', ...extra]);

  test.each(Object.keys(ANSIBLE_2_14))('%s: kplay prints what Ansible printed', async (name) => {
    const run = await kplay(name);
    const expected = ANSIBLE_2_14[name];
    expect({ rc: run.code, ...traceOf(run.stdout) }).toEqual(expected);
  });

  test('a play pattern that matches nothing is a warning in --report, naming the pattern and the play, once per run', async () => {
    const report = join(dir, 'no-match.json');
    await kplay('no-match', ['--report', report]);
    const warnings = (JSON.parse(readFileSync(report, 'utf8')) as { warnings: { kind: string; message: string; source: string; play: string }[] }).warnings;
    expect(warnings.map((w) => [w.kind, w.play, w.message])).toEqual([
      ['host-pattern', 'nothing', 'could not match supplied host pattern, ignoring: nosuch'],
      ['host-pattern', 'some', 'could not match supplied host pattern, ignoring: alsono'],
    ]);
    expect(warnings[0].source).toBe(`${join(project, 'playbooks', 'no-match.yaml')}:2:3`);
  });

  test('--limit that selects no host is an error naming the pattern; nothing runs (exit 5, Ansible: 1)', async () => {
    const run = await kplay('rescue', ['--limit', 'h1:&nosuch']);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('--limit "h1:&nosuch" selects no host of the inventory (no host matches "nosuch")');
    expect(run.stderr).toContain('KP-CLI-002');
    expect(run.stdout).not.toContain('TASK');
  });

  test('--limit with one unknown term warns about it and runs on the rest, as Ansible does', async () => {
    const run = await kplay('rescue', ['--limit', 'h1,nosuch']);
    expect(run.code).toBe(0);
    expect(traceOf(run.stdout).unmatched).toEqual(['nosuch']);
    expect(traceOf(run.stdout).recap).toEqual(ANSIBLE_2_14.rescue.recap);
  });

  const live = ansibleInstalled();
  const liveTest = live ? test : test.skip;
  const why = live ? '' : ' (skipped: ansible-playbook is not installed; apt-get install ansible-core)';
  describe(`the fixtures are what ansible-playbook prints${why}`, () => {
    const env = {
      ...process.env,
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-local'),
      ANSIBLE_REMOTE_TEMP: join(dir, 'ansible-remote'),
      ANSIBLE_STDOUT_CALLBACK: 'default',
    };
    const ansible = (args: readonly string[]) =>
      spawnSync('ansible-playbook', ['-i', 'inventory.ini', ...args], { cwd: join(project, 'ansible'), env, encoding: 'utf8', timeout: 120_000 });

    liveTest.each(Object.keys(ANSIBLE_2_14))('%s', (name) => {
      const r = ansible([`${name}.yml`]);
      expect({ rc: r.status, ...traceOf(`${r.stdout}\n${r.stderr}`) }).toEqual(ANSIBLE_2_14[name]);
    });

    liveTest('--limit that selects no host', () => {
      const r = ansible(['rescue.yml', '--limit', 'h1:&nosuch']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('--limit leaves us with no hosts to target');
    });
  });
});
