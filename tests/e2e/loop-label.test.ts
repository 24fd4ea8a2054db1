import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';

describe('kplay run: loop item labels and skipped items', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-loop-label-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const playbook = (text: string): string => {
    const file = join(dir, 'site.yaml');
    writeFileSync(file, text);
    return file;
  };

  test('loop_control.label names each item; the report keeps the whole item', async () => {
    const file = playbook(`- hosts: localhost
  gather_facts: false
  tasks:
    - name: Items
      debug: { msg: "{{ .item.name }}" }
      loop: [{ name: alpha, size: 1, url: "https://example.invalid/alpha" }, { name: beta, size: 2, url: "https://example.invalid/beta" }]
      loop_control:
        label: "{{ .item.name }} ({{ .item.size }})"
        pause: 1
`);
    const result = await runKplay(['run', file, '--workdir', join(dir, 'j'), '--report', join(dir, 'report.json')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('loop_control.pause has no effect');
    expect(result.stdout).toContain('ok: [localhost] => (item=alpha (1))');
    expect(result.stdout).toContain('ok: [localhost] => (item=beta (2))');
    expect(result.stdout).not.toContain('example.invalid');
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toContain('https://example.invalid/alpha');
  });

  test('without a label a map item is named by its telling fields; skipped items are one line per host', async () => {
    const file = playbook(`- hosts: localhost
  gather_facts: false
  tasks:
    - name: Some run
      debug: { msg: x }
      when: .item.component | eq "kubeadm"
      loop: [{ component: kubeadm, arch: amd64, url: "https://example.invalid/1", sha256: "" }, { component: kubelet, arch: amd64, url: "u", sha256: "" }, { component: kubectl, arch: amd64, url: "u", sha256: "" }]
    - name: None run
      debug: { msg: x }
      when: false
      loop: [1, 2, 3]
`);
    const result = await runKplay(['run', file, '--workdir', join(dir, 'j')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ok: [localhost] => (item=component=kubeadm arch=amd64)\n');
    expect(result.stdout).toContain('skipping: [localhost] => (2 items)\n');
    expect(result.stdout).toContain('skipping: [localhost] => (all 3 items)\n');
    const hidden = await runKplay(['run', file, '--workdir', join(dir, 'j'), '--hide-skipped']);
    expect(hidden.stdout).not.toContain('skipping');
    expect(hidden.stdout).not.toContain('TASK [None run]');
    process.env.KPLAY_DISPLAY_SKIPPED_HOSTS = 'false';
    try {
      const byEnv = await runKplay(['run', file, '--workdir', join(dir, 'j')]);
      expect(byEnv.stdout).not.toContain('skipping');
    } finally {
      delete process.env.KPLAY_DISPLAY_SKIPPED_HOSTS;
    }
  });
});
