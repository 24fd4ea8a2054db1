import { join } from 'node:path';
import { GoFloat } from '../core/values';
import { applyConfigOverrides, loadConfig, parseConfig, parseOverrides } from './config';

const fixtures = join(__dirname, '..', '..', 'tests', 'fixtures', 'inventories');

describe('loadConfig', () => {
  test('returns spec with YAML 1.1 typing', () => {
    const { config, diagnostics } = loadConfig(join(fixtures, 'config.yaml'));
    expect(diagnostics).toEqual([]);
    expect(config).toEqual({
      kubernetes: { kube_version: 'v1.33.1', cluster_name: 'kubekey' },
      role_label: 'config',
      enabled: false,
      mode: 420,
      ratio: new GoFloat(1.5),
      target_group: 'kube_worker',
    });
  });

  test('no file gives an empty config', () => {
    expect(loadConfig()).toEqual({ config: {}, diagnostics: [] });
  });

  test('wrong kind and non-map spec are positioned errors', () => {
    const { config, diagnostics } = parseConfig('kind: Inventory\nspec: [1]\n', '/x/c.yaml');
    expect(config).toBeUndefined();
    expect(diagnostics.map((d) => `${d.pos.line}:${d.pos.col} ${d.message}`)).toEqual([
      '1:7 kind: must be "Config", not "Inventory"',
      '2:7 spec: must be a mapping',
    ]);
  });

  test('misspelt top-level keys, playbook entries and connector settings are positioned errors', () => {
    const text = [
      'apiVersion: kubekey.kubesphere.io/v1',
      'kind: Config',
      'specs: {}',
      'spec:',
      '  kube_version: v1.33.1',
      '  connector: {type: ssh, prot: 22}',
      '  playbooks:',
      '    - {order: 1, pth: extra.yaml}',
      '',
    ].join('\n');
    const { config, diagnostics } = parseConfig(text, '/x/c.yaml');
    expect(config).toBeUndefined();
    expect(diagnostics.map((d) => `${d.pos.file}:${d.pos.line}:${d.pos.col} ${d.message}`)).toEqual([
      '/x/c.yaml:3:1 the config: unknown key "specs" (did you mean "spec"?)',
      '/x/c.yaml:6:26 spec.connector: unknown key "prot" (did you mean "port"?)',
      '/x/c.yaml:8:7 spec.playbooks[0]: missing required key "path"',
      '/x/c.yaml:8:18 spec.playbooks[0]: unknown key "pth" (did you mean "path"?)',
    ]);
  });
});

describe('-e overrides', () => {
  test('key=value is typed like a YAML 1.1 scalar; dots nest', () => {
    const { vars, diagnostics } = parseOverrides(['port=8080', 'ratio=0.5', 'flag=yes', 'none=~', 'name=v1.2', 'a.b.c=x', 'a.b.d=010']);
    expect(diagnostics).toEqual([]);
    expect(vars).toEqual({ port: 8080, ratio: new GoFloat(0.5), flag: true, none: null, name: 'v1.2', a: { b: { c: 'x', d: 8 } } });
  });

  test('flow collections, inline maps and @file', () => {
    const { vars, diagnostics } = parseOverrides([
      'list=[1, "two"]',
      '{"json": {"k": 1}}',
      `@${join(fixtures, 'vars-file.yaml')}`,
      'eq=a=b',
    ]);
    expect(diagnostics).toEqual([]);
    expect(vars).toEqual({ list: [1, 'two'], json: { k: 1 }, from_file: true, nested: { deep: 1 }, eq: 'a=b' });
  });

  test('later entries deep-merge over earlier ones', () => {
    expect(parseOverrides(['k.a=1', 'k.b=2', 'k.a=3']).vars).toEqual({ k: { a: 3, b: 2 } });
  });

  test('malformed entries are diagnostics', () => {
    const { diagnostics } = parseOverrides(['novalue', '=x', 'a..b=1', '@/does/not/exist.yaml']);
    expect(diagnostics.map((d) => d.message.replace(/:.*ENOENT.*/, ': ENOENT'))).toEqual([
      '-e "novalue": expected key=value, @file.yaml or a {…} mapping',
      '-e "=x": expected key=value, @file.yaml or a {…} mapping',
      '-e "a..b=1": expected key=value, @file.yaml or a {…} mapping',
      'cannot read -e file: ENOENT',
    ]);
  });

  test('applyConfigOverrides merges over the config without changing it', () => {
    const config = { kubernetes: { kube_version: 'v1.34.3', cluster_name: 'kubekey' } };
    const result = applyConfigOverrides(config, ['kubernetes.kube_version=v1.33.1']);
    expect(result.config).toEqual({ kubernetes: { kube_version: 'v1.33.1', cluster_name: 'kubekey' } });
    expect(config.kubernetes.kube_version).toBe('v1.34.3');
  });
});
