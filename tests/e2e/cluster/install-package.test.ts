/**
 * kplay installs like a CLI: `npm pack` (which builds dist/ through `prepare`) makes a package of
 * the `files` allow-list, and `npm install -g --prefix DIR` of that tarball puts a working `kplay`
 * on PATH, cluster playbooks and schemas included. Dependencies come from the npm cache when it
 * has them (--prefer-offline), else from the registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const NETWORK = /ENOTFOUND|EAI_AGAIN|ENOTCACHED|ECONNREFUSED|ETIMEDOUT|ENETUNREACH/;

describe('the packed package', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-package-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('npm pack → npm install -g --prefix → kplay on PATH', () => {
    execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const tarball = readdirSync(dir).find((f) => /^kplay-.*\.tgz$/.test(f));
    expect(tarball).toBeDefined();
    const listing = execFileSync('tar', ['-tzf', join(dir, tarball ?? '')], { encoding: 'utf8' }).split('\n');
    // the allow-list: built code and the cluster project's assets, no sources or tests
    for (const f of ['package/dist/cli/main.js', 'package/playbooks/create_cluster.yaml', 'package/roles/init/tasks/main.yaml', 'package/schemas/cluster-config.json', 'package/README.md', 'package/web/page/app.js', 'package/web/page/index.html']) {
      expect(listing).toContain(f);
    }
    expect(listing.filter((f) => /\.test\.|^package\/(tests|engine|cli|cluster|builtin-modules|web\/page-src)\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);

    const prefix = join(dir, 'prefix');
    const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, join(dir, tarball ?? ''), '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
    if (install.status !== 0 && NETWORK.test(install.stderr)) {
      console.warn(`skipped the install half: dependencies are neither cached nor reachable\n${install.stderr}`);
      return;
    }
    expect(install.stderr).not.toMatch(/npm (ERR|error)/);
    expect(install.status).toBe(0);

    const env = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}` };
    const version = spawnSync('kplay', ['--version'], { cwd: dir, env, encoding: 'utf8' });
    expect(version.stdout).toMatch(/^kplay \d+\.\d+\.\d+\n$/);
    expect(version.status).toBe(0);
    // outside the clone, the cluster assets come from the installed package
    const config = spawnSync('kplay', ['create', 'config'], { cwd: dir, env, encoding: 'utf8' });
    expect(config.status).toBe(0);
    expect(config.stdout).toContain('kind: Config');
  }, 300_000);
});
