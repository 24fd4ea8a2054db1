import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchDestination, fetchModule } from '../../../builtin-modules/fetch';
import { LocalConnector } from '../../../engine/connectors/local/local-connector';
import type { Connector } from '../../../engine/connectors/types';
import type { GoValue } from '../../../engine/core/values';
import { SshdHarness, startSshd, sshdAvailable } from '../../harness/sshd';
import { testSshConnector } from '../../harness/ssh-connectors';
import { CountingConnector, runModule, testContext, treeListing } from './module-context';

test('dest layout: "dir/" gives dir/<host>/<src path>, otherwise the file itself', () => {
  expect(fetchDestination('/backup/', 'node1', '/etc/kubernetes/admin.conf')).toBe('/backup/node1/etc/kubernetes/admin.conf');
  expect(fetchDestination('/backup/', 'node1', 'rel/../x.conf')).toBe('/backup/node1/x.conf');
  expect(fetchDestination('/backup/admin.conf', 'node1', '/etc/kubernetes/admin.conf')).toBe('/backup/admin.conf');
});

test('a host name cannot steer the per-host layout out of dest', () => {
  for (const host of ['../../x', '..', '.', 'a/b', '']) {
    expect(() => fetchDestination('/backup/', host, '/etc/passwd')).toThrow(/cannot be a directory under dest \/backup\//);
  }
  expect(fetchDestination('/backup/', '..node', '/etc/hosts')).toBe('/backup/..node/etc/hosts');
});

function fetchSuite(label: string, connect: () => Promise<Connector>): void {
  describe(`fetch over ${label}`, () => {
    let scratch: string;
    let real: Connector;
    let hostDir: string;
    let controllerDir: string;
    let counting: CountingConnector;
    beforeAll(async () => {
      scratch = mkdtempSync(join(tmpdir(), 'kplay-fetch-'));
      real = await connect();
    });
    afterAll(async () => {
      await real.close();
      rmSync(scratch, { recursive: true, force: true });
    });
    beforeEach(() => {
      const root = mkdtempSync(join(scratch, 'case-'));
      hostDir = join(root, 'host');
      controllerDir = join(root, 'controller');
      mkdirSync(hostDir);
      mkdirSync(controllerDir);
      writeFileSync(join(hostDir, 'admin.conf'), 'apiVersion: v1\nkind: Config\n');
      counting = new CountingConnector(real);
    });
    const run = (args: GoValue, extra: { checkMode?: boolean; diffMode?: boolean; host?: string } = {}) =>
      runModule(fetchModule, testContext({ args, connector: counting, module: 'fetch', ...extra }));

    test('fetches into dest/<host>/<src path>, then is idempotent without transferring', async () => {
      const src = join(hostDir, 'admin.conf');
      const first = await run({ src, dest: `${controllerDir}/` }, { host: 'node7' });
      expect(first).toMatchObject({ changed: true, stdout: 'success' });
      const fetched = join(controllerDir, 'node7', src);
      expect(readFileSync(fetched, 'utf8')).toBe('apiVersion: v1\nkind: Config\n');
      expect(counting.gets).toBe(1);
      const second = await run({ src, dest: `${controllerDir}/` }, { host: 'node7' });
      expect(second.changed).toBe(false);
      expect(counting.gets).toBe(1);
      writeFileSync(src, 'apiVersion: v1\nkind: Config\nchanged: true\n');
      const third = await run({ src, dest: `${controllerDir}/` }, { host: 'node7', diffMode: true });
      expect(third.changed).toBe(true);
      expect(third.diff?.[0].text).toContain('+changed: true\n');
      expect(readFileSync(fetched, 'utf8')).toContain('changed: true');
    });

    test('a host file changed to other bytes of the same size is fetched again; a directory is refused', async () => {
      const src = join(hostDir, 'admin.conf');
      const dest = join(controllerDir, 'admin.conf');
      expect((await run({ src, dest })).changed).toBe(true);
      writeFileSync(src, 'apiVersion: v2\nkind: Config\n');
      const again = await run({ src, dest });
      expect(again).toMatchObject({ changed: true, data: { checksum: createHash('sha256').update('apiVersion: v2\nkind: Config\n').digest('hex') } });
      expect(readFileSync(dest, 'utf8')).toBe('apiVersion: v2\nkind: Config\n');
      expect((await run({ src, dest })).changed).toBe(false);
      expect(await run({ src: hostDir, dest: join(controllerDir, 'dir') })).toMatchObject({ failed: true, msg: expect.stringContaining('is a directory') as string });
    });

    test('check mode writes nothing on the controller', async () => {
      const before = treeListing(controllerDir);
      const result = await run({ src: join(hostDir, 'admin.conf'), dest: join(controllerDir, 'sub', 'admin.conf') }, { checkMode: true, diffMode: true });
      expect(result.changed).toBe(true);
      expect(result.msg).toContain('would fetch');
      expect(result.diff?.[0].text).toContain('+kind: Config');
      expect(treeListing(controllerDir)).toEqual(before);
      expect(readdirSync(controllerDir)).toEqual([]);
    });

    test('a missing host file fails and names it', async () => {
      const result = await run({ src: join(hostDir, 'nope'), dest: join(controllerDir, 'x') });
      expect(result.failed).toBe(true);
      expect(result.msg).toContain(`${join(hostDir, 'nope')} not found on host node1`);
      expect(readdirSync(controllerDir)).toEqual([]);
    });
  });
}

fetchSuite('the local connector', () => Promise.resolve(new LocalConnector('node1')));

if (sshdAvailable()) {
  let sshd: SshdHarness | undefined;
  beforeAll(async () => {
    sshd = await startSshd({ hosts: 1 });
  }, 120_000);
  afterAll(async () => {
    await sshd?.stop();
  });
  fetchSuite('SSH', async () => {
    if (sshd === undefined) throw new Error('sshd did not start');
    const connector = testSshConnector(sshd, 0);
    await connector.connect();
    return connector;
  });
} else {
  console.warn('skipping fetch over SSH: /usr/sbin/sshd is not installed');
}
