/** The prometheus module and connector against Debian's prometheus (basic auth via web config). */
import { prometheusModule } from '../../../builtin-modules/prometheus';
import { PrometheusConnector } from '../../../engine/connectors/prometheus/connector';
import { indentJson } from '../../../engine/connectors/prometheus/format';
import { prometheusSettingsFrom } from '../../../engine/connectors/prometheus/settings';
import { LocalConnector } from '../../../engine/connectors/local/local-connector';
import type { Connector } from '../../../engine/connectors/types';
import type { ModuleResult } from '../../../engine/modules/types';
import type { GoValue } from '../../../engine/core/values';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinModules } from '../../../builtin-modules';
import { createEngine, type HostResult } from '../../../engine';
import { runModule, testContext } from './module-context';
import { prometheusAvailable, type PrometheusServer, startPrometheus } from './prometheus-harness';

/** A module's stdout, which these queries always give as text. */
function text(stdout: unknown): string {
  if (typeof stdout !== 'string') throw new Error(`expected text output, got ${typeof stdout}`);
  return stdout;
}

const USER = 'bob';
const PASSWORD = 'pw-123';

// skip reason: needs /usr/bin/prometheus (Debian package prometheus)
const describeProm = prometheusAvailable ? describe : describe.skip;

describeProm('prometheus module against a real Prometheus', () => {
  let prom: PrometheusServer;
  let connector: PrometheusConnector;

  beforeAll(async () => {
    prom = await startPrometheus(USER, PASSWORD);
    // No scheme, no trailing slash: both are normalised.
    connector = new PrometheusConnector('prom', prometheusSettingsFrom({ type: 'prometheus', url: prom.address, username: USER, password: PASSWORD, timeout: '5s' }, 'prom'));
  }, 40_000);

  afterAll(async () => {
    await prom?.stop();
  });

  async function query(args: GoValue, options: { connector?: Connector; checkMode?: boolean } = {}): Promise<ModuleResult> {
    return runModule(prometheusModule, testContext({ args, connector: options.connector ?? connector, checkMode: options.checkMode ?? false, module: 'prometheus' }));
  }

  test('settings: scheme and trailing slash are added; url is required', () => {
    expect(connector.client.url).toBe(`http://${prom.address}/`);
    expect(prometheusSettingsFrom({ url: 'https://p.example/prom' }, 'h')).toMatchObject({ url: 'https://p.example/prom/', timeoutMs: 10_000 });
    expect(() => prometheusSettingsFrom({ type: 'prometheus' }, 'h')).toThrow('connector.url is required');
    expect(() => prometheusSettingsFrom({ url: 'ftp://x' }, 'h')).toThrow('only http and https');
  });

  test('up: default pretty JSON, value, table', async () => {
    const pretty = await query({ query: 'up' });
    expect(pretty).toMatchObject({ changed: false });
    const doc = JSON.parse(text(pretty.stdout)) as { status: string; data: { resultType: string; result: Array<{ metric: Record<string, string> }> } };
    expect(doc.status).toBe('success');
    expect(doc.data.resultType).toBe('vector');
    expect(doc.data.result[0].metric).toEqual({ __name__: 'up', instance: prom.address, job: 'self' });
    expect(text(pretty.stdout)).toContain('\n  "status": "success",\n  "data": {\n    "resultType": "vector",');

    expect((await query({ query: 'up', format: 'value' })).stdout).toBe('1');
    const table = text((await query({ query: 'up', format: 'table' })).stdout);
    expect(table).toMatch(new RegExp(`^METRIC\\tVALUE\\tTIMESTAMP\\nup\\{instance="${prom.address.replace(/\./g, '\\.')}", job="self"\\}\\t1\\t\\d{10}\\n$`));

    const raw = text((await query({ query: 'up', format: 'raw' })).stdout);
    expect(raw).not.toContain('\n');
    // Indenting keeps every byte of the document, numbers as Prometheus wrote them (a timestamp
    // like 1796694116.660 stays so, as Go's json.Indent keeps it; JSON.stringify would print .66).
    const indented = indentJson(raw);
    expect(indented.replace(/\n */g, '').replace(/": /g, '":')).toBe(raw);
    expect(JSON.parse(indented)).toEqual(JSON.parse(raw));
    expect(indented).toContain('\n  "status": "success",\n');
  });

  test('vector(1), scalars, time parameter, empty results', async () => {
    expect((await query({ query: 'vector(1)', format: 'value' })).stdout).toBe('1');
    expect((await query({ query: 'vector(1)', format: 'table' })).stdout).toMatch(/^METRIC\tVALUE\tTIMESTAMP\nundefined\t1\t\d+\n$/);
    expect((await query({ query: 'time()', time: '1700000000', format: 'value' })).stdout).toBe('1700000000');
    expect((await query({ query: 'up{job="nothing"}', format: 'value' })).stdout).toBe('No data');
    expect((await query({ query: 'up{job="nothing"}', format: 'table' })).stdout).toBe('No data');
  });

  test('a matrix (subquery) as indented JSON; table refuses it', async () => {
    const matrix = await query({ query: 'vector(7)[3s:1s]', format: 'value', time: '1700000010' });
    const series = JSON.parse(text(matrix.stdout)) as Array<{ metric: object; values: Array<[number, string]> }>;
    expect(series[0].metric).toEqual({});
    expect(series[0].values.map((v) => v[1])).toEqual(['7', '7', '7', '7']);
    expect(series[0].values.map((v) => v[0])).toEqual([1700000007, 1700000008, 1700000009, 1700000010]); // both ends inclusive in Prometheus 2.x
    expect(text(matrix.stdout)).toMatch(/^\[\n  \{\n    "metric": \{\},\n    "values": \[\n      \[\n        1700000007,\n        "7"\n      \],/);
    const table = await query({ query: 'vector(7)[3s:1s]', format: 'table' });
    expect(table).toMatchObject({ failed: true, msg: 'table format only supported for vector results, got: matrix' });
  });

  test('a bad query fails with the status and Prometheus\'s message', async () => {
    const bad = await query({ query: 'up(' });
    expect(bad).toMatchObject({ failed: true });
    expect(bad.msg).toMatch(/^prometheus query failed with status 400: \{"status":"error","errorType":"bad_data","error":".*parse error/);
  });

  test('check mode runs the (read-only) query', async () => {
    expect(await query({ query: 'vector(3)', format: 'value' }, { checkMode: true })).toMatchObject({ changed: false, stdout: '3' });
  });

  test('auth: missing or wrong credentials fail at connect; headers are sent', async () => {
    const anonymous = new PrometheusConnector('anon', prometheusSettingsFrom({ url: prom.url }, 'anon'));
    await expect(anonymous.connect()).rejects.toThrow('failed to connect to Prometheus: status code 401');
    const wrong = new PrometheusConnector('wrong', prometheusSettingsFrom({ url: prom.url, username: USER, password: 'nope' }, 'wrong'));
    await expect(wrong.connect()).rejects.toThrow('status code 401');
    const viaHeader = new PrometheusConnector('hdr', prometheusSettingsFrom({ url: prom.url, headers: { Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` } }, 'hdr'));
    expect((await query({ query: 'vector(5)', format: 'value' }, { connector: viaHeader })).stdout).toBe('5');
  });

  test('the connector runs a command as a query (plain or JSON parameters)', async () => {
    expect(await connector.exec('vector(4)')).toMatchObject({ rc: 0, stderr: '' });
    expect(await connector.exec('{"query":"vector(4)","format":"value"}')).toMatchObject({ rc: 0, stdout: '4' });
    const failed = await connector.exec('up(');
    expect(failed.rc).toBe(1);
    expect(failed.stderr).toContain('prometheus query failed with status 400');
    await expect(connector.put('x', '/tmp/x')).rejects.toThrow('cannot write files');
  });

  test('the module refuses a host whose connector is not prometheus', async () => {
    const local = new LocalConnector('node1', {});
    const result = await query({ query: 'up' }, { connector: local });
    expect(result).toMatchObject({ failed: true, stderr: 'failed to get connector' });
    expect(result.msg).toContain('connector type is prometheus; node1 uses local');
  });

  test('a run reaches a prometheus host through the connector the engine registers by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kplay-prom-run-'));
    try {
      writeFileSync(
        join(dir, 'inventory.yaml'),
        `apiVersion: kubekey.kubesphere.io/v1\nkind: Inventory\nmetadata: {name: prom}\nspec:\n  hosts:\n    metrics:\n      connector: {type: prometheus, url: "${prom.address}", username: ${USER}, password: ${PASSWORD}}\n`,
      );
      writeFileSync(
        join(dir, 'site.yaml'),
        '- hosts: metrics\n  gather_facts: false\n  tasks:\n    - name: ask\n      prometheus: {query: "vector(5)", format: value}\n    - name: as a command\n      command: vector(6)\n',
      );
      const results: HostResult[] = [];
      const engine = createEngine().registerModules(builtinModules);
      engine.subscribe((event) => {
        if (event.type === 'host_result') results.push(event.result);
      });
      const report = await engine.run({ playbook: join(dir, 'site.yaml'), inventoryFile: join(dir, 'inventory.yaml'), journal: false });
      expect(report).toMatchObject({ ran: true, exitCode: 0 });
      expect(results.map((r) => [r.host, r.status])).toEqual([
        ['metrics', 'ok'],
        ['metrics', 'changed'],
      ]);
      expect(results[0].stdout).toBe('5');
      // A command on a prometheus host is a query; without a format the body comes back indented.
      expect(results[1].stdout).toMatch(/^\{\n  "status": "success",[\s\S]*"6"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
