/**
 * The SFTP fast paths of the SSH connector against a real sshd: a stat answered over SFTP must
 * say exactly what the stat script says (the script is the reference: asking for owner names
 * still runs it), uploads sent as one pipelined batch must land whole with the exact mode, and
 * orphaned temp files are still removed when one directory listing serves many destinations.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SshConnector } from '../../../engine/connectors/ssh/ssh-connector';
import { SFTP_CHECKSUM_MAX_BYTES } from '../../../engine/connectors/ssh/sftp-stat';
import { tempPathBeside } from '../../../engine/connectors/temp-files';
import type { FileStat } from '../../../engine/connectors/types';
import { SshdHarness } from '../../harness/sshd';
import { describeWithSshd, testSshConnector, withSshScratch } from '../../harness/ssh-connectors';

/** Counts the commands a connector starts on the host (an SFTP answer starts none); calls through. */
function countCommands(connector: SshConnector): jest.SpyInstance {
  return jest.spyOn(connector as unknown as { run: (...args: unknown[]) => Promise<unknown> }, 'run');
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A deterministic, incompressible-looking buffer of `size` bytes. */
function bytesOf(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, block = 0; offset < size; block++) offset += createHash('sha256').update(`${seed}-${block}`).digest().copy(out, offset);
  return out;
}

/** What both answers must agree on: everything but the owner/group names only the script gives. */
function withoutNames(stat: FileStat): FileStat {
  const { owner: _owner, group: _group, ...rest } = stat;
  return rest;
}

