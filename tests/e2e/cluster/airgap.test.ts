/**
 * The offline workflow's first steps: `kplay artifact list` prints what a mirror must hold, and a
 * download source that cannot be reached ends with one message naming the fix.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../../helpers/cli';
import { freeLoopbackPort } from '../../helpers/ports';
import { writeConfig } from './ssh-inventory';

interface Listed {
  artifacts: { component: string; version: string; arch: string; url: string; upstream: string; mirror_path: string; sha256: string }[];
  images: string[];
  arches: string[];
}

describe('air-gap first', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-airgap-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('artifact list prints every artifact with its upstream URL, mirror path and known checksum', async () => {
    const sum = 'b'.repeat(64);
    const config = writeConfig(join(dir, 'list.yaml'), { download: { mirror: 'http://mirror.site.internal/kk/', arch: ['amd64', 'arm64'], checksums: { kubelet: { 'v1.34.3': { arm64: sum } } } } });
    const json = await runKplay(['artifact', 'list', '-c', config, '--output', 'json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as Listed;
    expect(listed.arches).toEqual(['amd64', 'arm64']);
    const kubelet = listed.artifacts.find((a) => a.component === 'kubelet' && a.arch === 'arm64');
    expect(kubelet).toEqual(
      expect.objectContaining({
        version: 'v1.34.3',
        upstream: 'https://dl.k8s.io/release/v1.34.3/bin/linux/arm64/kubelet',
        mirror_path: 'dl.k8s.io/release/v1.34.3/bin/linux/arm64/kubelet',
        url: 'http://mirror.site.internal/kk/dl.k8s.io/release/v1.34.3/bin/linux/arm64/kubelet',
        sha256: sum,
      }),
    );
    expect(listed.artifacts.filter((a) => a.component === 'etcd').map((a) => a.arch)).toEqual(['amd64', 'arm64']);
    expect(listed.images).toContain('registry.k8s.io/kube-apiserver:v1.34.3');

    const table = await runKplay(['artifact', 'list', '-c', config]);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^COMPONENT +VERSION +ARCH +SHA256 +UPSTREAM URL +MIRROR PATH$/);
    expect(lines.find((l) => l.startsWith('kubelet') && l.includes('arm64'))).toContain(sum);
    expect(lines.find((l) => l.startsWith('kubelet') && l.includes('amd64'))).toMatch(/ - +https:\/\/dl\.k8s\.io/);
    expect(table.stdout).toContain(`${listed.artifacts.length} files for amd64, arm64; download.mirror: http://mirror.site.internal/kk/<MIRROR PATH>`);
  });

  test('an unreachable download source ends with one message that names download.mirror and the bundle', async () => {
    const closed = await freeLoopbackPort();
    const config = writeConfig(join(dir, 'offline.yaml'), { download: { mirror: `http://127.0.0.1:${closed}`, images: { enabled: false } } });
    const result = await runKplay(['artifact', 'export', '-c', config, '-o', join(dir, 'b.tgz'), '--work-dir', join(dir, 'work'), '--no-color']);
    expect(result.code).toBe(2);
    const fatal = result.stdout.split('\n').filter((l) => l.startsWith('fatal:'));
    // the probe's own error (ignored) and the stop with the fix; no error per artifact
    expect(fatal).toHaveLength(2);
    expect(fatal[1]).toContain('cannot reach the download source');
    expect(fatal[1]).toContain(`Check download.mirror (http://127.0.0.1:${closed})`);
    expect(fatal[1]).toContain('kplay artifact list -c config.yaml');
    expect(fatal[1]).toContain('kplay create cluster -a kubekey-artifact.tgz');
    expect(result.stdout).not.toContain('TASK [init : Download binaries and Helm charts');
  });
});
