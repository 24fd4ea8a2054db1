/** The cluster commands through `POST /api/v1/runs`, lent to the server the way `kplay web` does. */
import { join } from 'node:path';
import { createCommand } from '../../cluster/commands/create';
import { precheckCommand } from '../../cluster/commands/precheck';
import { readEvents, startHarness, type WebHarness } from './harness';

describe('kplay web: create-cluster and precheck runs', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startHarness({
      'create-cluster': (argv, ctx) => createCommand(['cluster', ...argv], ctx),
      precheck: (argv, ctx) => precheckCommand(argv, ctx),
    });
  });
  afterAll(async () => web.close());

  test('a misspelt cluster config key: 422 with its position, nothing ran', async () => {
    const typo = 'apiVersion: kubekey.kubesphere.io/v1\nkind: Config\nspec:\n  cni:\n    tpye: calico\n';
    expect((await web.api('PUT', '/api/v1/configs/typo', { content: typo })).status).toBe(200);
    const res = await web.api('POST', '/api/v1/runs', { command: 'precheck', config: 'typo', check: true });
    expect(res.status).toBe(422);
    expect((res.data as { error: string }).error).toContain(`${join(web.workDir, 'configs', 'typo.yaml')}:5:5: unknown config key "cni.tpye" (did you mean "cni.type"?)`);
    expect((await web.api('GET', '/api/v1/runs')).data).toEqual([]);
  });

  test('precheck os on this machine: a run with the packaged playbook, streamed to its end', async () => {
    const config = `kind: Config\nspec:\n  work_dir: ${join(web.dir, 'cluster-work')}\n`;
    expect((await web.api('PUT', '/api/v1/configs/local', { content: config })).status).toBe(200);
    const res = await web.api('POST', '/api/v1/runs', { command: 'precheck', config: 'local', check: true, tags: ['os'] });
    expect(res.status).toBe(202);
    const id = (res.data as { id: string }).id;
    const { messages } = await readEvents(`${web.url}/api/v1/runs/${id}/events`, { authorization: `Bearer ${web.token}` });
    const events = messages.filter((m) => m.event === 'message').map((m) => JSON.parse(m.data) as { type: string; playbook?: string; task?: { task: string } });
    expect(events[0]).toMatchObject({ type: 'run_start', check: true });
    expect(events[0].playbook).toMatch(/playbooks\/precheck\.yaml$/);
    expect(events[events.length - 1].type).toBe('run_end');
    expect(events.some((e) => e.type === 'host_result' && e.task?.task.startsWith('OS |'))).toBe(true);
  });
});
