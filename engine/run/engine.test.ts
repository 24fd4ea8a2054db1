import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connector, ExecResult, FileStat } from '../connectors/types';
import type { HostResult, RunEvent } from '../events/types';
import type { ModuleDefinition } from '../modules/types';
import { createEngine } from './engine';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kplay-engine-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A connector type a program could register: commands are answered from its settings. */
class EchoConnector implements Connector {
  readonly kind = 'echo';
  constructor(
    readonly hostName: string,
    private readonly prefix: string,
  ) {}
  async connect(): Promise<void> {}
  async exec(command: string): Promise<ExecResult> {
    const now = new Date();
    return { rc: 0, stdout: `${this.prefix}${command}`, stderr: '', startedAt: now, endedAt: now };
  }
  put(): Promise<void> {
    return Promise.reject(new Error('no files'));
  }
  putFile(): Promise<void> {
    return Promise.reject(new Error('no files'));
  }
  get(): Promise<Buffer> {
    return Promise.reject(new Error('no files'));
  }
  getFile(): Promise<void> {
    return Promise.reject(new Error('no files'));
  }
  stat(): Promise<FileStat> {
    return Promise.reject(new Error('no files'));
  }
  async close(): Promise<void> {}
}

const noop: ModuleDefinition = { name: 'noop', aliases: ['nothing'], checkMode: 'full', summary: 'does nothing', run: async () => ({ changed: false }) };
const command: ModuleDefinition = {
  name: 'command',
  checkMode: 'none',
  summary: 'runs its argument',
  run: async (ctx) => {
    const result = await (await ctx.connector()).exec(ctx.render(String(ctx.args)));
    return { changed: true, stdout: result.stdout, rc: result.rc };
  },
};

const INVENTORY = `apiVersion: kubekey.kubesphere.io/v1
kind: Inventory
metadata: {name: t}
spec:
  hosts:
    box:
      connector: {type: echo, prefix: "echo says: "}
`;

test('a registered connector type serves the hosts that name it, with their connector settings', async () => {
  const engine = createEngine().registerModules([noop, command]);
  engine.registerConnector('echo', (host, config) => new EchoConnector(host, String(config.settings?.prefix ?? '')));
  const results: HostResult[] = [];
  engine.subscribe((e) => {
    if (e.type === 'host_result') results.push(e.result);
  });
  const report = await engine.run({
    playbook: write('site.yaml', '- hosts: box\n  gather_facts: false\n  tasks:\n    - name: ask\n      command: "hello {{ .inventory_hostname }}"\n'),
    inventoryFile: write('inventory.yaml', INVENTORY),
    journal: false,
  });
  expect(report).toMatchObject({ ran: true, exitCode: 0, status: 'succeeded' });
  expect(results.map((r) => [r.host, r.status, r.stdout])).toEqual([['box', 'changed', 'echo says: hello box']]);
});

test('names are registered once; local and ssh stay the engine\'s own', () => {
  const engine = createEngine().registerModule(noop);
  expect(() => engine.registerModule({ ...noop, name: 'other', aliases: ['nothing'] })).toThrow('module "nothing" is registered twice');
  expect(engine.moduleNames().sort()).toEqual(['noop', 'nothing']);
  expect(() => engine.registerConnector('ssh', (host) => new EchoConnector(host, ''))).toThrow('connector type "ssh" is built in');
});

test('load reports problems instead of printing them; a bad limit is a bad option', () => {
  const engine = createEngine().registerModule(noop);
  const broken = engine.load({ playbook: write('broken.yaml', '- hosts: all\n  tasks:\n    - nosuch: {}\n') });
  expect(broken.ok).toBe(false);
  expect(broken).toMatchObject({ exitCode: 4 });
  expect(broken.diagnostics.some((d) => d.severity === 'error' && d.pos.line === 3 && d.message.includes('nosuch'))).toBe(true);

  const limited = engine.load({ playbook: write('ok.yaml', '- hosts: all\n  tasks:\n    - noop: {}\n'), limit: '~(' });
  expect(limited).toMatchObject({ ok: false, exitCode: 5 });
  expect(!limited.ok && 'message' in limited ? limited.message : '').toMatch(/^--limit ~\(: /);
});

test('an aborted signal stops the run (exit 130); unsubscribed listeners hear nothing more', async () => {
  const engine = createEngine().registerModule(noop);
  const heard: RunEvent['type'][] = [];
  const off = engine.subscribe((e) => heard.push(e.type));
  const playbook = write('site.yaml', '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - noop: {}\n');
  const abort = new AbortController();
  abort.abort();
  const report = await engine.run({ playbook, journal: false }, { signal: abort.signal });
  expect(report).toMatchObject({ ran: true, exitCode: 130, error: 'interrupted' });
  expect(heard).toEqual(['run_start', 'run_end']);
  off();
  expect(await engine.run({ playbook, journal: false })).toMatchObject({ ran: true, exitCode: 0 });
  expect(heard).toEqual(['run_start', 'run_end']);
});
