import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';

test("a connector's command_timeout is named in the failure as it was set", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-timeout-'));
  try {
    const inventory = join(dir, 'inventory.yaml');
    writeFileSync(
      inventory,
      ['apiVersion: kubekey.kubesphere.io/v1', 'kind: Inventory', 'metadata: {name: t}', 'spec:', '  hosts:', '    box: {connector: {type: local, command_timeout: 1.5}}', ''].join('\n'),
    );
    const playbook = join(dir, 'site.yaml');
    writeFileSync(playbook, ['- hosts: box', '  gather_facts: false', '  tasks:', '    - command: sleep 30', ''].join('\n'));
    const run = await runKplay(['run', playbook, '-i', inventory, '--workdir', join(dir, 'work'), '--report', join(dir, 'report.json')]);
    expect(run.code).toBe(2);
    const [task] = (JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { tasks: { status: string; msg?: string }[] }).tasks;
    expect(task.status).toBe('failed');
    expect(task.msg).toMatch(/^command timed out after 1\.5s/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
