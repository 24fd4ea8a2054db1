import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { exportBundle, extractBundle } from './bundle';

describe('offline bundle (tar + gzip + manifest)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-bundle-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const longName = `images/${'deep/'.repeat(30)}blob`;
  function populate(root: string): void {
    for (const [path, text] of [
      ['kubelet/v1.34.3/amd64/kubelet', 'kubelet bits'],
      ['charts/calico/v3.31.3/calico.tgz', 'chart'],
      [longName, 'x'.repeat(1500)],
      ['kubeadm/v1.34.3/amd64/kubeadm.part', 'leftover of a broken download'],
    ]) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text, { mode: 0o755 });
    }
  }

  test('GNU tar reads the bundle (long names too) and sha256sum accepts its SHA256SUMS', async () => {
    const src = join(dir, 'src');
    populate(src);
    const manifest = await exportBundle(src, join(dir, 'b.tgz'), 'v1.34.3');
    expect(manifest.files.map((f) => f.path)).toEqual(['charts/calico/v3.31.3/calico.tgz', longName, 'kubelet/v1.34.3/amd64/kubelet']);
    expect(manifest.files[2]).toMatchObject({ component: 'kubelet', version: 'v1.34.3', arch: 'amd64', size: 12 });
    const out = join(dir, 'gnu');
    mkdirSync(out);
    execFileSync('tar', ['-xzf', join(dir, 'b.tgz'), '-C', out]);
    expect(readFileSync(join(out, longName), 'utf8')).toBe('x'.repeat(1500));
    expect(execFileSync('sha256sum', ['--check', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).toContain('kubelet: OK');
  });

  test('extractBundle verifies every file and names the one that does not match', async () => {
    const src = join(dir, 'src');
    populate(src);
    await exportBundle(src, join(dir, 'b.tgz'));
    const good = await extractBundle(join(dir, 'b.tgz'), join(dir, 'x'));
    expect(good.files).toHaveLength(3);
    expect(readFileSync(join(dir, 'x', 'charts/calico/v3.31.3/calico.tgz'), 'utf8')).toBe('chart');

    // a bundle whose manifest disagrees with its content (tampered or corrupted)
    const unpacked = join(dir, 'tamper');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', join(dir, 'b.tgz'), '-C', unpacked]);
    writeFileSync(join(unpacked, 'kubelet/v1.34.3/amd64/kubelet'), 'evil bits');
    execFileSync('tar', ['-czf', join(dir, 'bad.tgz'), '-C', unpacked, '.']);
    await expect(extractBundle(join(dir, 'bad.tgz'), join(dir, 'y'))).rejects.toThrow(/kubelet\/v1\.34\.3\/amd64\/kubelet \(expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}\)/);
  });

  test('a bundle with a corrupted tar header is rejected, not half-read', async () => {
    const src = join(dir, 'src');
    populate(src);
    await exportBundle(src, join(dir, 'b.tgz'));
    const tar = gunzipSync(readFileSync(join(dir, 'b.tgz')));
    // the first header names manifest.json; change one letter of the name, keep the old checksum
    expect(tar.subarray(0, 13).toString('latin1')).toBe('manifest.json');
    tar[0] = 'M'.charCodeAt(0);
    writeFileSync(join(dir, 'corrupt.tgz'), gzipSync(tar));
    await expect(extractBundle(join(dir, 'corrupt.tgz'), join(dir, 'z'))).rejects.toThrow(/corrupt\.tgz: not a valid bundle: .*checksum/);
  });

  test('paths leaving the target directory and links are refused', async () => {
    const outside = join(dir, 'work');
    mkdirSync(outside);
    writeFileSync(join(dir, 'evil'), 'evil');
    execFileSync('tar', ['-czPf', join(dir, 'dotdot.tgz'), '../evil'], { cwd: outside });
    await expect(extractBundle(join(dir, 'dotdot.tgz'), join(outside, 'x'))).rejects.toThrow(/not a valid bundle: .*'\.\.'/);

    const linked = join(dir, 'linked');
    mkdirSync(linked);
    execFileSync('ln', ['-s', '/etc/passwd', join(linked, 'passwd')]);
    execFileSync('tar', ['-czf', join(dir, 'link.tgz'), '-C', linked, 'passwd']);
    await expect(extractBundle(join(dir, 'link.tgz'), join(dir, 'l'))).rejects.toThrow(/unsupported entries in the bundle: passwd \(SymbolicLink\)/);
  });
});
