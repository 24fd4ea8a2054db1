/**
 * SSH put creates missing parent directories only when the upload finds them missing (it no longer
 * runs `mkdir -p` before every upload); the outcomes must be those of the old eager behaviour.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SshConnector } from '../../../engine/connectors/ssh/ssh-connector';
import { SshdHarness, startSshd } from '../../harness/sshd';
import { describeWithSshd, testSshConnector } from '../../harness/ssh-connectors';

describeWithSshd('SshConnector.put and missing parent directories', () => {
  let sshd: SshdHarness;
  let connector: SshConnector;
  let scratch: string;

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 1 });
    connector = testSshConnector(sshd, 0);
    scratch = mkdtempSync(join(tmpdir(), 'kplay-ssh-parents-'));
    chmodSync(scratch, 0o755);
  });
  afterAll(async () => {
    await connector?.close();
    await sshd?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

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
});
