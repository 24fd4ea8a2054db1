import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalConnector } from './local-connector';

const isRoot = process.getuid?.() === 0;

describe('LocalConnector', () => {
  let dir: string;
  const connector = new LocalConnector('localhost');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-local-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('exec reports rc, stdout and stderr separately and untrimmed', async () => {
    const result = await connector.exec("printf ' out \\n'; printf 'err\\n' >&2; exit 7");
    expect(result).toMatchObject({ rc: 7, stdout: ' out \n', stderr: 'err\n' });
    expect(result.timedOut).toBeUndefined();
  });

  test('exec applies cwd, env (quoted literally) and stdin, and streams output', async () => {
    const chunks: string[] = [];
    const result = await connector.exec('pwd; printf "%s|" "$GREETING"; cat', {
      cwd: dir,
      env: { GREETING: "it's $HOME `x`" },
      stdin: 'from stdin',
      onStdout: (chunk) => chunks.push(chunk.toString()),
    });
    expect(result.stdout).toBe(`${dir}\nit's $HOME \`x\`|from stdin`);
    expect(chunks.join('')).toBe(result.stdout);
  });

  test('a missing cwd fails the command instead of running elsewhere', async () => {
    const result = await connector.exec('echo ran', { cwd: join(dir, 'nope') });
    expect(result.rc).not.toBe(0);
    expect(result.stdout).toBe('');
  });

  test('timeout kills the whole process group', async () => {
    const marker = join(dir, 'survived');
    const result = await connector.exec(`(sleep 1; touch ${marker}) & sleep 5`, { timeoutMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(() => statSync(marker)).toThrow();
  });

  test('abort signal stops a running command', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(connector.exec('sleep 5', { signal: controller.signal })).rejects.toThrow('aborted');
  });

  test('put is atomic with exact mode, leaves no temp files, and get/getFile/stat round-trip', async () => {
    const content = Buffer.from(Array.from({ length: 70000 }, (_, i) => (i * 7) % 256));
    const dest = join(dir, 'a', 'b', 'blob.bin');
    await connector.put(content, dest, { mode: 0o751 });
    expect(statSync(dest).mode & 0o7777).toBe(0o751);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['blob.bin']);
    expect((await connector.get(dest)).equals(content)).toBe(true);
    const copy = join(dir, 'copy.bin');
    await connector.getFile(dest, copy);
    expect(readFileSync(copy).equals(content)).toBe(true);
    const info = await connector.stat(dest, { checksum: true });
    expect(info).toMatchObject({ exists: true, isDirectory: false, isSymlink: false, mode: 0o751, size: 70000 });
    expect(info.sha256).toBe(createHash('sha256').update(content).digest('hex'));
  });

  test('putFile replaces an existing file and stat reports symlinks and missing paths', async () => {
    const source = join(dir, 'src.txt');
    writeFileSync(source, 'new');
    const dest = join(dir, 'dest.txt');
    writeFileSync(dest, 'old');
    await connector.putFile(source, dest, { mode: 0o600 });
    expect(readFileSync(dest, 'utf8')).toBe('new');
    symlinkSync(dest, join(dir, 'link'));
    expect(await connector.stat(join(dir, 'link'))).toMatchObject({ exists: true, isSymlink: true, size: 3 });
    expect(await connector.stat(join(dir, 'missing'))).toEqual({ exists: false });
  });

  (isRoot ? test : test.skip)('become to another user runs as that user (root needs no password)', async () => { // skip reason: needs root (CI runs as root)
    const nobody = await connector.exec('id -un', { become: { method: 'sudo', user: 'nobody' } });
    expect(nobody).toMatchObject({ rc: 0, stdout: 'nobody\n', stderr: '' });
    const viaSu = await connector.exec('id -un; cat', { become: { method: 'su', user: 'nobody' }, stdin: 'piped' });
    expect(viaSu).toMatchObject({ rc: 0, stdout: 'nobody\npiped' });
    const direct = await connector.exec('id -un', { become: { method: 'sudo', user: 'root' } });
    expect(direct.stdout).toBe('root\n');
  });

  (isRoot ? test : test.skip)('privileged put through sudo honours owner, group and mode', async () => { // skip reason: chown needs root (CI runs as root)
    const dest = join(dir, 'owned.txt');
    // nobody cannot write into a root-owned 0700 temp dir: the failure must be clean.
    await expect(connector.put('x', dest, { become: { method: 'sudo', user: 'nobody' }, mode: 0o640 })).rejects.toThrow(
      /writing .*owned\.txt failed/,
    );
    expect(readdirSync(dir)).toEqual([]);
    await connector.put('y', dest, { owner: 'nobody', group: 'nogroup', mode: 0o604 });
    const info = await connector.stat(dest);
    expect(info).toMatchObject({ owner: 'nobody', group: 'nogroup', mode: 0o604 });
  });
});
