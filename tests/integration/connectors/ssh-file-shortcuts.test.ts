/**
 * Shortcuts of the SSH connector that save a shell session per file: put creates missing parent
 * directories only when the upload finds them missing, and stat answers "missing" from one SFTP
 * request. The outcomes must be exactly those of the stat script / eager `mkdir -p`.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { SshConnector } from '../../../engine/connectors/ssh/ssh-connector';
import { describeWithSshd, withSshScratch } from '../../harness/ssh-connectors';

describeWithSshd('SshConnector put/stat shortcuts', () => {
  let connector: SshConnector;
  let scratch: string;

  withSshScratch('kplay-ssh-parents-', (made) => ({ connector, scratch } = made));

  test('creates every missing parent, then writes the exact content and mode', async () => {
    const dest = join(scratch, 'a', 'b', 'c', 'file.txt');
    await connector.put('nested\n', dest, { mode: 0o640 });
    expect(readFileSync(dest, 'utf8')).toBe('nested\n');
    expect(statSync(dest).mode & 0o7777).toBe(0o640);
    expect(readdirSync(join(scratch, 'a', 'b', 'c'))).toEqual(['file.txt']);
  });

  test('an existing directory is written into directly, also from a controller file', async () => {
    const local = join(scratch, 'local-source');
    writeFileSync(local, 'from file\n');
    const dest = join(scratch, 'a', 'second.txt');
    await connector.putFile(local, dest);
    await connector.putFile(local, dest);
    expect(readFileSync(dest, 'utf8')).toBe('from file\n');
    expect(readdirSync(join(scratch, 'a')).sort()).toEqual(['b', 'second.txt']);
  });

  test('createParents: false leaves a missing directory missing and fails', async () => {
    const dest = join(scratch, 'absent', 'file.txt');
    await expect(connector.put('x', dest, { createParents: false })).rejects.toThrow(/writing .*absent\/file\.txt/);
    expect(existsSync(join(scratch, 'absent'))).toBe(false);
  });

  test('a parent that is a regular file fails with the mkdir error and writes nothing', async () => {
    writeFileSync(join(scratch, 'plain'), 'not a directory');
    await expect(connector.put('x', join(scratch, 'plain', 'file.txt'))).rejects.toThrow(/creating .*plain.*(Not a directory|File exists)/);
    expect(readFileSync(join(scratch, 'plain'), 'utf8')).toBe('not a directory');
  });

  test('stat: missing paths (absent, under a missing dir, under a file, dangling link) are missing', async () => {
    writeFileSync(join(scratch, 'file-parent'), 'x');
    symlinkSync(join(scratch, 'nowhere'), join(scratch, 'dangling'));
    for (const path of ['absent', 'no/such/dir/f', 'file-parent/child', 'dangling']) {
      expect(await connector.stat(join(scratch, path), { checksum: true })).toEqual({ exists: false });
    }
  });

  test('stat: existing files, links and directories still get mode, size, owner and sha256', async () => {
    const file = join(scratch, 'present.txt');
    writeFileSync(file, 'present\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    symlinkSync(file, join(scratch, 'link-to-present'));
    mkdirSync(join(scratch, 'dir'));
    const sha256 = createHash('sha256').update('present\n').digest('hex');
    expect(await connector.stat(file, { checksum: true })).toMatchObject({ exists: true, isDirectory: false, mode: 0o600, size: 8, sha256 });
    expect(await connector.stat(join(scratch, 'link-to-present'), { checksum: true })).toMatchObject({ exists: true, isSymlink: true, sha256 });
    expect(await connector.stat(join(scratch, 'dir'))).toMatchObject({ exists: true, isDirectory: true });
  });
});
