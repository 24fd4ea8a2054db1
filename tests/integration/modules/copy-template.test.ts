/**
 * copy and template against real connectors: the local connector on temp dirs and the SSH
 * connector against a throw-away sshd on loopback (the "host" is this machine, so results are
 * checked directly on disk).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyModule } from '../../../builtin-modules/copy';
import { templateModule } from '../../../builtin-modules/template';
import { LocalConnector } from '../../../engine/connectors/local/local-connector';
import type { Connector } from '../../../engine/connectors/types';
import type { GoValue } from '../../../engine/core/values';
import { SshdHarness, startSshd, sshdAvailable } from '../../harness/sshd';
import { testSshConnector } from '../../harness/ssh-connectors';
import { CountingConnector, runModule, testContext, treeListing } from './module-context';

interface Fixture {
  project: string;
  hostDir: string;
}

function makeProject(root: string): string {
  const project = join(root, 'role');
  mkdirSync(join(project, 'files', 'tree', 'sub'), { recursive: true });
  mkdirSync(join(project, 'templates', 'conf.d'), { recursive: true });
  writeFileSync(join(project, 'files', 'motd.txt'), 'welcome\n');
  writeFileSync(join(project, 'files', 'tool.sh'), '#!/bin/sh\necho tool\n', { mode: 0o755 });
  chmodSync(join(project, 'files', 'tool.sh'), 0o755);
  writeFileSync(join(project, 'files', 'tree', 'a.conf'), 'a=1\n');
  writeFileSync(join(project, 'files', 'tree', 'sub', 'b.bin'), Buffer.from([0, 1, 2, 3]));
  writeFileSync(join(project, 'files', 'tree', 'sub', 'run.sh'), 'echo run\n', { mode: 0o750 });
  chmodSync(join(project, 'files', 'tree', 'sub', 'run.sh'), 0o750);
  writeFileSync(join(project, 'templates', 'app.yaml.tpl'), 'name: {{ .app_name }}\nport: {{ .port | default 8080 }}\nhost: {{ .inventory_hostname }}\n');
  writeFileSync(join(project, 'templates', 'bytes.tpl'), 'key: {{ .key_b64 | b64dec }}\ncut: {{ substr 0 1 "é" }}\n');
  writeFileSync(join(project, 'templates', 'broken.tpl'), 'line one\nline {{ .app_name | nosuchfunc }}\n');
  writeFileSync(join(project, 'templates', 'conf.d', 'one.conf'), 'one={{ .app_name }}\n');
  writeFileSync(join(project, 'templates', 'conf.d', 'plain.txt'), 'no template here: {{ only opening\n');
  return project;
}

function fileModuleSuite(label: string, connect: () => Promise<Connector>): void {
  describe(`copy/template over ${label}`, () => {
    let scratch: string;
    let fx: Fixture;
    let real: Connector;
    let counting: CountingConnector;

    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'kplay-copy-'));
      chmodSync(scratch, 0o755);
      real = await connect();
    });
    afterAll(async () => {
      await real.close();
      rmSync(scratch, { recursive: true, force: true });
    });
    beforeEach(() => {
      const root = mkdtempSync(join(scratch, 'case-'));
      fx = { project: makeProject(root), hostDir: join(root, 'host') };
      mkdirSync(fx.hostDir);
      counting = new CountingConnector(real);
    });

    const run = (module: typeof copyModule, args: GoValue, extra: { checkMode?: boolean; diffMode?: boolean; vars?: Record<string, GoValue> } = {}) =>
      runModule(module, testContext({ args, connector: counting, baseDir: fx.project, module: module.name, ...extra }));

    test('content: creates the file (0644), then reports ok without transferring again', async () => {
      const dest = join(fx.hostDir, 'etc', 'app.conf');
      const first = await run(copyModule, { content: 'greeting: {{ .greeting }}\n', dest }, { vars: { greeting: 'hi' } });
      expect(first).toMatchObject({ changed: true, stdout: 'success' });
      expect(readFileSync(dest, 'utf8')).toBe('greeting: hi\n');
      expect(statSync(dest).mode & 0o7777).toBe(0o644);
      const putsAfterFirst = counting.puts;
      const mtime = statSync(dest).mtimeMs;
      const second = await run(copyModule, { content: 'greeting: {{ .greeting }}\n', dest }, { vars: { greeting: 'hi' } });
      expect(second.changed).toBe(false);
      expect(second.failed).toBeFalsy();
      expect(counting.puts).toBe(putsAfterFirst);
      expect(statSync(dest).mtimeMs).toBe(mtime);
    });

    test('src from files/ with a string mode: applied exactly; a mode-only change does not re-transfer', async () => {
      const dest = join(fx.hostDir, 'motd');
      expect(await run(copyModule, { src: 'motd.txt', dest, mode: '0600' })).toMatchObject({ changed: true, data: { mode: '0600' } });
      expect(statSync(dest).mode & 0o7777).toBe(0o600);
      expect(counting.puts).toBe(1);
      const again = await run(copyModule, { src: 'motd.txt', dest, mode: 0o640 });
      expect(again).toMatchObject({ changed: true });
      expect(again.msg).toContain('mode 0600 -> 0640');
      expect(counting.puts).toBe(1);
      expect(statSync(dest).mode & 0o7777).toBe(0o640);
      expect((await run(copyModule, { src: 'motd.txt', dest, mode: 0o640 })).changed).toBe(false);
    });

    test('content is compared by sha256 whatever the size: same size other bytes, other size, equal; no command on the host', async () => {
      const dest = join(fx.hostDir, 'compared.txt');
      writeFileSync(dest, 'welcomE\n');
      const sameSize = await run(copyModule, { src: 'motd.txt', dest, mode: 0o644 });
      expect(sameSize).toMatchObject({ changed: true });
      expect(sameSize.msg).toContain('content');
      expect(readFileSync(dest, 'utf8')).toBe('welcome\n');
      writeFileSync(dest, 'welcome\nand more\n');
      expect((await run(copyModule, { src: 'motd.txt', dest, mode: 0o644 })).changed).toBe(true);
      expect(readFileSync(dest, 'utf8')).toBe('welcome\n');
      const mtime = statSync(dest).mtimeMs;
      expect((await run(copyModule, { src: 'motd.txt', dest, mode: 0o644 })).changed).toBe(false);
      expect((await run(templateModule, { src: 'app.yaml.tpl', dest: join(fx.hostDir, 'app.yaml') }, { vars: { app_name: 'x' } })).changed).toBe(true);
      expect((await run(templateModule, { src: 'app.yaml.tpl', dest: join(fx.hostDir, 'app.yaml') }, { vars: { app_name: 'x' } })).changed).toBe(false);
      expect(statSync(dest).mtimeMs).toBe(mtime);
      expect(counting.puts).toBe(3);
      expect(counting.execs).toBe(0);
    });

    test('without mode a source file keeps its own mode; dest ending in / means into that directory', async () => {
      const result = await run(copyModule, { src: 'tool.sh', dest: `${fx.hostDir}/bin/` });
      expect(result.changed).toBe(true);
      const dest = join(fx.hostDir, 'bin', 'tool.sh');
      expect(readFileSync(dest, 'utf8')).toContain('echo tool');
      expect(statSync(dest).mode & 0o7777).toBe(0o755);
      // An existing directory without the slash also means "into it".
      expect((await run(copyModule, { src: 'tool.sh', dest: join(fx.hostDir, 'bin') })).changed).toBe(false);
    });

    test('directories are copied recursively, each file idempotent on its own', async () => {
      const dest = join(fx.hostDir, 'opt', 'tree');
      const first = await run(copyModule, { src: 'tree', dest });
      expect(first.changed).toBe(true);
      expect(readFileSync(join(dest, 'a.conf'), 'utf8')).toBe('a=1\n');
      expect(readFileSync(join(dest, 'sub', 'b.bin'))).toEqual(Buffer.from([0, 1, 2, 3]));
      expect(statSync(join(dest, 'sub', 'run.sh')).mode & 0o7777).toBe(0o750);
      expect(counting.puts).toBe(3);
      const second = await run(copyModule, { src: 'tree', dest });
      expect(second.changed).toBe(false);
      expect(counting.puts).toBe(3);
      writeFileSync(join(fx.project, 'files', 'tree', 'a.conf'), 'a=2\n');
      const third = await run(copyModule, { src: 'tree', dest }, { diffMode: true });
      expect(third.changed).toBe(true);
      expect(counting.puts).toBe(4);
      expect(third.data).toMatchObject({ changed_files: [join(dest, 'a.conf')] });
      expect(third.diff?.[0].text).toContain('0 new, 1 changed, 2 unchanged');
      expect(third.diff?.[1].text).toContain('-a=1\n+a=2\n');
    });

    test('mode on a directory copy applies to the destination directory (KubeKey rule)', async () => {
      const dest = join(fx.hostDir, 'modedir');
      await run(copyModule, { src: 'tree', dest, mode: 0o700 });
      expect(statSync(dest).mode & 0o7777).toBe(0o700);
      expect(statSync(join(dest, 'a.conf')).mode & 0o7777).toBe(0o644);
      expect((await run(copyModule, { src: 'tree', dest, mode: 0o700 })).changed).toBe(false);
    });

    test('backup keeps the previous content as dest.<timestamp>~', async () => {
      const dest = join(fx.hostDir, 'cfg');
      writeFileSync(dest, 'old\n');
      const result = await run(copyModule, { content: 'new\n', dest, backup: true });
      expect(result.changed).toBe(true);
      const backup = result.data?.backup_file;
      expect(typeof backup).toBe('string');
      expect(backup as string).toMatch(/\/cfg\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/);
      expect(readFileSync(backup as string, 'utf8')).toBe('old\n');
      expect(readFileSync(dest, 'utf8')).toBe('new\n');
    });

    test('owner and group are applied and compared', async () => {
      const dest = join(fx.hostDir, 'owned');
      const args = { content: 'x\n', dest, owner: 'nobody', group: 'nogroup' };
      expect((await run(copyModule, args)).changed).toBe(true);
      const info = statSync(dest);
      expect(info.uid).toBe(65534);
      expect(info.gid).toBe(65534);
      expect((await run(copyModule, args)).changed).toBe(false);
      const back = await run(copyModule, { ...args, owner: 'root', group: '0' });
      expect(back.msg).toContain('owner nobody -> root');
      expect(statSync(dest).uid).toBe(0);
      expect(statSync(dest).gid).toBe(0);
    });

    test('a missing src names the path that was looked at', async () => {
      const result = await run(copyModule, { src: 'nope.txt', dest: join(fx.hostDir, 'x') });
      expect(result.failed).toBe(true);
      expect(result.msg).toContain(join(fx.project, 'files', 'nope.txt'));
      const neither = await run(copyModule, { dest: join(fx.hostDir, 'x') });
      expect(neither.msg).toContain('either "src" or "content" must be provided');
    });

    test('check mode writes nothing, reports what would change with a diff, and the real run agrees', async () => {
      writeFileSync(join(fx.hostDir, 'existing.conf'), 'a=0\n');
      const tasks: Array<[typeof copyModule, Record<string, GoValue>]> = [
        [copyModule, { content: 'new file\n', dest: join(fx.hostDir, 'deep', 'new.txt') }],
        [copyModule, { src: 'tree/a.conf', dest: join(fx.hostDir, 'existing.conf'), backup: true }],
        [copyModule, { src: 'tree', dest: join(fx.hostDir, 'tree'), mode: 0o711 }],
        [templateModule, { src: 'app.yaml.tpl', dest: join(fx.hostDir, 'app.yaml') }],
      ];
      const vars = { app_name: 'demo' };
      const before = treeListing(fx.hostDir);
      const checked = [];
      for (const [module, args] of tasks) checked.push(await run(module, args, { checkMode: true, diffMode: true, vars }));
      expect(treeListing(fx.hostDir)).toEqual(before);
      expect(counting.puts).toBe(0);
      expect(checked.map((r) => r.changed)).toEqual([true, true, true, true]);
      expect(checked[0].diff?.[0].text).toBe(`--- /dev/null\n+++ after: ${join(fx.hostDir, 'deep', 'new.txt')}\n@@ -0,0 +1 @@\n+new file\n`);
      expect(checked[1].diff?.[0].text).toContain('-a=0\n+a=1\n');
      expect(checked[2].diff?.[0].text).toContain('3 new, 0 changed, 0 unchanged');
      expect(checked[3].diff?.[0].text).toContain('+name: demo\n');
      const realRun = [];
      for (const [module, args] of tasks) realRun.push(await run(module, args, { vars }));
      expect(realRun.map((r) => r.changed)).toEqual([true, true, true, true]);
      const afterReal = treeListing(fx.hostDir);
      const secondCheck = [];
      for (const [module, args] of tasks) secondCheck.push(await run(module, args, { checkMode: true, diffMode: true, vars }));
      expect(secondCheck.map((r) => r.changed)).toEqual([false, false, false, false]);
      expect(treeListing(fx.hostDir)).toEqual(afterReal);
    });

    test('template renders with host variables and is idempotent', async () => {
      const dest = join(fx.hostDir, 'app.yaml');
      const vars = { app_name: 'demo', port: 9000 };
      const first = await run(templateModule, { src: 'app.yaml.tpl', dest, mode: '0640' }, { vars });
      expect(first.changed).toBe(true);
      expect(readFileSync(dest, 'utf8')).toBe('name: demo\nport: 9000\nhost: node1\n');
      expect(statSync(dest).mode & 0o7777).toBe(0o640);
      expect((await run(templateModule, { src: 'app.yaml.tpl', dest, mode: '0640' }, { vars })).changed).toBe(false);
      expect(counting.puts).toBe(1);
      const changedVars = await run(templateModule, { src: 'app.yaml.tpl', dest, mode: '0640' }, { vars: { app_name: 'other' }, diffMode: true });
      expect(changedVars.diff?.[0].text).toContain('-name: demo\n-port: 9000\n+name: other\n+port: 8080\n');
    });

    test('template writes output that is not UTF-8 byte for byte, as Go does', async () => {
      const dest = join(fx.hostDir, 'bytes.conf');
      const result = await run(templateModule, { src: 'bytes.tpl', dest }, { vars: { key_b64: Buffer.from([0x00, 0xff, 0x80]).toString('base64') } });
      expect(result.changed).toBe(true);
      const expected = Buffer.concat([Buffer.from('key: '), Buffer.from([0x00, 0xff, 0x80]), Buffer.from('\ncut: '), Buffer.from([0xc3]), Buffer.from('\n')]);
      expect(readFileSync(dest).equals(expected)).toBe(true);
    });

    test('template directory: every file rendered into dest/<relative path>; text without {{ }} left alone', async () => {
      const dest = join(fx.hostDir, 'conf');
      const result = await run(templateModule, { src: 'conf.d', dest }, { vars: { app_name: 'demo' } });
      expect(result.changed).toBe(true);
      expect(readFileSync(join(dest, 'one.conf'), 'utf8')).toBe('one=demo\n');
      expect(readFileSync(join(dest, 'plain.txt'), 'utf8')).toBe('no template here: {{ only opening\n');
    });

    test('template errors name the template file, line, column and host, and write nothing', async () => {
      const dest = join(fx.hostDir, 'broken');
      const result = await run(templateModule, { src: 'broken.tpl', dest }, { vars: { app_name: 'x' } });
      expect(result.failed).toBe(true);
      expect(result.msg).toContain(`${join(fx.project, 'templates', 'broken.tpl')}:2:`);
      expect(result.msg).toContain("nosuchfunc");
      expect(result.msg).toContain('host node1');
      expect(existsSync(dest)).toBe(false);
      expect(readdirSync(fx.hostDir)).toEqual([]);
    });
  });
}

fileModuleSuite('the local connector', () => Promise.resolve(new LocalConnector('node1')));

if (sshdAvailable()) {
  let sshd: SshdHarness | undefined;
  beforeAll(async () => {
    sshd = await startSshd({ hosts: 1, users: true });
  }, 120_000);
  afterAll(async () => {
    await sshd?.stop();
  });
  fileModuleSuite('SSH', async () => {
    if (sshd === undefined) throw new Error('sshd did not start');
    const connector = testSshConnector(sshd, 0);
    await connector.connect();
    return connector;
  });

  const asRoot = process.getuid?.() === 0 ? test : test.skip;
  asRoot('copy with become over SSH: an unprivileged login writes a root-only file, idempotently', async () => {
    if (sshd?.becomeUser === undefined) throw new Error('the harness made no become user');
    const user = testSshConnector(sshd, 0, { user: sshd.becomeUser.name });
    const counting = new CountingConnector(user);
    const become = { method: 'sudo' as const, user: 'root', password: sshd.becomeUser.password };
    const rootOnly = mkdtempSync(join(tmpdir(), 'kplay-rootonly-'));
    chmodSync(rootOnly, 0o700);
    const dest = join(rootOnly, 'secret.conf');
    const args = { content: 'token: abc\n', dest, mode: 0o600, owner: 'root', group: 'root' };
    try {
      const ctx = () => testContext({ args, connector: counting, module: 'copy', become });
      expect((await runModule(copyModule, ctx())).changed).toBe(true);
      expect(readFileSync(dest, 'utf8')).toBe('token: abc\n');
      expect(statSync(dest)).toMatchObject({ uid: 0, gid: 0 });
      const second = await runModule(copyModule, ctx());
      expect(second).toMatchObject({ changed: false });
      expect(counting.puts).toBe(1);
      const denied = await runModule(copyModule, testContext({ args, connector: counting, module: 'copy' }));
      expect(denied.failed).toBe(true);
    } finally {
      await user.close();
      rmSync(rootOnly, { recursive: true, force: true });
    }
  });
} else {
  console.warn('skipping copy/template over SSH: /usr/sbin/sshd is not installed');
}
