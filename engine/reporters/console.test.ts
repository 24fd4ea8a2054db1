import { PassThrough } from 'node:stream';
import type { HostResult, RunEvent, TaskRef } from '../events/types';
import { ConsoleReporter, type ConsoleOptions } from './console';
import { itemLabel } from './item-label';

const T = '2026-12-07T00:00:00.000Z';
const task = (name: string, module = 'command'): TaskRef => ({ play: 'p', task: name, source: 'site.yaml:1', module });
const result = (host: string, status: HostResult['status'], extra: Partial<HostResult> = {}): HostResult => ({ host, status, stdout: '', stderr: '', durationMs: 1, ...extra });

function render(events: RunEvent[], opts: Partial<ConsoleOptions> = {}): string {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  const reporter = new ConsoleReporter({ out, color: false, verbosity: 0, ...opts });
  for (const e of events) reporter.handle(e);
  return text;
}

function taskEvents(t: TaskRef, hosts: string[], results: HostResult[]): RunEvent[] {
  return [
    { type: 'task_start', task: t, hosts, time: T },
    ...results.map((r): RunEvent => ({ type: 'host_result', task: t, result: r, time: T })),
    { type: 'task_end', task: t, durationMs: 1, time: T },
  ];
}

const play = (hosts: string[], ...tasks: RunEvent[][]): RunEvent[] => [{ type: 'play_start', play: 'p', hosts, time: T }, ...tasks.flat(), { type: 'play_end', play: 'p', time: T }];

const ARTIFACT = { arch: 'amd64', component: 'kubeadm', path: 'kubeadm/v1.34.3/amd64/kubeadm', sha256: '', upstream: 'https://dl.k8s.io/release/v1.34.3/bin/linux/amd64/kubeadm', url: 'http://mirror/x', version: 'v1.34.3' };

describe('itemLabel', () => {
  test('a big map is named by its telling fields, a small one shown whole, a label wins', () => {
    expect(itemLabel(ARTIFACT)).toBe('component=kubeadm arch=amd64');
    expect(itemLabel({ src: 'root.crt', dest: 'ca.crt', mode: '0644' })).toBe('src=root.crt dest=ca.crt mode=0644');
    expect(itemLabel({ host: 'docker.io', mirrors: ['https://x'], insecure: false, server: 'https://registry-1.docker.io' })).toBe('host=docker.io');
    expect(itemLabel('kubelet')).toBe('kubelet');
    expect(itemLabel(ARTIFACT, 'kubeadm for amd64')).toBe('kubeadm for amd64');
  });
});

describe('ConsoleReporter, Ansible layout', () => {
  const loop = (host: string, statuses: HostResult['status'][]): HostResult =>
    result(host, statuses.every((s) => s === 'skipped') ? 'skipped' : 'changed', {
      items: statuses.map((s, i) => result(host, s, { item: { ...ARTIFACT, component: `c${i}` } })),
    });

  test('loop items print their label; skipped items of a host are one line', () => {
    const text = render(play(['h1', 'h2'], taskEvents(task('dl'), ['h1', 'h2'], [loop('h1', ['changed', 'skipped', 'skipped']), loop('h2', ['skipped', 'skipped'])])));
    expect(text).toContain('changed: [h1] => (item=component=c0 arch=amd64)\nskipping: [h1] => (2 items)\nskipping: [h2] => (all 2 items)\n');
    expect(text).not.toContain('{');
  });

  test('--hide-skipped leaves out skipped hosts, and tasks every host skipped', () => {
    const events = play(
      ['h1', 'h2'],
      taskEvents(task('all skipped'), ['h1', 'h2'], [result('h1', 'skipped'), result('h2', 'skipped')]),
      taskEvents(task('half'), ['h1', 'h2'], [result('h1', 'ok'), result('h2', 'skipped')]),
    );
    const text = render(events, { hideSkipped: true });
    expect(text).not.toContain('all skipped');
    expect(text).not.toContain('skipping');
    expect(text).toContain('TASK [half] ***');
    expect(text).toContain('ok: [h1]\n');
    expect(render(events)).toContain('TASK [all skipped] ***');
  });

  test("an assert's own success_msg is on its ok line; the default one is not", () => {
    const text = render(play(['h1', 'h2'], taskEvents(task('disk', 'assert'), ['h1', 'h2'], [result('h1', 'ok', { msg: 'p99 2.31 ms' }), result('h2', 'ok', { msg: 'All assertions passed' })])));
    expect(text).toContain('ok: [h1] => p99 2.31 ms\nok: [h2]\n');
  });
});

