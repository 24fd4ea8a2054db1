import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { runKplay } from '../helpers/cli';
import { LOCAL_INVENTORY, readEvents, startHarness, type WebHarness } from './harness';

const PLAYBOOK = `- name: three steps
  hosts: nodes
  tasks:
    - name: greet
      command: echo hello from {{ .inventory_hostname }}
    - name: gate
      command: while [ ! -f {{ .out }}/go ]; do sleep 0.05; done
    - name: write
      copy:
        content: "{{ .inventory_hostname }}"
        dest: "{{ .out }}/{{ .inventory_hostname }}.txt"
    - name: note
      debug:
        msg: done on {{ .inventory_hostname }}
`;

const SLEEPS = `- name: sleeps
  hosts: nodes
  tasks:
    - name: long-sleep
      command: mkdir -p {{ .out }} && echo $$ > {{ .out }}/pid-{{ .inventory_hostname }} && exec sleep 60
    - name: never-reached
      command: touch {{ .out }}/never-{{ .inventory_hostname }}
`;

interface RunSummaryBody {
  id: string;
  state: string;
  exitCode?: number;
  origin?: string;
  playbook: string;
}

describe('kplay web API (a real server on loopback)', () => {
  let web: WebHarness;
  beforeAll(async () => {
    web = await startHarness();
    web.writeProjectFile('site.yaml', PLAYBOOK);
    web.writeProjectFile('sleeps.yaml', SLEEPS);
  });
  afterAll(async () => web.close());

  test('the token: printed URL, 0600 file, 401 without it, one-time login, CSRF', async () => {
    expect(web.printed).toContain(`listening on ${web.url}`);
    expect(web.printed).toMatch(/open http:\/\/127\.0\.0\.1:\d+\/login\?code=\S+/);
    expect(statSync(join(web.workDir, 'web', 'token')).mode & 0o777).toBe(0o600);

    expect((await fetch(`${web.url}/healthz`)).status).toBe(200);
    for (const path of ['/', '/app.js', '/api/openapi.json', '/api/v1/inventories', '/api/v1/runs', '/api/v1/configs/x']) {
      expect([path, (await fetch(`${web.url}${path}`)).status]).toEqual([path, 401]);
    }
    expect((await fetch(`${web.url}/api/v1/runs`, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);
    expect((await fetch(`${web.url}/api/v1/runs`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401);

    const login = /open (\S+)/.exec(web.printed)?.[1] ?? '';
    const first = await fetch(login, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0];
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(first.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    expect((await fetch(login, { redirect: 'manual' })).status).toBe(401); // spent

    // The cookie reads; alone it changes nothing (CSRF); with the page's header it does.
    expect((await fetch(`${web.url}/api/v1/runs`, { headers: { cookie } })).status).toBe(200);
    const put = (headers: Record<string, string>) =>
      fetch(`${web.url}/api/v1/configs/c1`, { method: 'PUT', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ content: 'kind: Config\nspec: {a: 1}\n' }) });
    expect((await put({})).status).toBe(403);
    expect((await put({ 'x-kplay-request': '1', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await put({ 'x-kplay-request': '1' })).status).toBe(200);

    // A DNS-rebinding name is refused even with the token.
    const rebinding = await new Promise<number>((resolve, reject) => {
      const req = request(`${web.url}/api/v1/runs`, { headers: { authorization: `Bearer ${web.token}`, host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebinding).toBe(421);
  });

  test('inventories: a typo is refused with its position and nothing is written; secrets are masked and kept', async () => {
    const typo = ['apiVersion: kubekey.kubesphere.io/v1', 'kind: Inventory', 'spec:', '  hosts:', '    h1:', '      connector: {type: ssh, prot: 22}', ''].join('\n');
    const bad = await web.api('PUT', '/api/v1/inventories/typo', { content: typo });
    expect(bad.status).toBe(422);
    const diags = (bad.data as { diagnostics: { line: number; col: number; text: string; code?: string }[] }).diagnostics;
    expect(diags[0]).toMatchObject({ line: 6, severity: 'error' });
    expect(diags[0].text).toMatch(/^inventories\/typo\.yaml:6:\d+: .*prot/);
    expect(existsSync(join(web.workDir, 'inventories', 'typo.yaml'))).toBe(false);
    expect((await web.api('GET', '/api/v1/inventories/typo')).status).toBe(404);

    const withSecret = ['kind: Inventory', 'spec:', '  hosts:', '    h1:', '      connector: {type: ssh, host: 127.0.0.1, password: hunter2secret}', ''].join('\n');
    expect((await web.api('PUT', '/api/v1/inventories/secret', { content: withSecret })).status).toBe(200);
    const read = await web.api('GET', '/api/v1/inventories/secret');
    const masked = (read.data as { content: string }).content;
    expect(masked).not.toContain('hunter2secret');
    expect(masked).toContain('********');
    // Sent back with the mask (and another change), the stored password stays.
    expect((await web.api('PUT', '/api/v1/inventories/secret', { content: masked.replace('127.0.0.1', '127.0.0.2') })).status).toBe(200);
    const stored = readFileSync(join(web.workDir, 'inventories', 'secret.yaml'), 'utf8');
    expect(stored).toContain('hunter2secret');
    expect(stored).toContain('127.0.0.2');
    expect(JSON.stringify((await web.api('GET', '/api/v1/inventories')).data)).toContain('"secret"');
    expect((await web.api('GET', '/api/openapi.json')).data).toMatchObject({ openapi: '3.1.0' });
  });

  test('a run streams every event in order to 20 concurrent SSE clients, the same lines as the journal', async () => {
    expect((await web.api('PUT', '/api/v1/inventories/local', { content: LOCAL_INVENTORY(['h1', 'h2', 'h3']) })).status).toBe(200);
    mkdirSync(join(web.dir, 'out'), { recursive: true });
    const started = await web.api('POST', '/api/v1/runs', { playbook: 'site.yaml', inventory: 'local', check: false, diff: true, extra_vars: { out: join(web.dir, 'out') } });
    expect(started.status).toBe(202);
    const id = (started.data as { id: string }).id;
    // The run waits at its gate until every client is connected, so all of them follow it live.
    let attached = 0;
    const all = Array.from({ length: 20 }, () => {
      let seen = false;
      return readEvents(`${web.url}/api/v1/runs/${id}/events`, { authorization: `Bearer ${web.token}` }, () => {
        if (seen) return;
        seen = true;
        if (++attached === 20) writeFileSync(join(web.dir, 'out', 'go'), '');
      });
    });
    const clients = await Promise.all(all);
    const journal = readFileSync(join(web.workDir, 'runs', id, 'events.jsonl'), 'utf8').trim().split('\n');
    expect(journal.length).toBeGreaterThan(10);
    for (const client of clients) {
      expect(client.status).toBe(200);
      const data = client.messages.filter((m) => m.event === 'message');
      expect(data.map((m) => m.data)).toEqual(journal);
      expect(data.map((m) => m.id)).toEqual(journal.map((_, i) => String(i + 1)));
      expect(client.messages[client.messages.length - 1].event).toBe('end');
    }
    const types = journal.map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types[0]).toBe('run_start');
    expect(types[types.length - 1]).toBe('run_end');
    expect(types.filter((t) => t === 'host_result')).toHaveLength(12);
    expect(readFileSync(join(web.dir, 'out', 'h2.txt'), 'utf8')).toBe('h2');

    const summary = await web.api('GET', `/api/v1/runs/${id}`);
    expect(summary.data).toMatchObject({ id, state: 'succeeded', exitCode: 0, origin: 'web' });
    // A reconnecting client resumes after Last-Event-ID.
    const resumed = await readEvents(`${web.url}/api/v1/runs/${id}/events`, { authorization: `Bearer ${web.token}`, 'last-event-id': String(journal.length - 2) });
    expect(resumed.messages.filter((m) => m.event === 'message').map((m) => m.data)).toEqual(journal.slice(-2));
  });

  test('invalid runs: positioned diagnostics (422), a playbook outside the project (400), an unknown document (422)', async () => {
    web.writeProjectFile('broken.yaml', '- hosts: nodes\n  tasks:\n    - name: x\n      comand: echo\n');
    const broken = await web.api('POST', '/api/v1/runs', { playbook: 'broken.yaml', inventory: 'local', check: true });
    expect(broken.status).toBe(422);
    expect(JSON.stringify(broken.data)).toMatch(/broken\.yaml:\d+:\d+/);
    expect((await web.api('POST', '/api/v1/runs', { playbook: '../outside.yaml', check: true })).status).toBe(400);
    expect((await web.api('POST', '/api/v1/runs', { playbook: 'site.yaml', inventory: 'nope', check: true })).status).toBe(422);
    expect((await web.api('POST', '/api/v1/runs', { playbook: 'site.yaml', check: true, bogus: 1 })).status).toBe(400);
    expect((await web.api('GET', '/api/v1/runs/..%2F..%2Fetc')).status).toBe(404);
  });

  test('DELETE cancels a run like Ctrl-C: the sleeps stop, nothing further runs, the run ends interrupted', async () => {
    const out = join(web.dir, 'sleep-out');
    const started = await web.api('POST', '/api/v1/runs', { playbook: 'sleeps.yaml', inventory: 'local', check: false, extra_vars: { out } });
    expect(started.status).toBe(202);
    const id = (started.data as { id: string }).id;
    const events = readEvents(`${web.url}/api/v1/runs/${id}/events`, { authorization: `Bearer ${web.token}` });
    const pidFiles = ['h1', 'h2', 'h3'].map((h) => join(out, `pid-${h}`));
    const deadline = Date.now() + 60_000;
    while (!pidFiles.every((f) => existsSync(f) && readFileSync(f, 'utf8').trim() !== '')) {
      if (Date.now() > deadline) throw new Error('the sleeps never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    const pids = pidFiles.map((f) => Number(readFileSync(f, 'utf8').trim()));
    expect((await web.api('GET', `/api/v1/runs/${id}`)).data).toMatchObject({ state: 'running' });
    expect((await web.api('DELETE', `/api/v1/runs/${id}`)).status).toBe(202);
    const { messages } = await events;
    const last = JSON.parse(messages.filter((m) => m.event === 'message').pop()?.data ?? '{}') as { type: string; exitCode: number };
    expect(last).toMatchObject({ type: 'run_end', exitCode: 130 });
    expect(messages.some((m) => m.data.includes('never-reached'))).toBe(false);
    for (const pid of pids) {
      const status = `/proc/${pid}/status`;
      if (existsSync(status)) expect(readFileSync(status, 'utf8')).toMatch(/State:\s+Z/);
    }
    expect((await web.api('GET', `/api/v1/runs/${id}`)).data).toMatchObject({ state: 'interrupted', exitCode: 130 });
    expect((await web.api('DELETE', `/api/v1/runs/${id}`)).status).toBe(409);
  });

  test('host check: what kplay doctor reports per host; addresses of a CIDR, bounded', async () => {
    const checked = await web.api('POST', '/api/v1/hosts/check', { inventory: 'local', min_tmp_mib: 0 });
    expect(checked.status).toBe(200);
    const body = checked.data as { hosts: { host: string; connector: string; checks: Record<string, { status: string }> }[]; exitCode: number };
    expect(body.hosts.map((h) => h.host)).toEqual(['h1', 'h2', 'h3']);
    expect(body.hosts[0].connector).toBe('local');
    expect(body.hosts[0].checks.shell.status).toBe('pass');
    expect(body.exitCode).toBe(0);
    expect((await web.api('POST', '/api/v1/hosts/check', { inventory: 'nope' })).status).toBe(422);

    expect((await web.api('GET', '/api/v1/ips?cidr=10.1.2.0/30')).data).toEqual({ cidr: '10.1.2.0/30', addresses: ['10.1.2.1', '10.1.2.2'] });
    expect((await web.api('GET', '/api/v1/ips?cidr=10.1.2.7/31')).data).toMatchObject({ addresses: ['10.1.2.6', '10.1.2.7'] });
    expect(((await web.api('GET', '/api/v1/ips?cidr=10.0.0.0/20')).data as { addresses: string[] }).addresses).toHaveLength(4094);
    expect((await web.api('GET', '/api/v1/ips?cidr=10.0.0.0/8')).status).toBe(400);
    expect((await web.api('GET', '/api/v1/ips?cidr=10.0.0.300/24')).status).toBe(400);
  });

  test('history: newest first, runs of the CLI in the same work dir included and streamed from their journal', async () => {
    const cli = await runKplay(['run', join(web.projectDir, 'site.yaml'), '-i', join(web.workDir, 'inventories', 'local.yaml'), '--check', '--workdir', web.workDir, '-e', `out=${join(web.dir, 'cli-out')}`]);
    expect(cli.code).toBe(0);
    const list = (await web.api('GET', '/api/v1/runs')).data as RunSummaryBody[];
    expect(list.length).toBeGreaterThanOrEqual(3);
    const cliRun = list[0];
    expect(cliRun.origin).toBeUndefined();
    expect(cliRun).toMatchObject({ state: 'succeeded', exitCode: 0 });
    expect(list.slice(1).some((r) => r.origin === 'web')).toBe(true);
    const starts = list.map((r) => r.id);
    expect([...starts].sort().reverse()).toEqual(starts);
    const streamed = await readEvents(`${web.url}/api/v1/runs/${cliRun.id}/events`, { authorization: `Bearer ${web.token}` });
    const journal = readFileSync(join(web.workDir, 'runs', cliRun.id, 'events.jsonl'), 'utf8').trim().split('\n');
    expect(streamed.messages.filter((m) => m.event === 'message').map((m) => m.data)).toEqual(journal);
  });
});
