import { join } from 'node:path';
import { loadConfig, parseOverrides } from '../inventory/config';
import { Inventory, loadInventory } from '../inventory/inventory';
import { GO_TYPE, GoFloat, type GoList, type GoMap } from '../core/values';
import { VariableStore, VarsRenderError } from './store';

const fixtures = join(__dirname, '..', '..', 'tests', 'fixtures', 'inventories');
const localAddresses = { ipv4: '192.0.2.10', ipv6: '2001:db8::10' };
const pos = { file: '/p/play.yaml', line: 3, col: 5 };

function precedenceStore(extra: string[] = ['k8=extra']): VariableStore {
  const { inventory } = loadInventory(join(fixtures, 'precedence.yaml'));
  const { config } = loadConfig(join(fixtures, 'precedence-config.yaml'));
  if (inventory === undefined || config === undefined) throw new Error('fixtures did not load');
  return new VariableStore(inventory, config, parseOverrides(extra).vars, { localAddresses });
}

const layerKeys = (from: number): GoMap => Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8].filter((n) => n >= from).map((n) => [`k${n}`, '']));
const fill = (from: number, value: string): GoMap => Object.fromEntries(Object.keys(layerKeys(from)).map((k) => [k, value]));

describe('VariableStore precedence (docs/inventory.md#where-they-come-from-lowest-precedence-first)', () => {
  test('facts < runtime < inventory vars < parent group < child group < host vars < config < -e', () => {
    const store = precedenceStore();
    store.setFacts('h1', fill(1, 'facts'));
    store.mergeRuntime('h1', fill(2, 'runtime'));
    const view = store.view('h1');
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => view[`k${n}`])).toEqual([
      'facts', 'runtime', 'inventory', 'parent', 'child', 'host', 'config', 'extra',
    ]);
  });

  test('a host gets the vars of groups it is in only through a child group', () => {
    const view = precedenceStore().view('h2');
    expect([view.k4, view.k5, view.k6]).toEqual(['parent', 'parent', 'host-h2']);
  });

  test('layers deep-merge: maps merge, lists and null replace', () => {
    const store = precedenceStore();
    store.mergeRuntime('h1', { nested: { from_runtime: 'runtime', shared: 'runtime' }, kubernetes: { cluster_name: 'kubekey', kube_version: 'v1.34.3' } });
    const view = store.view('h1');
    expect(view.nested).toEqual({ from_runtime: 'runtime', from_inventory: 'inventory', from_host: 'host', shared: 'host' });
    expect(view.kubernetes).toEqual({ cluster_name: 'kubekey', kube_version: 'v1.33.1' });

    store.mergeRuntime('h1', { list: [1, 2, 3], m: { a: 1, b: 2 } });
    store.mergeRuntime('h1', { list: [4], m: { a: null } });
    expect(store.view('h1').list).toEqual([4]);
    expect(store.view('h1').m).toEqual({ a: null, b: 2 });
    store.mergeRuntime('h1', { m: null });
    expect(store.view('h1').m).toBeNull();
  });

  test('runtime writes cannot change inventory or config keys', () => {
    const store = precedenceStore([]);
    store.mergeRuntime('h1', { k3: 'set_fact', k7: 'set_fact', fresh: 'set_fact' });
    const view = store.view('h1');
    expect([view.k3, view.k7, view.fresh]).toEqual(['inventory', 'config', 'set_fact']);
  });

  test('facts are replaced, not merged', () => {
    const store = precedenceStore();
    store.setFacts('h1', { os: { hostname: 'real-h1', type: 'Linux' }, gpu: {} });
    store.setFacts('h1', { os: { type: 'Linux', hostname: 'again' } });
    expect(store.view('h1').gpu).toBeUndefined();
    expect(store.facts('h1')).toEqual({ os: { type: 'Linux', hostname: 'again' } });
  });
});

