import { PassThrough } from 'node:stream';
import type { HostResult, RunEvent, TaskRef } from '../../engine';
import { PlanSummaryReporter } from './plan-summary';
import { PrecheckTableReporter } from './precheck-table';

const T = '2026-12-07T00:00:00.000Z';
const ref = (task: string, module: string, role?: string): TaskRef => ({ play: 'p', task, source: 'x.yaml:1', module, ...(role !== undefined ? { role } : {}) });
const result = (host: string, status: HostResult['status'], extra: Partial<HostResult> = {}): HostResult => ({ host, status, stdout: '', stderr: '', durationMs: 1, ...extra });
const hostResult = (task: TaskRef, r: HostResult): RunEvent => ({ type: 'host_result', task, result: r, time: T });
const stats = { node1: { ok: 1, changed: 1, failed: 0, skipped: 0, unreachable: 0, rescued: 0, ignored: 0, unknown: 0 } };

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  return { out, text: () => text };
}

describe('PlanSummaryReporter', () => {
  const events = (check: boolean, exitCode = 0): RunEvent[] => [
    { type: 'run_start', runId: 'r', playbook: 'create_cluster.yaml', check, time: T },
    hostResult(ref('Write /etc/etcd.env', 'template'), result('node1', 'changed', { msg: 'would change /etc/etcd.env: content' })),
    hostResult(ref('Install certs', 'copy'), result('node1', 'unknown', { items: [result('node1', 'unknown', { reason: 'would copy /w/pki/root.crt to /etc/ssl/etcd/ssl/ca.crt (made by an earlier step of a real run)' })] })),
    hostResult(ref('Start etcd', 'command'), result('node1', 'unknown', { reason: 'would run: systemctl daemon-reload\nsystemctl start --no-block etcd.service\nwait-for-health' })),
    hostResult(ref('Enable kubelet', 'command'), result('node1', 'unknown', { reason: 'would run: systemctl daemon-reload && systemctl enable kubelet.service' })),
    hostResult(ref('Download', 'http_get_file'), result('localhost', 'changed', { items: [result('localhost', 'changed', { item: { component: 'kubeadm' }, label: 'kubeadm v1.34.3 (amd64)' }), result('localhost', 'ok', { item: { component: 'helm' } })] })),
    { type: 'run_end', status: exitCode === 0 ? 'succeeded' : 'failed', exitCode, stats, detail: null, time: T },
  ];

  test('per host: files, services started (not merely enabled), commands, downloads', () => {
    const { out, text } = capture();
    const r = new PlanSummaryReporter(out, false);
    for (const e of events(true)) r.handle(e);
    expect(text()).toContain('node1      files (2): /etc/etcd.env, /etc/ssl/etcd/ssl/ca.crt\n           services (re)started: etcd\n           commands run: 2\n');
    expect(text()).toContain('localhost  downloads (1): kubeadm v1.34.3 (amd64)\n');
  });

  test('nothing after a real run, or a check that failed', () => {
    for (const [check, code] of [[false, 0], [true, 2]] as const) {
      const { out, text } = capture();
      const r = new PlanSummaryReporter(out, false);
      for (const e of events(check, code)) r.handle(e);
      expect(text()).toBe('');
    }
  });
});

describe('PrecheckTableReporter', () => {
  const memory = ref('OS | enough memory', 'assert', 'precheck/os');
  const cni = ref('Network | CNI plugin is supported', 'assert', 'precheck/network');
  const events: RunEvent[] = [
    hostResult(memory, result('node1', 'ok', { msg: '7812 MiB (min 1700)' })),
    hostResult(memory, result('node2', 'ignored', { msg: 'node2: 900 MiB of memory, but …' })),
    hostResult(memory, result('localhost', 'skipped')),
    hostResult(cni, result('localhost', 'ok', { msg: 'All assertions passed' })),
    hostResult(ref('Probe', 'command', 'precheck/probe'), result('node1', 'ok')),
    { type: 'run_end', status: 'failed', exitCode: 2, stats, detail: null, time: T },
  ];

  test('checks × hosts with ✓/✗ and the measured value; the controller last as "config"', () => {
    const { out, text } = capture();
    const r = new PrecheckTableReporter(out, false);
    for (const e of events) r.handle(e);
    const lines = text().split('\n');
    expect(lines[2]).toMatch(/^check +node1 +node2 +config \(localhost\)$/);
    expect(lines[3]).toMatch(/^OS \| enough memory +✓ 7812 MiB \(min 1700\) +✗ +-$/);
    expect(lines[4]).toMatch(/^Network \| CNI plugin is supported +- +- +✓$/);
    expect(text()).not.toContain('Probe');
    expect(lines[5]).toBe('1 check failed (✗); the reasons are above');
  });

  test('onlyWhenFailed: quiet when every check passed', () => {
    const { out, text } = capture();
    const r = new PrecheckTableReporter(out, false, true);
    for (const e of events.filter((e) => e.type !== 'host_result' || e.result.status !== 'ignored')) r.handle(e);
    expect(text()).toBe('');
  });
});
