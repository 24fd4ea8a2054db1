/**
 * The keys each level accepts come from schemas/playbook.json and schemas/tasks.json; role meta
 * files are checked against schemas/role-meta.json. Real files in a temp dir, real loader.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatDiagnostic } from '../core/format-diagnostic';
import { readSchema } from '../yaml/schema-validation';
import { loadProject } from './loader';
import { BLOCK_KEYS, INHERITED_KEYS, NO_EFFECT_KEYS, PLAY_KEYS, TASK_ONLY_KEYS } from './keyword-sets';

const MODULES = ['command', 'shell', 'debug', 'copy', 'set_fact'];
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kplay-keys-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(rel: string, lines: readonly string[]): void {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

function load(): string[] {
  const result = loadProject(path.join(dir, 'site.yaml'), { config: {}, moduleNames: MODULES });
  return result.diagnostics.map((d) => formatDiagnostic({ ...d, pos: { ...d.pos, file: path.relative(dir, d.pos.file) } }).split('\n')[0]);
}

test('the key sets are the schema properties', () => {
  const task = (readSchema('tasks').definitions as Record<string, { properties: Record<string, { deprecated?: boolean }> }>).task;
  const live = Object.entries(task.properties).filter(([, p]) => p.deprecated !== true).map(([k]) => k);
  expect([...INHERITED_KEYS, ...TASK_ONLY_KEYS].sort()).toEqual(live.sort());
  expect(BLOCK_KEYS).toEqual(['block', 'rescue', 'always']);
  expect(PLAY_KEYS).toContain('gather_facts');
  expect(NO_EFFECT_KEYS).toContain('remote_user');
});

test('misspelt keys of plays, blocks, tasks and role references are positioned errors with a hint', () => {
  write('site.yaml', [
    '- hosts: [localhost]',
    '  gather_fact: true',
    '  remote_user: admin',
    '  roles:',
    '    - {role: web, wehn: .x}',
    '  tasks:',
    '    - block:',
    '        - debug: {msg: hi}',
    '      rescu:',
    '        - debug: {msg: oops}',
    '    - name: greet',
    '      command: echo hi',
    '      regsiter: out',
  ]);
  write('roles/web/tasks/main.yaml', ['- debug: {msg: web}']);
  expect(load()).toEqual([
    'site.yaml:2:3: unknown key "gather_fact" on a play (did you mean "gather_facts"?) (KP-LOAD-002)',
    'site.yaml:3:3: warning: "remote_user" is accepted for compatibility but has no effect on a play',
    'site.yaml:5:19: unknown key "wehn" on a role reference (did you mean "when"?) (KP-LOAD-002)',
    'site.yaml:9:7: unknown key "rescu" on a block (did you mean "rescue"?) (KP-LOAD-002)',
    'site.yaml:13:7: unknown module or keyword "regsiter" in task "greet" (did you mean "register"?) (KP-LOAD-002)',
  ]);
});

test('role meta files follow schemas/role-meta.json', () => {
  write('site.yaml', ['- hosts: [localhost]', '  roles: [app]']);
  write('roles/app/meta/main.yaml', ['galaxy_info: {author: me}', 'dependencies: {role: base}']);
  write('roles/app/tasks/main.yaml', ['- debug: {msg: app}']);
  expect(load()).toEqual(['roles/app/meta/main.yaml:2:15: roles/app/meta/main.yaml: dependencies: must be a list (KP-LOAD-002)']);
});

test('numeric keywords keep to the ranges the schemas give', () => {
  write('site.yaml', [
    '- hosts: [localhost]',
    '  max_fail_percentage: 150',
    '  tasks:',
    '    - command: echo hi',
    '      retries: -1',
    '      timeout: -5',
    '      delay: 2',
  ]);
  expect(load()).toEqual([
    'site.yaml:2:24: max_fail_percentage: must be at most 100 (KP-LOAD-002)',
    'site.yaml:5:16: retries: must not be negative (KP-LOAD-002)',
    'site.yaml:6:16: timeout: must not be negative (KP-LOAD-002)',
  ]);
});