describeWithSshd('SshConnector SFTP transfers', () => {
  let sshd: SshdHarness;
  let connector: SshConnector;
  let scratch: string;

  withSshScratch('kplay-sftp-transfer-', (made) => ({ sshd, connector, scratch } = made));

  describe('stat over SFTP', () => {
    const sizes = [0, 1, 1024, 32 * 1024 - 1, 32 * 1024, 32 * 1024 + 1, 100_000, SFTP_CHECKSUM_MAX_BYTES, SFTP_CHECKSUM_MAX_BYTES + 1];

    test.each(sizes)('a %i-byte file: same mode, size, ids and sha256 as the stat script', async (size) => {
      const path = join(scratch, `sized-${size}`);
      const data = bytesOf(size, `s${size}`);
      writeFileSync(path, data);
      chmodSync(path, 0o640);
      const script = await connector.stat(path, { checksum: true });
      const fast = await connector.stat(path, { checksum: true, accountNames: false });
      expect(script).toMatchObject({ exists: true, isDirectory: false, isSymlink: false, mode: 0o640, size, sha256: sha256(data) });
      expect(typeof script.owner).toBe('string');
      expect(withoutNames(fast)).toEqual(withoutNames(script));
    });

    test('small files and directories are answered without a command on the host; larger files are hashed there', async () => {
      const counting = countCommands(connector);
      try {
        const small = join(scratch, 'small-counted');
        writeFileSync(small, 'small\n');
        const dir = join(scratch, 'dir-counted');
        mkdirSync(dir, { mode: 0o750 });
        chmodSync(dir, 0o750);
        expect(await connector.stat(small, { checksum: true, accountNames: false })).toMatchObject({ sha256: sha256('small\n') });
        expect(await connector.stat(dir, { checksum: true, accountNames: false })).toEqual({
          exists: true,
          isDirectory: true,
          isSymlink: false,
          mode: 0o750,
          size: statSync(dir).size,
          uid: statSync(dir).uid,
          gid: statSync(dir).gid,
        });
        expect(await connector.stat(join(scratch, 'absent-counted'), { checksum: true })).toEqual({ exists: false });
        expect(counting).toHaveBeenCalledTimes(0);
        const large = join(scratch, 'large-counted');
        writeFileSync(large, bytesOf(SFTP_CHECKSUM_MAX_BYTES + 1, 'large'));
        expect(await connector.stat(large, { checksum: true, accountNames: false })).toMatchObject({ sha256: sha256(readFileSync(large)) });
        expect(counting).toHaveBeenCalledTimes(1);
        // Owner names are the script's to give.
        const named = await connector.stat(small, { checksum: true });
        expect([typeof named.owner, typeof named.group]).toEqual(['string', 'string']);
        expect(counting).toHaveBeenCalledTimes(2);
      } finally {
        counting.mockRestore();
      }
    });

    test('expectedSize: another size leaves the checksum out, the same size still computes it', async () => {
      const path = join(scratch, 'expected-size');
      writeFileSync(path, 'twelve bytes');
      const other = await connector.stat(path, { checksum: true, accountNames: false, expectedSize: 13 });
      expect(other).toMatchObject({ exists: true, size: 12 });
      expect(other.sha256).toBeUndefined();
      expect(await connector.stat(path, { checksum: true, accountNames: false, expectedSize: 12 })).toMatchObject({ sha256: sha256('twelve bytes') });
    });

    test('symlinks: followed as the script does; a dangling one is missing', async () => {
      const target = join(scratch, 'link-target');
      writeFileSync(target, 'target\n');
      symlinkSync(target, join(scratch, 'good-link'));
      symlinkSync(join(scratch, 'no-such-target'), join(scratch, 'bad-link'));
      const script = await connector.stat(join(scratch, 'good-link'), { checksum: true });
      const fast = await connector.stat(join(scratch, 'good-link'), { checksum: true, accountNames: false });
      expect(fast).toEqual(script);
      expect(fast).toMatchObject({ isSymlink: true, sha256: sha256('target\n') });
      expect(await connector.stat(join(scratch, 'bad-link'), { checksum: true, accountNames: false })).toEqual({ exists: false });
    });
  });

  describe('uploads', () => {
    const sizes = [0, 1, 32 * 1024, 32 * 1024 + 1, 300_000, 1024 * 1024 + 1];

    test.each(sizes)('%i bytes from memory and from a file land whole, with the exact mode and no temp file', async (size) => {
      const dir = join(scratch, `upload-${size}`);
      mkdirSync(dir);
      const data = bytesOf(size, `u${size}`);
      await connector.put(data, join(dir, 'from-memory'), { mode: 0o751 });
      const local = join(scratch, `local-${size}`);
      writeFileSync(local, data);
      await connector.putFile(local, join(dir, 'from-file'), { mode: 0o4711 });
      expect(readFileSync(join(dir, 'from-memory')).equals(data)).toBe(true);
      expect(readFileSync(join(dir, 'from-file')).equals(data)).toBe(true);
      expect(statSync(join(dir, 'from-memory')).mode & 0o7777).toBe(0o751);
      expect(statSync(join(dir, 'from-file')).mode & 0o7777).toBe(0o4711);
      expect(readdirSync(dir).sort()).toEqual(['from-file', 'from-memory']);
    });

    test('replacing a file keeps readers on the old or the new content (rename), never a mix', async () => {
      const dest = join(scratch, 'replaced');
      writeFileSync(dest, 'old content\n');
      const before = statSync(dest).ino;
      await connector.put('new content\n', dest, { mode: 0o600 });
      expect(readFileSync(dest, 'utf8')).toBe('new content\n');
      expect(statSync(dest).ino).not.toBe(before);
      expect(statSync(dest).mode & 0o7777).toBe(0o600);
    });

    test('an aborted upload writes nothing and leaves no temp file', async () => {
      const dir = join(scratch, 'aborted');
      mkdirSync(dir);
      writeFileSync(join(dir, 'kept'), 'kept\n');
      const controller = new AbortController();
      controller.abort();
      await expect(connector.put('never\n', join(dir, 'kept'), { signal: controller.signal })).rejects.toThrow();
      expect(readFileSync(join(dir, 'kept'), 'utf8')).toBe('kept\n');
      expect(readdirSync(dir)).toEqual(['kept']);
    });

    test('orphaned temp files of every destination in a directory are removed, live ones kept', async () => {
      // A fresh connection: its SFTP session has not listed this directory yet.
      const fresh = testSshConnector(sshd, 0);
      try {
        const dir = join(scratch, 'orphans');
        mkdirSync(dir);
        const a = join(dir, 'a.conf');
        const b = join(dir, 'b.conf');
        const c = join(dir, 'c.conf');
        // Left by a kplay of this controller that is gone (no such pid), by one still running
        // (this test), and by another controller an hour ago.
        const deadPid = (name: string): string => tempPathBeside(name).replace(`-${process.pid}-`, '-999999999-');
        const orphanA = deadPid(a);
        const liveA = tempPathBeside(a);
        const orphanB = deadPid(b);
        const staleC = join(dir, '.c.conf.kplay-tmp-elsewhere-1-0123456789ab');
        for (const path of [orphanA, liveA, orphanB, staleC]) writeFileSync(path, 'partial');
        const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
        utimesSync(staleC, hourAgo, hourAgo);

        await fresh.put('a\n', a);
        expect(existsSync(orphanA)).toBe(false);
        expect(existsSync(liveA)).toBe(true);
        expect(existsSync(orphanB)).toBe(true);
        // b and c were listed with a's directory: their writes still clean up.
        await fresh.put('b\n', b);
        await fresh.put('c\n', c);
        expect(readdirSync(dir).sort()).toEqual([liveA.split('/').pop(), 'a.conf', 'b.conf', 'c.conf'].sort());
      } finally {
        await fresh.close();
      }
    });
  });
});
