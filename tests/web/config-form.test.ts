/**
 * What the page's forms stand on: the cluster config's JSON schema, inline checks that store
 * nothing and say what `kplay create cluster -c` says, documents read back as data, and the
 * history telling a run still going from one whose process died.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClusterConfigSupport } from '../../cluster/config-form';
import { runKplay } from '../helpers/cli';
import { startHarness, type WebHarness } from './harness';

interface Schema {
  type?: string | string[];
  default?: unknown;
  description?: string;
  properties?: Record<string, Schema>;
}

interface Diag {
  line: number;
  col: number;
  severity: string;
  text: string;
}

describe('kplay web: the cluster config form and inline checks', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startHarness(undefined, undefined, buildClusterConfigSupport());
  });
  afterAll(async () => web.close());

  test('info tells the page what this server offers', async () => {
    const info = (await web.api('GET', '/api/v1/info')).data as { commands: string[]; clusterConfig: boolean; version: string };
    expect(info).toMatchObject({ commands: [], clusterConfig: true });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('the schema names every section with types, defaults and descriptions from the roles', async () => {
    const res = await web.api('GET', '/api/v1/schemas/cluster-config');
    expect(res.status).toBe(200);
    const schema = res.data as Schema;
    const cni = schema.properties?.cni;
    expect(cni?.type).toBe('object');
    expect(cni?.properties?.type).toMatchObject({ type: 'string', default: 'calico' });
    expect(cni?.properties?.pod_cidr?.default).toBe('10.233.64.0/18');
    expect(cni?.properties?.ipv4_mask_size?.description).toMatch(/max_pods/);
    expect(schema.properties?.kubernetes?.properties?.apiserver?.properties?.port?.type).toBe('integer');
    expect(schema.properties?.allow_unsupported_distribution_setup).toMatchObject({ type: 'boolean', default: false });
  });

  test('check stores nothing and gives the CLI message; PUT with cluster refuses the same text', async () => {
    const typo = 'apiVersion: kubekey.kubesphere.io/v1\nkind: Config\nspec:\n  cni:\n    tpye: calico\n  kubernetes:\n    apiserver:\n      port: "x"\n';
    const checked = await web.api('POST', '/api/v1/configs/prod/check', { content: typo, cluster: true });
    expect(checked.status).toBe(200);
    const diags = (checked.data as { ok: boolean; diagnostics: Diag[] }).diagnostics;
    expect((checked.data as { ok: boolean }).ok).toBe(false);
    expect(diags.map((d) => d.text)).toEqual([
      'configs/prod.yaml:5:5: unknown config key "cni.tpye" (did you mean "cni.type"?) (KP-LOAD-005)',
      'configs/prod.yaml:8:13: config key "kubernetes.apiserver.port" must be integer, got string (KP-LOAD-005)',
    ]);
    expect(existsSync(join(web.workDir, 'configs', 'prod.yaml'))).toBe(false);

    // The CLI says the same, at the same places.
    const file = join(web.dir, 'typo.yaml');
    writeFileSync(file, typo);
    const cli = await runKplay(['precheck', '-c', file, '--workdir', join(web.dir, 'cli')]);
    expect(cli.stderr).toContain(`${file}:5:5: unknown config key "cni.tpye" (did you mean "cni.type"?)`);
    expect(cli.stderr).toContain(`${file}:8:13: config key "kubernetes.apiserver.port" must be integer, got string`);

    expect((await web.api('PUT', '/api/v1/configs/prod', { content: typo, cluster: true })).status).toBe(422);
    expect(existsSync(join(web.workDir, 'configs', 'prod.yaml'))).toBe(false);
    // Without `cluster` a config is any playbook's: unknown keys are its own business.
    expect((await web.api('PUT', '/api/v1/configs/other', { content: typo })).status).toBe(200);
    const fixed = typo.replace('tpye', 'type').replace('"x"', '6443');
    expect((await web.api('POST', '/api/v1/configs/prod/check', { content: fixed, cluster: true })).data).toMatchObject({ ok: true, diagnostics: [] });
    expect((await web.api('PUT', '/api/v1/configs/prod', { content: fixed, cluster: true })).status).toBe(200);
  });

  test('a stored document reads back as data too, secrets masked', async () => {
    const inventory = 'kind: Inventory\nspec:\n  hosts:\n    n1:\n      connector: {type: ssh, host: 127.0.0.2, password: s3cret-pw}\n  groups:\n    etcd:\n      hosts: [n1]\n';
    expect((await web.api('PUT', '/api/v1/inventories/inv', { content: inventory })).status).toBe(200);
    const read = await web.api('GET', '/api/v1/inventories/inv');
    expect((read.data as { values: unknown }).values).toEqual({
      kind: 'Inventory',
      spec: { hosts: { n1: { connector: { type: 'ssh', host: '127.0.0.2', password: '********' } } }, groups: { etcd: { hosts: ['n1'] } } },
    });
    expect(JSON.stringify(read.data)).not.toContain('s3cret-pw');
    const bad = await web.api('POST', '/api/v1/inventories/inv/check', { content: inventory.replace('type: ssh', 'tpye: ssh') });
    expect((bad.data as { diagnostics: Diag[] }).diagnostics[0].text).toMatch(/^inventories\/inv\.yaml:5:\d+: .*tpye/);
  });

  describe('history: a journal without its end', () => {
    let holder: ChildProcess | undefined;
    afterAll(() => {
      holder?.kill('SIGKILL');
    });

    const journal = (id: string) => {
      const dir = join(web.workDir, 'runs', id);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'events.jsonl');
      writeFileSync(file, `${JSON.stringify({ type: 'run_start', runId: id, playbook: '/p/site.yaml', check: false, time: '2026-01-01T00:00:00.000Z' })}\n`);
      return file;
    };

    test('is interrupted when no process writes it, running while one does', async () => {
      journal('20260101T000000-dead');
      const file = journal('20260101T000001-alive');
      // A stand-in for a kplay still running: it holds the journal open for appending.
      holder = spawn('sh', ['-c', 'exec 3>>"$1"; echo ready; exec sleep 300', 'sh', file], { stdio: ['ignore', 'pipe', 'ignore'] });
      await new Promise<void>((resolve) => holder?.stdout?.once('data', () => resolve()));
      const list = (await web.api('GET', '/api/v1/runs')).data as { id: string; state: string }[];
      expect(list.filter((r) => r.id.startsWith('20260101')).map((r) => [r.id, r.state])).toEqual([
        ['20260101T000001-alive', 'running'],
        ['20260101T000000-dead', 'interrupted'],
      ]);
      expect((await web.api('GET', '/api/v1/runs/20260101T000000-dead')).data).toMatchObject({ state: 'interrupted' });
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder?.once('exit', resolve));
      expect((await web.api('GET', '/api/v1/runs/20260101T000001-alive')).data).toMatchObject({ state: 'interrupted' });
    });
  });
});
