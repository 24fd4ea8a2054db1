/**
 * kplay as a library, reached the way a program that installed it reaches it: the package is
 * built into node_modules/kplay of a scratch directory and required by name, so `exports`,
 * `main`/`types` and the emitted declarations are what is tested.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../engine/core/package-root';

const root = packageRoot();
let scratch: string;

function node(script: string): string {
  return execFileSync(process.execPath, [script], { cwd: scratch, encoding: 'utf8' });
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kplay-library-'));
  const installed = join(scratch, 'node_modules', 'kplay');
  mkdirSync(installed, { recursive: true });
  copyFileSync(join(root, 'package.json'), join(installed, 'package.json'));
  // What an installed kplay carries besides dist/: its schemas, and its dependencies.
  symlinkSync(join(root, 'schemas'), join(installed, 'schemas'));
  symlinkSync(join(root, 'node_modules'), join(installed, 'node_modules'));
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(installed, 'dist')], { stdio: 'inherit' });
}, 300_000);

afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

const PLAYBOOK = `- name: library run
  hosts: localhost
  gather_facts: false
  vars:
    greeting: hello
  tasks:
    - name: say it
      command: echo {{ .greeting }} from a library
      register: said
    - name: shout it
      shout:
        msg: "{{ .said.stdout }}"
`;

const CONSUMER = `
const { createEngine, ExitCode } = require('kplay');
const { builtinModules } = require('kplay/builtin-modules');

const engine = createEngine().registerModules(builtinModules);
engine.registerModule({
  name: 'shout',
  checkMode: 'full',
  summary: 'upper-cases its msg',
  run: async (ctx) => ({ changed: false, msg: ctx.renderValue(ctx.args).msg.toUpperCase() }),
});
const events = [];
const unsubscribe = engine.subscribe((event) => {
  events.push(event.type === 'host_result' ? [event.type, event.task.task, event.result.status, event.result.msg ?? event.result.stdout] : [event.type]);
});
(async () => {
  const report = await engine.run({ playbook: 'site.yaml', workDir: 'journal' });
  unsubscribe();
  const broken = await engine.run({ playbook: 'broken.yaml', journal: false });
  process.stdout.write(JSON.stringify({
    ran: report.ran,
    exitCode: report.exitCode,
    ok: ExitCode.ok,
    stats: report.stats,
    journal: typeof report.journalFile,
    events,
    broken: { ran: broken.ran, exitCode: broken.exitCode, messages: broken.load.diagnostics.map((d) => d.pos.file.split('/').pop() + ':' + d.pos.line + ': ' + d.message) },
  }));
})();
`;

const TYPED_CONSUMER = `
import { createEngine, type ModuleDefinition, type RunEvent, type RunReport } from 'kplay';
import { builtinModules } from 'kplay/builtin-modules';

const echo: ModuleDefinition = { name: 'echo2', checkMode: 'full', summary: 'x', run: async () => ({ changed: false }) };
const engine = createEngine().registerModules(builtinModules).registerModule(echo);
const off: () => void = engine.subscribe((event: RunEvent) => void event.type);
const pending: Promise<RunReport> = engine.run({ playbook: 'site.yaml', check: true, tags: ['a'] });
void pending;
off();
`;

test('a program requires kplay by name, registers a module and runs a playbook with events', () => {
  writeFileSync(join(scratch, 'site.yaml'), PLAYBOOK);
  writeFileSync(join(scratch, 'broken.yaml'), '- hosts: localhost\n  tasks:\n    - nosuchmodule: {}\n');
  writeFileSync(join(scratch, 'consumer.js'), CONSUMER);
  const out = JSON.parse(node('consumer.js')) as {
    ran: boolean;
    exitCode: number;
    ok: number;
    stats: Record<string, { ok: number; changed: number; failed: number }>;
    journal: string;
    events: unknown[][];
    broken: { ran: boolean; exitCode: number; messages: string[] };
  };
  expect(out).toMatchObject({ ran: true, exitCode: 0, ok: 0, journal: 'string' });
  // Ansible's recap: ok counts the changed command too (engine/executor/stats.ts).
  expect(out.stats.localhost).toMatchObject({ ok: 2, changed: 1, failed: 0 });
  expect(out.events).toEqual([
    ['run_start'],
    ['play_start'],
    ['task_start'],
    ['host_result', 'say it', 'changed', 'hello from a library\n'],
    ['task_end'],
    ['task_start'],
    ['host_result', 'shout it', 'ok', 'HELLO FROM A LIBRARY'],
    ['task_end'],
    ['play_end'],
    ['run_end'],
  ]);
  // Nothing ran, and the problem comes back with its position instead of being printed.
  expect(out.broken.ran).toBe(false);
  expect(out.broken.exitCode).toBe(4);
  expect(out.broken.messages.join('\n')).toMatch(/^broken\.yaml:3: .*nosuchmodule/m);
});

test('the declarations type-check a TypeScript consumer that imports kplay by name', () => {
  writeFileSync(join(scratch, 'consumer.ts'), TYPED_CONSUMER);
  const tsc = require.resolve('typescript/bin/tsc');
  const args = ['--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--typeRoots', join(root, 'node_modules', '@types'), '--types', 'node', 'consumer.ts'];
  // tsc prints its errors on stdout; a failure shows them in the thrown error.
  expect(() => execFileSync(process.execPath, [tsc, ...args], { cwd: scratch, encoding: 'utf8' })).not.toThrow();
}, 120_000);
