import * as fs from 'fs';
import * as path from 'path';
import { formatDiagnostic } from '../core/format-diagnostic';
import { templatesForTests } from '../../tests/fixtures/projects/test-templates';
import { loadProject, projectRoot } from './loader';
import type { Diagnostic } from '../core/source';
import type { BlockNode, LoadedProject, PlayNode, RoleNode, TaskListEntry, TaskNode } from './model';
import { GoFloat } from '../core/values';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures/projects');
const MODULES = [
  'command', 'shell', 'copy', 'fetch', 'template', 'debug', 'assert', 'set_fact', 'add_hostvars',
  'include_vars', 'setup', 'gen_cert', 'http_get_file', 'image', 'result', 'prometheus', 'fail',
];

function relative(diagnostics: Diagnostic[], root: string): string[] {
  return diagnostics.map((d) => formatDiagnostic({ ...d, pos: { ...d.pos, file: path.relative(root, d.pos.file) } }));
}

function task(e: TaskListEntry | undefined): TaskNode {
  expect(e?.kind).toBe('task');
  return e as TaskNode;
}
function block(e: TaskListEntry | undefined): BlockNode {
  expect(e?.kind).toBe('block');
  return e as BlockNode;
}
const rel = (root: string, p: string) => path.relative(root, p);

describe('projectRoot', () => {
  it('is the playbook directory, or its parent when that is named playbooks', () => {
    expect(projectRoot('/p/playbooks/site.yaml')).toBe('/p');
    expect(projectRoot('/p/site.yaml')).toBe('/p');
    expect(projectRoot('/p/plays/site.yaml')).toBe('/p/plays');
  });
});

