/**
 * The storage class role's values and StorageClass manifests, rendered from the role's own
 * templates with the install defaults, and the precheck that guards the localpv chart version.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { runKplay } from '../../helpers/cli';

const root = resolve(__dirname, '../../..');

function writeFiles(dir: string, spec: string): { inventory: string; config: string } {
  const inventory = join(dir, 'inventory.yaml');
  writeFileSync(
    inventory,
    `kind: Inventory
spec:
  hosts:
    cp1: { connector: { type: local }, internal_ipv4: 127.0.0.2 }
    nfs1: { connector: { type: local }, internal_ipv4: 127.0.0.5 }
    localhost: { connector: { type: local }, internal_ipv4: 127.0.0.1 }
  groups:
    k8s_cluster: { groups: [kube_control_plane] }
    kube_control_plane: { hosts: [cp1] }
    etcd: { hosts: [cp1] }
    nfs: { hosts: [nfs1] }
`,
  );
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `kind: Config\nspec:\n${spec}`);
  return { inventory, config };
}

describe('storage classes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-storageclass-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('local and nfs: provisioner values and StorageClass manifests with the configured paths and server', async () => {
    const { inventory, config } = writeFiles(dir, '  storage_class:\n    local:\n      path: /data/openebs\n    nfs:\n      enabled: true\n      path: /exports/k8s\n');
    const out = join(dir, 'out');
    const result = await runKplay(['run', join(__dirname, 'render', 'playbooks', 'storageclass.yaml'), '-i', inventory, '-c', config, '-e', `kplay_root=${root}`, '-e', `out_dir=${out}`, '--workdir', join(dir, 'journal'), '--no-color']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const manifest = (name: string) => {
      const docs = parseAllDocuments(readFileSync(join(out, name), 'utf8'));
      expect(docs).toHaveLength(1);
      expect(docs[0].errors).toEqual([]);
      return docs[0].toJS() as Record<string, unknown>;
    };
    const values = (name: string) => parse(readFileSync(join(out, name), 'utf8')) as Record<string, unknown>;

    const local = manifest('local-storageclass.yaml');
    expect(local).toMatchObject({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'local' }, provisioner: 'openebs.io/local', volumeBindingMode: 'WaitForFirstConsumer' });
    const localAnnotations = (local.metadata as { annotations: Record<string, string> }).annotations;
    expect(localAnnotations['storageclass.kubernetes.io/is-default-class']).toBe('true');
    expect(parse(localAnnotations['cas.openebs.io/config'])).toEqual([{ name: 'StorageType', value: 'hostpath' }, { name: 'BasePath', value: '/data/openebs' }]);
    expect(values('local-values.yaml')).toEqual({ hostpathClass: { enabled: false }, localpv: { basePath: '/data/openebs' }, analytics: { enabled: false } });

    const nfs = manifest('nfs-storageclass.yaml');
    expect(nfs).toMatchObject({ kind: 'StorageClass', metadata: { name: 'nfs', annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } }, provisioner: 'k8s-sigs.io/nfs-subdir-external-provisioner' });
    // the server defaults to the nfs host's address; the chart names the same provisioner
    expect(values('nfs-values.yaml')).toEqual({ nfs: { server: '127.0.0.5', path: '/exports/k8s' }, storageClass: { create: false, provisionerName: nfs.provisioner } });
  }, 120_000);

  test('precheck: the NFS class with a localpv-provisioner older than 4.0.0 fails with the value and the fix', async () => {
    const { inventory, config } = writeFiles(dir, '  storage_class:\n    localpv_provisioner_version: 3.5.0\n    nfs:\n      enabled: true\n');
    const args = (cfg: string) => ['run', join(root, 'playbooks', 'precheck.yaml'), '-i', inventory, '-c', cfg, '--tags', 'storageclass', '--limit', 'localhost', '--workdir', join(dir, 'journal'), '--no-color'];
    const bad = await runKplay(args(config));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('storage_class.localpv_provisioner_version is "3.5.0"; the storage classes need localpv-provisioner 4.0.0 or newer');
    expect(bad.stdout).toMatch(/precheck failed on localhost: 1 check\(s\) failed \(storageclass_localpv_version\)/);

    const { config: good } = writeFiles(dir, '  storage_class:\n    localpv_provisioner_version: 4.0.0\n    nfs:\n      enabled: true\n');
    const ok = await runKplay(args(good));
    expect(ok.stdout).not.toContain('precheck failed');
    expect(ok.code).toBe(0);
  }, 120_000);
});