describe('ConsoleReporter, compact layout', () => {
  test('hosts that ended alike share the task line; notes and items get their own, in inventory order', () => {
    const events = play(
      ['h1', 'h2', 'h3'],
      taskEvents(task('probe'), ['h1', 'h2', 'h3'], [result('h2', 'ok'), result('h1', 'ok'), result('h3', 'skipped')]),
      taskEvents(task('restart'), ['h1', 'h2', 'h3'], [result('h3', 'unknown', { reason: 'would run: systemctl daemon-reload\nsystemctl restart etcd' }), result('h1', 'unknown', { reason: 'would run: systemctl daemon-reload\nsystemctl restart etcd' }), result('h2', 'ok')]),
      taskEvents(task('nothing'), ['h1', 'h2', 'h3'], [result('h1', 'skipped'), result('h2', 'skipped'), result('h3', 'skipped')]),
    );
    const text = render(events, { compact: true });
    expect(text).toContain('TASK [probe] ok: h1, h2; skipping: h3\n');
    expect(text).toContain('TASK [restart] ok: h2\n  unknown: [h1, h3] => would run: systemctl daemon-reload … (1 more line; -v shows them)\n');
    expect(text).not.toContain('TASK [nothing]');
    expect(text).toContain('skipping: 1 more task of this play on every host\n');
    expect(render(events, { compact: true, hideSkipped: true })).not.toMatch(/skipping/);
  });

  test('a failure prints at once, under the banner, with the quiet hosts after it', () => {
    const text = render(play(['h1', 'h2'], taskEvents(task('x'), ['h1', 'h2'], [result('h1', 'failed', { msg: 'boom' }), result('h2', 'ok')])), { compact: true });
    expect(text).toMatch(/\nTASK \[x\] \*+\nfatal: \[h1\]: FAILED! => boom\n {2}ok: h2\n/);
  });

  test('the run ends with the time of each play and the total before the recap', () => {
    const events: RunEvent[] = [
      { type: 'run_start', runId: 'r', playbook: 'site.yaml', check: false, time: '2026-12-07T00:00:00.000Z' },
      { type: 'play_start', play: 'Precheck', hosts: ['h1'], time: '2026-12-07T00:00:00.000Z' },
      { type: 'play_end', play: 'Precheck', time: '2026-12-07T00:00:02.500Z' },
      { type: 'run_end', status: 'succeeded', exitCode: 0, stats: {}, detail: null, time: '2026-12-07T00:01:05.000Z' },
    ];
    expect(render(events, { compact: true })).toMatch(/TIME PER PLAY \*+\nPrecheck {2}2\.5s\ntotal {5}1m05s\n\nPLAY RECAP/);
  });
});

describe('ConsoleReporter recap', () => {
  const run = (check: boolean, unknown: number): RunEvent[] => [
    { type: 'run_start', runId: 'r', playbook: 'site.yaml', check, time: T },
    ...play(['h1'], taskEvents(task('restart'), ['h1'], [result('h1', unknown > 0 ? 'unknown' : 'ok', { reason: 'would run: systemctl restart etcd' })])),
    { type: 'run_end', status: 'succeeded', exitCode: 0, stats: { h1: { ok: 1, changed: 0, failed: 0, skipped: 0, unreachable: 0, rescued: 0, ignored: 0, unknown } }, detail: null, time: T },
  ];

  test("check mode shows the unknown count; a real run keeps Ansible's columns unless a task forced into check mode had one", () => {
    expect(render(run(true, 1))).toMatch(/^h1 : ok=1 .* ignored=0 {4}unknown=1$/m);
    expect(render(run(true, 0))).toMatch(/^h1 : ok=1 .* ignored=0 {4}unknown=0$/m);
    expect(render(run(false, 0))).toMatch(/^h1 : ok=1 .* ignored=0$/m);
    expect(render(run(false, 1))).toMatch(/^h1 : ok=1 .* ignored=0 {4}unknown=1$/m);
  });
});

describe('ConsoleReporter heartbeat', () => {
  test('not a terminal: a long task says it is still running', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const reporter = new ConsoleReporter({ out, color: false, verbosity: 0, compact: true, heartbeatMs: 10 });
    reporter.handle({ type: 'play_start', play: 'p', hosts: ['h1', 'h2'], time: T });
    reporter.handle({ type: 'task_start', task: task('slow'), hosts: ['h1', 'h2'], time: T });
    reporter.handle({ type: 'host_result', task: task('slow'), result: result('h1', 'ok'), time: T });
    await new Promise((resolve) => setTimeout(resolve, 200));
    reporter.handle({ type: 'task_end', task: task('slow'), durationMs: 1, time: T });
    expect(text).toMatch(/^ {2}… still running: TASK \[slow\]: 1\/2 hosts done, \d+s$/m);
    const lines = text.split('\n').length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(text.split('\n').length).toBe(lines);
  });
});

describe('ConsoleReporter after --resume', () => {
  const events = (): RunEvent[] =>
    play(
      ['h1', 'h2'],
      taskEvents(task('done before'), ['h1', 'h2'], [result('h1', 'ok', { resumed: true }), result('h2', 'changed', { resumed: true })]),
      taskEvents(task('half done'), ['h1', 'h2'], [result('h1', 'ok', { resumed: true }), result('h2', 'changed')]),
    );

  test('compact: a task every host had finished is counted once per play; a half-done one names the resumed hosts on its line', () => {
    const text = render(events(), { compact: true });
    expect(text).not.toContain('TASK [done before]');
    expect(text).toContain('TASK [half done] changed: h2; resumed: h1\n');
    expect(text).toContain('resumed: 1 task of this play had finished before the resume (not run again)\n');
  });

  test('a line per host: each resumed result under its task banner', () => {
    const text = render(events());
    expect(text).toMatch(/TASK \[done before\] \*+\nresumed: \[h1\] \(ok\)\nresumed: \[h2\] \(changed\)\n/);
    expect(text).toMatch(/TASK \[half done\] \*+\nresumed: \[h1\] \(ok\)\n/);
  });
});
