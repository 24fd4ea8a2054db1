import { join } from 'node:path';
import { GO_TYPE, type GoMap } from '../core/values';
import { defaultInventory, loadInventory, parseInventory } from './inventory';

const fixtures = join(__dirname, '..', '..', 'tests', 'fixtures', 'inventories');
const fixture = (name: string): string => join(fixtures, name);

function loadCluster() {
  const { inventory, diagnostics } = loadInventory(fixture('cluster.yaml'));
  expect(diagnostics).toEqual([]);
  if (inventory === undefined) throw new Error('inventory did not load');
  return inventory;
}

const brief = (d: { pos: { line: number; col: number }; severity: string; message: string }): string =>
  `${d.pos.line}:${d.pos.col} ${d.severity}: ${d.message}`;

describe('loadInventory', () => {
  test('keeps hosts in inventory order and appends the implicit localhost', () => {
    const inventory = loadCluster();
    expect(inventory.name).toBe('cluster');
    expect(inventory.hostNames).toEqual(['node1', 'node2', 'node3', 'web1', 'web2', 'lonely', 'localhost']);
    expect(inventory.hasHost('localhost')).toBe(true);
    expect(inventory.hasHost('ghost')).toBe(false);
  });

  test('flattens groups the KubeKey way: children in front (later children first), direct hosts last', () => {
    const inventory = loadCluster();
    expect([...inventory.groups]).toEqual([
      ['all', ['node1', 'node2', 'node3', 'web1', 'web2', 'lonely', 'localhost']],
      ['ungrouped', ['lonely']],
      ['k8s_cluster', ['node2', 'node1', 'node3']],
      ['kube_control_plane', ['node1']],
      ['kube_worker', ['node2', 'node1']],
      ['etcd', ['node1', 'node2', 'node3']],
      ['web', ['web1', 'web2']],
      ['empty', []],
    ]);
  });

  test('reads scalars with YAML 1.1 rules (yes/on booleans, octal ints)', () => {
    const inventory = loadCluster();
    expect(inventory.vars).toEqual({ ntp_server: 'pool.ntp.org', role_label: 'inventory', level: 'inventory', enabled: true });
    expect(inventory.groupDefinitions.get('web')?.vars).toEqual({ port: 493 });
    expect(inventory.groupDefinitions.get('kube_worker')?.vars.worker_only).toBe(true);
    expect(inventory.hostVars('web2')).toEqual({});
    expect(inventory.hostVars('localhost')).toEqual({});
  });

  test('group vars apply through nested groups, parents before children', () => {
    const inventory = loadCluster();
    expect(inventory.groupVarsFor('node1').map((v) => v.role_label)).toEqual(['k8s', 'cp', 'worker']);
    expect(inventory.groupVarsFor('node3').map((v) => v.role_label)).toEqual(['k8s']);
    expect(inventory.groupVarsFor('lonely')).toEqual([]);
  });

  test('the groups variable is a typed map[string][]string', () => {
    const groups = loadCluster().groupsValue();
    expect(groups[GO_TYPE]).toBe('map[string][]string');
    expect((groups.web as GoMap)[GO_TYPE]).toBe('[]string');
    expect(Object.isFrozen(groups)).toBe(true);
  });

  test('without a file: only localhost', () => {
    const { inventory, diagnostics } = loadInventory();
    expect(diagnostics).toEqual([]);
    expect(inventory?.hostNames).toEqual(['localhost']);
    expect([...(inventory?.groups ?? [])]).toEqual([
      ['all', ['localhost']],
      ['ungrouped', []],
    ]);
    expect(defaultInventory().name).toBe('default');
  });

  test('an inventory listing localhost keeps it in its place and in ungrouped', () => {
    const text = 'kind: Inventory\nspec:\n  hosts:\n    localhost: {connector: {type: local}}\n    n1: {}\n  groups:\n    g: {hosts: [n1]}\n';
    const { inventory } = parseInventory(text, '/x/inv.yaml');
    expect(inventory?.hostNames).toEqual(['localhost', 'n1']);
    expect(inventory?.groups.get('ungrouped')).toEqual(['localhost']);
  });

  test('cyclic groups are errors at the reference closing the cycle', () => {
    const { inventory, diagnostics } = loadInventory(fixture('cyclic.yaml'));
    expect(inventory).toBeUndefined();
    expect(diagnostics.map(brief)).toEqual([
      '13:16 error: cyclic group definition: a -> b -> c -> a',
      '15:16 error: cyclic group definition: self -> self',
    ]);
    expect(diagnostics[0]?.pos.file).toBe(fixture('cyclic.yaml'));
  });

  test('hosts that appear only in groups are errors; unknown group keys too', () => {
    const { inventory, diagnostics } = loadInventory(fixture('undefined-hosts.yaml'));
    expect(inventory).toBeUndefined();
    expect(diagnostics.map(brief)).toEqual([
      '10:11 error: host "ghost" of group "workers" is not defined in spec.hosts',
      '13:15 error: host "phantom" of group "masters" is not defined in spec.hosts',
      '14:16 warning: child group "nowhere" of group "masters" is not defined; it contributes no hosts',
      '15:7 error: spec.groups.masters: unknown key "host" (did you mean "hosts"?)',
    ]);
  });

  test('structural errors name their position', () => {
    const text = 'kind: Config\nspec:\n  hosts: [a, b]\n  groups:\n    all: {hosts: []}\n    g: {hosts: a}\n';
    const { inventory, diagnostics } = parseInventory(text, '/x/bad.yaml');
    expect(inventory).toBeUndefined();
    expect(diagnostics.map(brief)).toEqual([
      '1:7 error: kind: must be "Inventory", not "Config"',
      '3:10 error: spec.hosts: must be a mapping',
      '5:5 error: group name "all" is reserved: kplay computes it from the hosts',
      '6:16 error: spec.groups.g.hosts: must be a list',
    ]);
  });

  test('the schema catches misspelt keys anywhere, connector settings included, with a did-you-mean', () => {
    const text = [
      'apiVersion: kubekey.kubesphere.io/v1',
      'kind: Inventory',
      'spec:',
      '  hots:',
      '    node1: {}',
      '  hosts:',
      '    node1:',
      '      connector:',
      '        host: 10.0.0.1',
      '        prot: 2222',
      '        proxy_jump: {host: bastion, usr: admin}',
      '    node2:',
      '  groups:',
      '    web:',
      '      hosts: [node1, 7]',
      '      vars: {connector: {type: ssh, private_keys: /k}}',
      '  vars:',
      '    connector: []',
      '',
    ].join('\n');
    const { inventory, diagnostics } = parseInventory(text, '/x/typo.yaml');
    expect(inventory).toBeUndefined();
    expect(diagnostics.map(brief)).toEqual([
      '4:3 error: spec: unknown key "hots" (did you mean "hosts"?)',
      '10:9 error: spec.hosts.node1.connector: unknown key "prot" (did you mean "port"?)',
      '11:37 error: spec.hosts.node1.connector.proxy_jump: unknown key "usr" (did you mean "user"?)',
      '15:22 error: spec.groups.web.hosts[1]: must be a string',
      '16:37 error: spec.groups.web.vars.connector: unknown key "private_keys" (did you mean "private_key"?)',
      '18:16 error: spec.vars.connector: must be a mapping',
    ]);
  });

  test('a missing file is a diagnostic, not an exception', () => {
    const { inventory, diagnostics } = loadInventory(fixture('does-not-exist.yaml'));
    expect(inventory).toBeUndefined();
    expect(diagnostics[0]?.message).toMatch(/^cannot read inventory: ENOENT/);
  });
});
