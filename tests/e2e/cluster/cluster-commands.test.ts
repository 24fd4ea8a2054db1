import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkClusterConfig } from '../../../cluster/config-check';
import { buildKnownKeys } from '../../../cluster/known-keys';
import { parseInventory } from '../../../engine/inventory/inventory';
import { packageRoot } from '../../../engine/core/package-root';
import { runKplay } from '../../helpers/cli';

const known = () => buildKnownKeys(join(packageRoot(), 'roles'), join(packageRoot(), 'schemas', 'cluster-config.json'));

describe('cluster config, inventory and option checks (no hosts involved)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-cluster-cmd-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a misspelt key is reported at its position with the closest known key, and nothing runs', async () => {
    const config = join(dir, 'typo.yaml');
    writeFileSync(config, 'apiVersion: kubekey.kubesphere.io/v1\nkind: Config\nspec:\n  cni:\n    pod_cidr: 10.233.64.0/18\n    tpye: calico\n  kubernetes:\n    kubelet:\n      max_pods: "many"\n  etcdd: {}\n');
    const result = await runKplay(['precheck', '-c', config, '--workdir', join(dir, 'journal')]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(`${config}:6:5: unknown config key "cni.tpye" (did you mean "cni.type"?)`);
    expect(result.stderr).toContain(`${config}:9:17: config key "kubernetes.kubelet.max_pods" must be integer, got string`);
    expect(result.stderr).toContain(`${config}:10:3: unknown config key "etcdd" (did you mean "etcd"?)`);
    expect(result.stderr).toContain('3 problems found; nothing was run');
    expect(result.stdout).toBe('');
  });

  test('free-form sections accept any key; keys of every role default are known', () => {
    const config = join(dir, 'open.yaml');
    writeFileSync(config, 'kind: Config\nspec:\n  cni:\n    calico:\n      anything: [1, 2]\n  kubernetes:\n    apiserver:\n      extra_args: { audit-log-maxage: "30" }\n  cluster_require:\n    etcd_disk_fio_size: 4m\n');
    expect(checkClusterConfig(config, known())).toEqual([]);
  });

  test('create config prints a complete default config that passes the key check and pins the version', async () => {
    const result = await runKplay(['create', 'config', '--with-kubernetes', 'v1.33.1']);
    expect(result.code).toBe(0);
    const doc = parse(result.stdout) as { kind: string; spec: Record<string, Record<string, unknown>> };
    expect(doc.kind).toBe('Config');
    expect(doc.spec.kubernetes.kube_version).toBe('v1.33.1');
    expect(doc.spec.cni.type).toBe('calico');
    expect(doc.spec.etcd.deployment_type).toBe('external');
    expect(result.stdout).toContain('# Kernel release');
    const file = join(dir, 'written');
    rmSync(file, { force: true });
    mkdirSync(file);
    const written = await runKplay(['create', 'config', '--with-kubernetes', 'v1.33.1', '-o', file]);
    expect(written.code).toBe(0);
    const target = join(file, 'config-v1.33.1.yaml');
    expect(readFileSync(target, 'utf8')).toBe(result.stdout);
    expect(checkClusterConfig(target, known())).toEqual([]);
    expect((await runKplay(['create', 'config', '--with-kubernetes', '1.33'])).code).toBe(5);
  });

  test('create config has a download section and no template text in any value', async () => {
    const result = await runKplay(['create', 'config']);
    const doc = parse(result.stdout) as { spec: Record<string, Record<string, unknown>> };
    expect(doc.spec.download).toEqual(expect.objectContaining({ mirror: '', artifact_file: '', arch: ['amd64'], require_checksum: false }));
    expect(doc.spec.download.artifact_url).toBeUndefined();
    expect((doc.spec.storage_class.nfs as Record<string, unknown>).server).toBeUndefined();
    const values: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') values.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(doc.spec);
    expect(values.filter((v) => v.includes('{{'))).toEqual([]);
  });

  test('create config and create inventory keep an existing file unless --force', async () => {
    for (const what of ['config', 'inventory']) {
      const file = join(dir, `edited-${what}.yaml`);
      writeFileSync(file, '# my edits\n');
      const refused = await runKplay(['create', what, '-o', file]);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toContain(`${file} exists; not overwritten (--force replaces it)`);
      expect(readFileSync(file, 'utf8')).toBe('# my edits\n');
      const forced = await runKplay(['create', what, '-o', file, '--force']);
      expect(forced.code).toBe(0);
      expect(readFileSync(file, 'utf8')).toContain('kind:');
    }
  });

  test('connector settings shared through inventory vars leave the implicit localhost local', async () => {
    const inventory = join(dir, 'shared-connector.yaml');
    writeFileSync(
      inventory,
      'kind: Inventory\nspec:\n  hosts:\n    node1: { connector: { host: 192.0.2.10 } }\n  vars:\n    connector: { type: ssh, user: root, private_key: /nonexistent/key }\n',
    );
    const playbook = join(dir, 'local.yaml');
    writeFileSync(playbook, '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - command: echo on-the-controller\n');
    const result = await runKplay(['run', playbook, '-i', inventory, '--workdir', join(dir, 'journal')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/localhost\s*:\s*ok=\d+\s+changed=1\s+unreachable=0\s+failed=0/);
  });

  test('--list-hosts with --limit: the chosen hosts plus the controller, nothing run, no question', async () => {
    const inventory = join(dir, 'list-inventory.yaml');
    writeFileSync(inventory, 'kind: Inventory\nspec:\n  hosts: { node1: {}, node2: {} }\n  groups:\n    k8s_cluster: { groups: [kube_control_plane, kube_worker] }\n    kube_control_plane: { hosts: [node1] }\n    kube_worker: { hosts: [node2] }\n    etcd: { hosts: [node1] }\n');
    const result = await runKplay(['create', 'cluster', '-i', inventory, '--limit', 'node2', '--list-hosts', '--workdir', join(dir, 'journal')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('node2');
    expect(result.stdout).toContain('localhost');
    expect(result.stdout).not.toContain('node1');
    expect(result.stdout).not.toContain('Continue?');
  });

  test('create inventory prints a sample inventory that loads', async () => {
    const result = await runKplay(['create', 'inventory']);
    expect(result.code).toBe(0);
    const loaded = parseInventory(result.stdout, 'sample.yaml');
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.inventory?.hostNames).toEqual(['node1', 'node2', 'node3', 'localhost']);
  });

  test('precheck rejects an unknown check name with a suggestion', async () => {
    const result = await runKplay(['precheck', 'netwrok']);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('unknown check "netwrok" (did you mean "network"?)');
  });

  test('create cluster --artifact needs an existing file', async () => {
    const result = await runKplay(['create', 'cluster', '-a', join(dir, 'missing.tgz')]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('missing.tgz: no such file');
  });
});