describe('magic variables', () => {
  test('inventory_hostname, hostname (from os.hostname after facts), groups', () => {
    const store = precedenceStore();
    expect(store.view('h1').inventory_hostname).toBe('h1');
    expect(store.view('h1').hostname).toBe('h1');
    store.mergeRuntime('h1', { hostname: 'user-value' });
    expect(store.view('h1').hostname).toBe('user-value');
    store.setFacts('h1', { os: { hostname: 'node-1.example' } });
    expect(store.view('h1').hostname).toBe('node-1.example');
    expect(store.view('h1').inventory_hostname).toBe('h1');

    const groups = store.view('h2').groups as GoMap;
    expect(groups[GO_TYPE]).toBe('map[string][]string');
    expect(groups).toEqual({ all: ['h1', 'h2', 'localhost'], ungrouped: [], child: ['h1'], parent: ['h1', 'h2'] });
  });

  test('a user variable inventory_hostname wins, as in KubeKey', () => {
    const store = precedenceStore();
    store.mergeRuntime('h2', { inventory_hostname: 'custom' });
    expect(store.view('h2').inventory_hostname).toBe('custom');
  });

  test('localhost gets internal_ipv4/6 unless set', () => {
    const store = precedenceStore();
    const view = store.view('localhost');
    expect([view.internal_ipv4, view.internal_ipv6, view.inventory_hostname]).toEqual(['192.0.2.10', '2001:db8::10', 'localhost']);
    expect(store.view('h1').internal_ipv4).toBeUndefined();
    store.mergeRuntime('localhost', { internal_ipv4: '10.1.1.1' });
    expect(store.view('localhost').internal_ipv4).toBe('10.1.1.1');
  });

  test('hostvars lists every host and is computed lazily', () => {
    const store = precedenceStore();
    const spy = jest.spyOn(store, 'hostView');
    const hostvars = store.view('h1').hostvars as GoMap;
    expect(spy.mock.calls.map((c) => c[0])).toEqual(['h1']);
    expect(Object.keys(hostvars)).toEqual(['h1', 'h2', 'localhost']);
    expect(spy.mock.calls.map((c) => c[0])).toEqual(['h1']);
    expect((hostvars.h2 as GoMap).k6).toBe('host-h2');
    expect(spy.mock.calls.map((c) => c[0])).toEqual(['h1', 'h2']);
    expect((hostvars.h2 as GoMap).hostvars).toBeUndefined();
  });

  test('hostvars sees later writes of the other host', () => {
    const store = precedenceStore();
    const hostvars = store.view('h1').hostvars as GoMap;
    store.mergeRuntime('h2', { registered: { stdout: 'ok' } });
    expect((hostvars.h2 as GoMap).registered).toEqual({ stdout: 'ok' });
  });

  test('hostvars entries are read-only', () => {
    const hostvars = precedenceStore().view('h1').hostvars as GoMap;
    expect(() => {
      (hostvars.h2 as GoMap).x = 1;
    }).toThrow(TypeError);
  });
});

describe('views are safe to mutate', () => {
  test('mutating a view changes neither the store nor later views', () => {
    const store = precedenceStore();
    store.mergeRuntime('h1', { list: [{ a: 1 }], map: { b: 2 } });
    const first = store.view('h1');
    (first.map as GoMap).b = 99;
    ((first.list as GoList)[0] as GoMap).a = 99;
    (first.list as GoList).push('extra');
    (first.kubernetes as GoMap).kube_version = 'changed';
    const second = store.view('h1');
    expect(second.map).toEqual({ b: 2 });
    expect(second.list).toEqual([{ a: 1 }]);
    expect((second.kubernetes as GoMap).kube_version).toBe('v1.33.1');
    expect((store.view('h2').kubernetes as GoMap).kube_version).toBe('v1.33.1');
  });

  test('data passed to mergeRuntime is copied', () => {
    const store = precedenceStore();
    const data: GoMap = { m: { v: 1 } };
    store.mergeRuntime('h1', data);
    (data.m as GoMap).v = 2;
    expect(store.view('h1').m).toEqual({ v: 1 });
  });

  test('unknown hosts are a programming error', () => {
    expect(() => precedenceStore().view('ghost')).toThrow('unknown host "ghost"');
  });
});

