/**
 * Inventory, config and playbook files are checked against schemas/ before anything runs: the
 * CLI names file:line:column of each problem, shows the line with a caret and a did-you-mean.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kplay-schema-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: readonly string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const PLAYBOOK = ['- hosts: [localhost]', '  tasks:', '    - debug: {msg: hi}'];

test('a misspelt inventory key and connector setting stop the run with their positions', async () => {
  const playbook = write('site.yaml', PLAYBOOK);
  const inventory = write('inventory.yaml', [
    'apiVersion: kubekey.kubesphere.io/v1',
    'kind: Inventory',
    'spec:',
    '  hots:',
    '    node1: {}',
    '  hosts:',
    '    localhost:',
    '      connector: {type: local, prot: 22}',
  ]);
  const result = await runKplay(['run', playbook, '-i', inventory]);
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(
    [
      `${inventory}:4:3: spec: unknown key "hots" (did you mean "hosts"?)`,
      '  hots:',
      '  ^',
      `${inventory}:8:32: spec.hosts.localhost.connector: unknown key "prot" (did you mean "port"?)`,
      '      connector: {type: local, prot: 22}',
      '                               ^',
      'kplay: 2 problems found; nothing was run',
      '',
    ].join('\n'),
  );
});

test('a config with a misspelt playbook injection key is rejected before the run', async () => {
  const playbook = write('site.yaml', PLAYBOOK);
  const config = write('config.yaml', ['kind: Config', 'spec:', '  playbooks:', '    - {order: 1, paht: other.yaml}']);
  const result = await runKplay(['run', playbook, '-c', config]);
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain(`${config}:4:7: spec.playbooks[0]: missing required key "path"\n`);
  expect(result.stderr).toContain(`${config}:4:18: spec.playbooks[0]: unknown key "paht" (did you mean "path"?)\n`);
});

test('module arguments: unknown ones and wrong literal types are load errors; documented ones load', async () => {
  const playbook = write('site.yaml', [
    '- hosts: [localhost]',
    '  tasks:',
    '    - copy: {content: x, dset: /tmp/x}',
    '    - copy: {content: x, dest: /tmp/x, backup: maybe}',
    '    - gen_cert: {cn: ca, out_key: /tmp/ca.key, out_cert: /tmp/ca.crt, policy: Sometimes}',
  ]);
  const result = await runKplay(['run', playbook]);
  expect(result.code).not.toBe(0);
  const located = result.stderr.split('\n').filter((l) => l.startsWith(playbook));
  expect(located).toEqual([
    `${playbook}:3:13: copy: missing required argument "dest" (KP-LOAD-002)`,
    `${playbook}:3:26: copy: unknown argument "dset" (did you mean "dest"?) (KP-LOAD-002)`,
    `${playbook}:4:48: copy.backup: must be a boolean (KP-LOAD-002)`,
    `${playbook}:5:79: gen_cert.policy: must be one of "Always", "IfNotPresent", "None" (KP-LOAD-002)`,
  ]);
});

test('gen_cert without policy uses the documented default (IfNotPresent)', async () => {
  const playbook = write('site.yaml', [
    '- hosts: [localhost]',
    '  tasks:',
    `    - gen_cert: {cn: ca, out_key: ${dir}/ca.key, out_cert: ${dir}/ca.crt}`,
    `    - gen_cert: {cn: ca, out_key: ${dir}/ca.key, out_cert: ${dir}/ca.crt}`,
    '      register: again',
    '    - assert: {that: [.again.stdout | eq "skip"]}',
  ]);
  const result = await runKplay(['run', playbook, '--workdir', join(dir, 'work')]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});

test('a template argument is checked after rendering, with the task position in the failure', async () => {
  const playbook = write('site.yaml', [
    '- hosts: [localhost]',
    '  vars: {keep: perhaps}',
    '  tasks:',
    `    - copy: {content: x, dest: ${dir}/out.txt, backup: "{{ .keep }}"}`,
  ]);
  const report = join(dir, 'report.json');
  const result = await runKplay(['run', playbook, '--workdir', join(dir, 'work'), '--report', report]);
  expect(result.code).not.toBe(0);
  const tasks = (JSON.parse(readFileSync(report, 'utf8')) as { tasks: { status: string; msg?: string }[] }).tasks;
  expect(tasks.map((t) => [t.status, t.msg])).toEqual([['failed', `${playbook}:4:13: copy.backup: must be a boolean (KP-MOD-002)`]]);
  expect(existsSync(join(dir, 'out.txt'))).toBe(false);
});