describe('loadProject: a good project', () => {
  const root = path.join(FIXTURES, 'good');
  const result = loadProject(path.join(root, 'playbooks/site.yaml'), {
    config: { env_name: 'prod', hook_name: 'after.yaml', playbooks: [{ order: new GoFloat(1.5), path: 'injected.yaml' }, { order: 9, path: '' }] },
    moduleNames: MODULES,
    templates: templatesForTests(),
  });
  const project = result.project as LoadedProject;

  it('loads without diagnostics', () => {
    expect(relative(result.diagnostics, root)).toEqual([]);
    expect(project.root).toBe(root);
  });

  it('flattens imports and injected playbooks in weight order', () => {
    expect(project.plays.map((p) => `${rel(root, p.file)}:${p.pos.line}`)).toEqual([
      'playbooks/pre.yaml:1', // import, weight 1
      'playbooks/injected.yaml:1', // injected, order 1.5
      'playbooks/site.yaml:2', // weight 2
      'playbooks/final.yaml:1', // hooks/after.yaml -> final.yaml via <root>/playbooks (step 3)
      'playbooks/hooks/playbooks/deep.yaml:1', // via D/playbooks (step 2)
    ]);
  });

  it('types play keywords', () => {
    const play = project.plays[2];
    expect(play.name).toBe('Main play');
    expect(play.hosts).toEqual(['node1', 'kube_control_plane']);
    expect(play.gatherFacts).toBe(true);
    expect(play.serial).toEqual(['2']);
    expect(play.become).toBe(true);
    expect(project.plays[3].runOnce).toBe(true);
    expect(project.plays[4].hosts).toEqual(['etcd']);
    expect(play.varsNodes.map((v) => v.data)).toEqual([
      { greeting: 'hello', port: '{{ .base_port }}' },
      { common_key: 1, port: 8080 },
      { env_flag: 'prod' },
    ]);
    expect(play.varsNodes.map((v) => `${rel(root, v.pos.file)}:${v.pos.line}`)).toEqual([
      'playbooks/site.yaml:8',
      'playbooks/vars/common.yaml:1',
      'playbooks/vars/prod.yaml:1',
    ]);
  });

  it('normalises module arguments like the JSON round trip', () => {
    const stamp = task(project.plays[0].tasks[0]);
    expect(stamp.module).toBe('set_fact');
    expect(stamp.args).toEqual({ ratio: 1, when_loaded: '2023-01-01T00:00:00Z' });
    expect(Object.keys(stamp.args as object)).toEqual(['ratio', 'when_loaded']);
    expect(stamp.argsPos).toMatchObject({ line: 6, col: 9 });
  });

  it('reads roles: search order, multi-level names, meta dependencies, defaults', () => {
    const [common, containerd, local] = project.plays[2].roles;
    expect(rel(root, common.dir)).toBe('roles/common');
    expect(rel(root, containerd.dir)).toBe('roles/cri/containerd');
    expect(rel(root, local.dir)).toBe('playbooks/roles/local-role');
    expect(common.defaults.map((d) => [rel(root, d.pos.file), d.data])).toEqual([
      ['roles/common/defaults/main.yaml', { a: 1, mode: 493 }],
      ['roles/common/defaults/main/a.yml', { a: 3 }],
      ['roles/common/defaults/main/b.yaml', { b: 2 }],
    ]);
    const dep: RoleNode = common.dependencies[0];
    expect(dep.name).toBe('base/os');
    expect(dep.when.map((c) => c.template)).toEqual(['{{.os_check}}']);
    expect(dep.tags).toEqual(['os']);
    expect(task(dep.tasks[0]).module).toBe('assert');
    expect(containerd.when).toMatchObject([{ template: '{{.cri | eq "containerd"}}', pos: { file: path.join(root, 'playbooks/site.yaml'), line: 20, col: 13 } }]);
    // where the wrapped condition sits, to place run-time findings inside it
    expect(containerd.when[0].site).toMatchObject({ text: '{{.cri | eq "containerd"}}', prefix: 2, style: 'plain', pos: { line: 20, col: 13 } });
    expect(containerd.tags).toEqual(['cri']);
    expect(containerd.vars?.data).toEqual({ cri_version: new GoFloat(1.7) });
  });

  it('resolves include_tasks through every step and nests them', () => {
    const [first, include] = project.plays[2].roles[0].tasks;
    expect(task(first).baseDir).toBe(path.join(root, 'roles/common'));
    expect(task(first).role).toBe('common');
    const part = block(include);
    expect(rel(root, part.includedFile as string)).toBe('roles/common/tasks/sub/part.yaml'); // step 1
    expect(part.when.map((c) => c.template)).toEqual(['{{.with_part}}']);
    const [leaf, other] = part.block.map(block);
    expect(rel(root, leaf.includedFile as string)).toBe('roles/common/tasks/sub/leaf.yaml'); // step 1 of the nested file
    expect(rel(root, other.includedFile as string)).toBe('roles/common/tasks/other.yaml'); // step 4
    expect(task(other.block[0]).baseDir).toBe(path.join(root, 'roles/common'));
    const containerdInclude = block(project.plays[2].roles[1].tasks[0]);
    expect(rel(root, containerdInclude.includedFile as string)).toBe('roles/cri/containerd/files.yaml'); // step 3
    const cleanup = block(block(project.plays[2].tasks[0]).always[0]);
    expect(rel(root, cleanup.includedFile as string)).toBe('playbooks/tasks/cleanup.yaml'); // step 2
  });

  it('reads blocks with rescue/always and typed task keywords', () => {
    const play: PlayNode = project.plays[2];
    const install = block(play.tasks[0]);
    expect(install.when.map((c) => c.template)).toEqual(['{{true}}', '{{.install}}']);
    expect(task(install.block[0]).args).toEqual({ content: 'x', dest: '/etc/x', mode: 420 });
    expect(task(install.block[0]).notify).toEqual(['restart things']);
    expect(task(install.rescue[0]).args).toBe('echo failed');
    const loop = task(play.tasks[1]);
    expect(loop).toMatchObject({
      module: 'command',
      loop: { items: ['a', 2] },
      register: 'out',
      registerType: 'json',
      retries: 3,
      delay: 1,
      delegateTo: 'localhost',
      ignoreErrors: true,
      noLog: true,
      timeout: 30,
    });
    expect(loop.failedWhen.map((c) => c.template)).toEqual(['{{.out.error | empty | not}}']);
    expect(loop.changedWhen?.map((c) => c.template)).toEqual(['{{false}}']);
    expect(loop.until?.map((c) => c.template)).toEqual(['{{.out.stdout | eq "ok"}}']);
    const unnamed = task(play.postTasks[0]);
    expect(unnamed.name).toBe('debug');
    expect(unnamed.loop).toEqual({ template: '{{ .list | toJson }}' });
  });

  it('collects play and role handlers', () => {
    const handlers = project.plays[2].handlers;
    expect(handlers.map((h) => [h.task.name, h.listen])).toEqual([
      ['restart x', ['restart things']],
      ['common handler', []],
    ]);
  });
});