describe('renderAndMergeVars (docs/playbooks.md#how-vars-are-merged)', () => {
  test('template strings are rendered per host and typed', () => {
    const store = precedenceStore();
    store.mergeRuntime('h1', { v: '1.2', x: ['a', 'b'], a: 1, b: 2 });
    store.mergeRuntime('h2', { v: '2', x: [], a: 3, b: 4 });
    store.renderAndMergeVars(['h1', 'h2'], {
      port: '{{ .api_port }}',
      version: 'v{{ .v }}',
      list: '{{ .x | toJson }}',
      dotted: '{{ .a }}.{{ .b }}',
      truth: '{{ eq .a 1 }}',
      missing: '{{ .nothing }}',
      literal: 42,
      plain: 'no template {{',
      tree: { deep: ['{{ .inventory_hostname }}', 7] },
    }, pos);
    const h1 = store.view('h1');
    expect(h1.port).toEqual(new GoFloat(6443));
    expect(h1.version).toBe('v1.2');
    expect(h1.list).toEqual(['a', 'b']);
    expect(h1.dotted).toEqual(new GoFloat(1.2));
    expect(h1.truth).toBe(true);
    expect(h1.missing).toBe('<no value>');
    expect(h1.literal).toBe(42);
    expect(h1.plain).toBe('no template {{');
    expect(h1.tree).toEqual({ deep: ['h1', 7] });
    const h2 = store.view('h2');
    expect([h2.version, h2.list, h2.dotted, h2.truth, h2.tree]).toEqual(['v2', [], new GoFloat(3.4), false, { deep: ['h2', 7] }]);
  });

  test('later keys and documents see earlier values', () => {
    const store = precedenceStore();
    store.renderAndMergeVars(['h1'], [{ a: 'x', b: '{{ .a }}-b', m: { c: '{{ .b }}-c' } }, { d: '{{ .m.c }}-d' }], pos);
    const view = store.view('h1');
    expect([view.b, (view.m as GoMap).c, view.d]).toEqual(['x-b', 'x-b-c', 'x-b-c-d']);
  });

  test('an existing non-null value keeps shadowing during the merge', () => {
    const store = precedenceStore();
    store.mergeRuntime('h1', { a: 'old', n: null });
    store.renderAndMergeVars(['h1'], { a: 'new', see_a: '{{ .a }}', k3: 'ignored', see_k3: '{{ .k3 }}', n: 'set', see_n: '{{ .n }}' }, pos);
    const view = store.view('h1');
    expect([view.a, view.see_a, view.k3, view.see_k3, view.n, view.see_n]).toEqual(['new', 'old', 'inventory', 'inventory', 'set', 'set']);
  });

  test('list elements are written into the context by index', () => {
    const store = precedenceStore();
    store.renderAndMergeVars(['h1'], { l: ['first', '{{ index .l 0 }}-second'] }, pos);
    expect(store.view('h1').l).toEqual(['first', 'first-second']);
  });

  test('a vars key named like a magic variable does not break the merge', () => {
    const store = precedenceStore();
    store.renderAndMergeVars(['h1'], { groups: { extra: ['h1'] }, probe: '{{ .groups.extra | toJson }}' }, pos);
    expect(store.view('h1').probe).toEqual(['h1']);
    expect((store.view('h1').groups as GoMap).extra).toBeUndefined();
  });

  test('a render failure names host, key and position', () => {
    const store = precedenceStore();
    let caught: unknown;
    try {
      store.renderAndMergeVars(['h1'], { ok: 1, bad: { inner: '{{ .nothing.deeper | trimPrefix "v" }}' } }, (path) => ({ ...pos, line: path.length }));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(VarsRenderError);
    const error = caught as VarsRenderError;
    expect([error.host, error.path, error.pos.line]).toEqual(['h1', ['bad', 'inner'], 2]);
    expect(error.message).toMatch(/^host h1: cannot render vars key "bad.inner": /);
  });

  test('renderVars renders without merging (add_hostvars)', () => {
    const store = precedenceStore();
    const rendered = store.renderVars('h1', { who: '{{ .inventory_hostname }}' }, pos);
    expect(rendered).toEqual({ who: 'h1' });
    expect(store.view('h1').who).toBeUndefined();
    store.mergeRuntime('h2', rendered);
    expect(store.view('h2').who).toBe('h1');
  });
});

describe('result document', () => {
  test('values deep-merge into one global document', () => {
    const store = precedenceStore();
    expect(store.result()).toBeNull();
    store.setResult({ a: { x: 1 } });
    store.setResult({ a: { y: 2 }, b: [1] });
    expect(store.result()).toEqual({ a: { x: 1, y: 2 }, b: [1] });
    store.setResult('scalar');
    expect(store.result()).toBe('scalar');
  });
});

describe('1,000 hosts', () => {
  test('every view is correct; hostvars stays lazy', () => {
    const count = 1000;
    const hosts = Array.from({ length: count }, (_, i) => ({ name: `node${i}`, vars: { index: i, internal_ipv4: `10.0.${i >> 8}.${i & 255}` } }));
    const config: GoMap = {};
    for (let i = 0; i < 300; i++) config[`setting_${i}`] = { enabled: i % 2 === 0, values: [i, `v${i}`], nested: { depth: { i } } };
    const inventory = new Inventory({
      name: 'big',
      hosts,
      groups: [
        { name: 'even', hosts: hosts.filter((_, i) => i % 2 === 0).map((h) => h.name), children: [], vars: { parity: 'even' }, pos, childPositions: [] },
        { name: 'odd', hosts: hosts.filter((_, i) => i % 2 === 1).map((h) => h.name), children: [], vars: { parity: 'odd' }, pos, childPositions: [] },
      ],
      vars: { cluster: 'big' },
    });
    const store = new VariableStore(inventory, config, {}, { localAddresses });
    const started = process.hrtime.bigint();
    store.renderAndMergeVars(store.hostNames().slice(0, count), { role: 'member-{{ .index }}' }, pos);
    const problems: string[] = [];
    for (const host of store.hostNames().slice(0, count)) {
      const view = store.view(host);
      const i = Number(host.slice(4));
      const seen = [view.inventory_hostname, view.parity, view.role, ((view.setting_7 as GoMap).nested as GoMap).depth];
      const want = [host, i % 2 === 0 ? 'even' : 'odd', `member-${i}`, { i: 7 }];
      if (JSON.stringify(seen) !== JSON.stringify(want)) problems.push(`${host}: ${JSON.stringify(seen)}`);
    }
    expect(problems).toEqual([]);
    const hostvars = store.view('node0').hostvars as GoMap;
    expect((hostvars.node999 as GoMap).internal_ipv4).toBe('10.0.3.231');
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // Outside jest about 0.3 s (1,000 renders + 2,000 view assemblies over a 300-key config);
    // heap growth stays far below 300 MiB because layers are shared, not copied per host.
    if (process.env.KPLAY_PRINT_TIMINGS === '1') console.log(`1,000-host vars merge + views: ${ms.toFixed(0)} ms`);
  });
});

describe('connector secrets (docs/security.md#connector-secrets-and-templates)', () => {
  function secretStore(): VariableStore {
    const inventory = new Inventory({
      name: 'default',
      hosts: [{ name: 'n1', vars: {} }],
      groups: [],
      vars: {
        connector: {
          user: 'admin',
          password: 'pw-canary',
          sudo_password: 'sudo-canary',
          private_key: '/keys/id_ed25519',
          private_key_content: '-----BEGIN KEY-----\nabc\n-----END KEY-----\n',
          proxy_jump: { host: 'bastion', password: 'jump-canary' },
          headers: { Authorization: 'Bearer tok-canary', Accept: 'text/plain' },
        },
        db_password: 'still-visible-to-templates',
      },
    });
    return new VariableStore(inventory, {}, {}, { localAddresses });
  }

  test('views and hostvars see the connector with its secrets masked; connector() has them', () => {
    const store = secretStore();
    const masked = {
      user: 'admin',
      password: '********',
      sudo_password: '********',
      private_key: '/keys/id_ed25519',
      private_key_content: '********',
      proxy_jump: { host: 'bastion', password: '********' },
      headers: { Authorization: '********', Accept: 'text/plain' },
    };
    expect(store.view('n1').connector).toEqual(masked);
    expect(((store.view('n1').hostvars as GoMap).n1 as GoMap).connector).toEqual(masked);
    expect(store.connector('n1')).toMatchObject({ password: 'pw-canary', sudo_password: 'sudo-canary', proxy_jump: { password: 'jump-canary' } });
    // Other variables are the task's to use: they are masked in output, not in templates.
    expect(store.view('n1').db_password).toBe('still-visible-to-templates');
  });

  test('a connector set at run time (play vars) is masked too and still reaches the connection', () => {
    const store = secretStore();
    store.mergeRuntime('n1', { connector: { token: 'runtime-canary' } });
    expect((store.view('n1').connector as GoMap).token).toBe('********');
    expect((store.connector('n1') as GoMap).token).toBe('runtime-canary');
  });
});
