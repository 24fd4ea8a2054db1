import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnownHosts, fingerprintOf, keyTypeOf } from './known-hosts';

function keyBlob(type: string, body: Buffer): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, body]);
}

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('KnownHosts', () => {
  let dir: string;
  const keyA = keyBlob('ssh-ed25519', Buffer.alloc(36, 1));
  const keyB = keyBlob('ssh-ed25519', Buffer.alloc(36, 2));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-kh-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('key type and fingerprint', () => {
    expect(keyTypeOf(keyA)).toBe('ssh-ed25519');
    expect(fingerprintOf(keyA)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  test('hashed and [host]:port entries in a read-only file match; other ports do not', async () => {
    const readOnly = join(dir, 'ssh_known_hosts');
    writeFileSync(readOnly, `# comment\n${hashed('[10.0.0.9]:2222')} ssh-ed25519 ${keyA.toString('base64')}\nweb*,!web9 ssh-ed25519 ${keyA.toString('base64')}\n`);
    const store = new KnownHosts({ writableFile: join(dir, 'kplay', 'known_hosts'), readOnlyFiles: [readOnly] });
    expect(await store.check('10.0.0.9', 2222, keyA)).toEqual({ status: 'match' });
    expect(await store.check('10.0.0.9', 22, keyA)).toEqual({ status: 'unknown' });
    expect(await store.check('web1', 22, keyA)).toEqual({ status: 'match' });
    expect(await store.check('web9', 22, keyA)).toEqual({ status: 'unknown' });
    const changed = await store.check('10.0.0.9', 2222, keyB);
    expect(changed).toMatchObject({ status: 'changed', file: readOnly, line: 2, knownFingerprint: fingerprintOf(keyA) });
  });

  test('record appends atomically, concurrent records keep every line', async () => {
    const file = join(dir, 'kplay', 'known_hosts');
    const store = new KnownHosts({ writableFile: file, readOnlyFiles: [] });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.record(`10.1.0.${i}`, 22, keyA)));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(20);
    expect(lines).toContain(`10.1.0.7 ssh-ed25519 ${keyA.toString('base64')}`);
    expect(await store.check('10.1.0.7', 22, keyA)).toEqual({ status: 'match' });
    await store.record('h', 2200, keyB);
    expect(readFileSync(file, 'utf8')).toContain(`[h]:2200 ssh-ed25519 ${keyB.toString('base64')}`);
  });

  test('a host known only by another key type is "changed", naming the recorded type', async () => {
    const file = join(dir, 'known_hosts');
    const rsa = keyBlob('ssh-rsa', Buffer.alloc(64, 3));
    writeFileSync(file, `h1 ssh-rsa ${rsa.toString('base64')}\n`);
    const store = new KnownHosts({ writableFile: file, readOnlyFiles: [] });
    expect(await store.check('h1', 22, keyA)).toEqual({
      status: 'changed',
      file,
      line: 1,
      knownFingerprint: fingerprintOf(rsa),
      knownKeyType: 'ssh-rsa',
    });
    expect(await store.check('h2', 22, keyA)).toEqual({ status: 'unknown' });
  });

  test('plain names match case-blind, mixed entries still honour their wildcards and negations, and file order decides', async () => {
    const file = join(dir, 'known_hosts');
    writeFileSync(
      file,
      [
        `db*,!db9 ssh-ed25519 ${keyB.toString('base64')}`,
        `DB1,10.0.0.1 ssh-ed25519 ${keyA.toString('base64')}`,
        `db9,web* ssh-ed25519 ${keyA.toString('base64')}`,
        '',
      ].join('\n'),
    );
    const store = new KnownHosts({ writableFile: file, readOnlyFiles: [] });
    // db1 matches line 1 (wildcard, key B) and line 2 (plain, key A): A matches, and the first
    // conflicting line in file order is named when the key is neither.
    expect(await store.check('db1', 22, keyA)).toEqual({ status: 'match' });
    const keyC = keyBlob('ssh-ed25519', Buffer.alloc(36, 4));
    expect(await store.check('db1', 22, keyC)).toMatchObject({ status: 'changed', line: 1, knownFingerprint: fingerprintOf(keyB) });
    expect(await store.check('10.0.0.1', 22, keyA)).toEqual({ status: 'match' });
    expect(await store.check('db9', 22, keyB)).toMatchObject({ status: 'changed', line: 3 });
    expect(await store.check('web7', 22, keyA)).toEqual({ status: 'match' });
    expect(await store.check('db10', 22, keyB)).toEqual({ status: 'match' });
  });

  test('a file edited between two checks is read again', async () => {
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `h1 ssh-ed25519 ${keyA.toString('base64')}\n`);
    const store = new KnownHosts({ writableFile: join(dir, 'kplay', 'known_hosts'), readOnlyFiles: [file] });
    expect(await store.check('h1', 22, keyB)).toMatchObject({ status: 'changed' });
    expect(await store.check('h2', 22, keyB)).toEqual({ status: 'unknown' });
    writeFileSync(file, `h1 ssh-ed25519 ${keyB.toString('base64')}\nh2 ssh-ed25519 ${keyB.toString('base64')}\n`);
    expect(await store.check('h1', 22, keyB)).toEqual({ status: 'match' });
    expect(await store.check('h2', 22, keyB)).toEqual({ status: 'match' });
  });

  test('a store that does not persist keeps accepted keys in memory and writes nothing', async () => {
    const file = join(dir, 'kplay', 'known_hosts');
    const store = new KnownHosts({ writableFile: file, readOnlyFiles: [], persist: false });
    await store.record('h', 22, keyA);
    expect(existsSync(file)).toBe(false);
    expect(await store.check('h', 22, keyA)).toEqual({ status: 'match' });
    expect(await store.check('h', 22, keyB)).toMatchObject({ status: 'changed', knownFingerprint: fingerprintOf(keyA) });
    expect(store.keptInMemory).toEqual([`h ssh-ed25519 ${keyA.toString('base64')}`]);
  });
});