describe('loadProject: a broken project reports every problem', () => {
  const root = path.join(FIXTURES, 'broken');
  const result = loadProject(path.join(root, 'site.yaml'), { config: {}, moduleNames: MODULES, templates: templatesForTests() });

  it('returns no project and all diagnostics sorted by file and line', () => {
    expect(result.project).toBeUndefined();
    expect(relative(result.diagnostics, root)).toEqual([
      'bad-syntax.yaml:3:1: yaml: Missing closing "quote (KP-LOAD-001)',
      'cycle-b.yaml:1:20: failed to import cycle-a.yaml because it cause a cycle import: cycle-a.yaml -> cycle-b.yaml -> cycle-a.yaml (KP-LOAD-002)',
      'dup.yaml:3:3: yaml: mapping key "name" already defined at line 1 (KP-LOAD-001)',
      'site.yaml:3:3: unknown key "gather_fact" on a play (did you mean "gather_facts"?) (KP-LOAD-002)',
      'site.yaml:4:13: run_once: cannot unmarshal !!str `true` into bool (booleans must not be quoted) (KP-LOAD-002)',
      'site.yaml:6:7: failed to find role "missing/role" base on "site.yaml" (KP-LOAD-002)',
      'site.yaml:10:7: task "Two modules" has more than one module: "command", "shell" (KP-LOAD-002)',
      'site.yaml:12:7: unknown module or keyword "comand" in task "Unknown module" (did you mean "command"?) (KP-LOAD-002)',
      expect.stringMatching(/^site\.yaml:15:\d+: invalid template in when: unclosed left paren \(KP-TMPL-001\)$/),
      expect.stringMatching(/^site\.yaml:18:\d+: invalid template in debug\.msg: unexpected EOF \(KP-TMPL-001\)$/),
      'site.yaml:21:9: copy: missing required argument "dest" (KP-LOAD-002)',
      'site.yaml:22:9: copy: unknown argument "mdoe" (did you mean "mode"?) (KP-LOAD-002)',
      'site.yaml:23:22: failed to find include_task "nowhere.yaml" base on "." (KP-LOAD-002)',
      'site.yaml:26:22: ignore_errors: cannot unmarshal !!str `maybe` into bool (KP-LOAD-002)',
      'site.yaml:27:20: failed to find import_playbook "missing.yaml" base on "site.yaml" (KP-LOAD-002)',
    ]);
  });

  it('places template errors of single-line scalars inside the scalar', () => {
    const when = result.diagnostics.find((d) => d.message.includes('unclosed left paren'));
    // `when: .x | eq (1` starts at column 13 and is 10 characters long
    expect(when?.pos.col).toBeGreaterThanOrEqual(13);
    expect(when?.pos.col).toBeLessThanOrEqual(22);
  });

  it('prints a caret under the problem', () => {
    const d = result.diagnostics.find((x) => x.message.startsWith('unknown key "gather_fact"')) as Diagnostic;
    expect(formatDiagnostic(d, fs.readFileSync(d.pos.file, 'utf8'))).toBe(
      `${d.pos.file}:3:3: unknown key "gather_fact" on a play (did you mean "gather_facts"?) (KP-LOAD-002)\n  gather_fact: true\n  ^`,
    );
  });
});

describe('loadProject: more problems', () => {
  const root = path.join(FIXTURES, 'broken-more');
  const result = loadProject(path.join(root, 'playbooks/site.yaml'), { config: { vf: 'nope.yaml' }, moduleNames: MODULES, templates: templatesForTests() });

  it('reports them all', () => {
    expect(relative(result.diagnostics, root)).toEqual(EXPECTED_MORE);
  });
});

const EXPECTED_MORE: string[] = [
  "playbooks/site.yaml:1:10: playbook's hosts must not be empty (KP-LOAD-002)",
  "playbooks/site.yaml:2:3: \"when\" is not valid on a play (plays have no condition; put when on roles, blocks or tasks) (KP-LOAD-002)",
  "playbooks/site.yaml:3:16: failed to find vars_files \"nope.yaml\" (KP-LOAD-002)",
  "playbooks/site.yaml:7:7: \"loop\" is not valid on a block (it is a task keyword) (KP-LOAD-002)",
  "playbooks/site.yaml:9:11: no module/action detected in task \"No module here\" (KP-LOAD-002)",
  "playbooks/site.yaml:11:7: notify: no handler named \"nobody\" in this play (KP-LOAD-002)",
  "playbooks/site.yaml:13:13: loop: must be a list or a template string, got !!map (KP-LOAD-002)",
  "playbooks/site.yaml:15:22: register_type: \"jsno\" is not one of json, yaml, string (did you mean \"json\"?) (KP-LOAD-002)",
  "playbooks/site.yaml:20:9: invalid template in when: unclosed left paren in action started at when:1 (KP-TMPL-001)",
  "playbooks/site.yaml:23:30: copy.mode: must be an integer or a string (KP-LOAD-002)",
  "playbooks/site.yaml:25:7: handlers must be plain tasks (no block or include_tasks) (KP-LOAD-002)",
  "playbooks/tasks/loop2.yaml:1:18: include_tasks cycle: playbooks/tasks/loop1.yaml -> playbooks/tasks/loop2.yaml -> playbooks/tasks/loop1.yaml (KP-LOAD-002)",
  "roles/b/meta/main.yaml:2:11: role dependency cycle: roles/a -> roles/b -> roles/a (KP-LOAD-002)",
];
