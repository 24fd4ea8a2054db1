import { join } from 'node:path';
import { loadConfig } from './config';
import { loadInventory, type Inventory } from './inventory';
import { applyLimit, resolveHostPatterns } from './patterns';

const fixtures = join(__dirname, '..', '..', 'tests', 'fixtures', 'inventories');

function cluster(): Inventory {
  const { inventory } = loadInventory(join(fixtures, 'cluster.yaml'));
  if (inventory === undefined) throw new Error('fixture did not load');
  return inventory;
}
const config = loadConfig(join(fixtures, 'config.yaml')).config ?? {};

describe('resolveHostPatterns (docs/inventory.md#play-hosts)', () => {
  const inventory = cluster();
  const resolve = (patterns: string[], random?: () => number) =>
    resolveHostPatterns(patterns, inventory, config, random === undefined ? {} : { random });

  test.each([
    ['a host', ['node2'], ['node2']],
    ['a group keeps flattening order', ['k8s_cluster'], ['node2', 'node1', 'node3']],
    ['all is inventory order plus localhost', ['all'], ['node1', 'node2', 'node3', 'web1', 'web2', 'lonely', 'localhost']],
    ['ungrouped', ['ungrouped'], ['lonely']],
    ['localhost is always known', ['localhost'], ['localhost']],
    ['group[N]', ['etcd[2]'], ['node3']],
    ['group[N] tolerates surrounding spaces', [' etcd[0] '], ['node1']],
    ['lists concatenate; a group match de-duplicates', ['node1', 'node1', 'web'], ['node1', 'web1', 'web2']],
    ['host and index append without de-duplication', ['etcd', 'etcd[0]'], ['node1', 'node2', 'node3', 'node1']],
    ['unknown names match nothing', ['nope', 'nope[0]', 'nope|random'], []],
    ['an empty group matches nothing', ['empty', 'empty|random'], []],
    ['entries are rendered with the config', ['{{ .target_group }}'], ['node2', 'node1']],
    ['and with groups', ['{{ index .groups.web 1 }}'], ['web2']],
    ['a failing template is used raw', ['{{ .missing.key }}'], []],
    ['no operators: a:b is one name', ['web:etcd'], []],
  ])('%s', (_name, patterns, expected) => {
    expect(resolve(patterns).hosts).toEqual(expected);
  });

  test('entries that select no host are listed as unmatched, in order', () => {
    expect(resolve(['nope', 'node1', 'empty', 'etcd[0]', 'ghost|random']).unmatched).toEqual(['nope', 'empty', 'ghost|random']);
    expect(resolve(['{{ .target_group }}']).unmatched).toEqual([]);
  });

  test('an index past the end is an error (the play is skipped)', () => {
    expect(resolve(['web', 'web[2]'])).toEqual({ hosts: ['web1', 'web2'], unmatched: [], error: 'index 2 out of range for group [web1 web2]' });
  });

  test('group|random uses the random source', () => {
    expect(resolve(['etcd|random'], () => 0).hosts).toEqual(['node1']);
    expect(resolve(['etcd | random'], () => 0.99).hosts).toEqual(['node3']);
    expect(resolve(['etcd|random'], () => 0.5).hosts).toEqual(['node2']);
  });
});

describe('applyLimit (Ansible --limit)', () => {
  const inventory = cluster();
  const everyone = inventory.hostNames;
  const limit = (expression: string, hosts: readonly string[] = everyone) => applyLimit(hosts, expression, inventory);

  test.each([
    ['a host', 'node2', ['node2']],
    ['union with commas', 'web1,node3', ['node3', 'web1']],
    ['union with colons', 'web1:node3', ['node3', 'web1']],
    ['a group', 'kube_worker', ['node1', 'node2']],
    ['intersection', 'etcd:&kube_worker', ['node1', 'node2']],
    ['exclusion', 'all:!k8s_cluster', ['web1', 'web2', 'lonely', 'localhost']],
    ['exclusion alone starts from all', '!etcd,!localhost', ['web1', 'web2', 'lonely']],
    ['operators apply after unions wherever they are written', '!node1,etcd,web1', ['node2', 'node3', 'web1']],
    ['intersection and exclusion together', 'k8s_cluster:&etcd:!kube_control_plane', ['node2', 'node3']],
    ['star', '*', everyone],
    ['all', 'all', everyone],
    ['host glob', 'node*', ['node1', 'node2', 'node3']],
    ['glob class and ?', 'node[13]:web?', ['node1', 'node3', 'web1', 'web2']],
    ['negated glob class', 'node[!1]', ['node2', 'node3']],
    ['glob over group names adds members', 'kube_*', ['node1', 'node2']],
    ['regex (anchored at the start)', '~(node|web)[12]', ['node1', 'node2', 'web1', 'web2']],
    ['regex does not search the middle', '~ode', []],
    ['group subscript', 'etcd[1]', ['node2']],
    ['group range (inclusive end)', 'etcd[0:1]', ['node1', 'node2']],
    ['negative subscript', 'etcd[-1]', ['node3']],
  ])('%s', (_name, expression, expected) => {
    const result = limit(expression);
    expect(result.error).toBeUndefined();
    expect(result.hosts).toEqual(expected);
  });

  test('keeps the order of the play hosts', () => {
    expect(limit('node1,node2', ['node2', 'web1', 'node1']).hosts).toEqual(['node2', 'node1']);
  });

  test('reports terms that match nothing', () => {
    expect(limit('node1,ghost*,!nobody')).toEqual({ hosts: ['node1'], unmatched: ['ghost*', 'nobody'] });
  });

  test('an invalid regex is an error', () => {
    expect(limit('~(').error).toMatch(/^invalid --limit regular expression "~\(":/);
  });
});
