/**
 * The path in a real browser, on three SSH test hosts (loopback sshd): from an empty
 * work dir, build the inventory and the cluster config through the page's forms (with an inline
 * error from the config check on the way), check the hosts, run `create cluster --check --diff`
 * and watch the grid fill up to the recap, open a diff, then plan, confirm and cancel a real run
 * and see its sleeping remote commands stopped. Screenshots go to test-artifacts/web/ssh/.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { createCommand } from '../../cluster/commands/create';
import { precheckCommand } from '../../cluster/commands/precheck';
import { buildClusterConfigSupport } from '../../cluster/config-form';
import { sshdAvailable, startSshd, type SshdHarness } from '../harness/sshd';
import { CHROMIUM, haveChromium, screenshotDir, watchConsole } from './browser-helpers';
import { startHarness, type WebHarness } from './harness';

const describeBoth = haveChromium && sshdAvailable() ? describe : describe.skip;

/** The form field written at this key path of the config's spec. */
const field = (page: Page, path: readonly string[]): Locator => page.locator(`#view-configs [data-path='${JSON.stringify(['spec', ...path])}']`);

async function openSection(page: Page, path: readonly string[]): Promise<void> {
  for (let i = 1; i <= path.length; i++) {
    const section = page.locator(`#view-configs details[data-path='${JSON.stringify(['spec', ...path.slice(0, i)])}']`);
    if ((await section.getAttribute('open')) === null) await section.locator('> summary').click();
  }
}

/** A process that has ended (gone, or a zombie waiting for its parent). */
function gone(pid: number): boolean {
  const status = `/proc/${pid}/status`;
  return !existsSync(status) || /State:\s+Z/.test(readFileSync(status, 'utf8'));
}

async function until(ok: () => boolean, failure: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeBoth('kplay web in chromium on three SSH hosts', () => {
  let sshd: SshdHarness;
  let web: WebHarness;
  let browser: Browser;
  let mirror: Server;
  let mirrorUrl: string;
  const shots = screenshotDir('ssh');
  const problems: string[] = [];

  beforeAll(async () => {
    sshd = await startSshd({ hosts: 3 });
    web = await startHarness(
      { 'create-cluster': (argv, ctx) => createCommand(['cluster', ...argv], ctx), precheck: (argv, ctx) => precheckCommand(argv, ctx) },
      sshd.knownHostsFile,
      buildClusterConfigSupport(),
    );
    // Stands in for download.mirror: every artifact URL answers.
    mirror = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '4' });
      res.end(req.method === 'HEAD' ? undefined : 'data');
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await new Promise((resolve) => mirror?.close(resolve));
    await sshd?.stop();
  });

  test('inventory and config through the forms, host check, create cluster --check live to its recap, a diff, a cancelled real run', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    watchConsole(page, problems);
    await page.goto(/open (\S+)/.exec(web.printed)?.[1] ?? '');
    await page.getByRole('heading', { name: 'Inventories' }).waitFor();

    // The inventory, through the form: shared SSH settings, three hosts and their roles.
    const inv = page.locator('#view-inventories');
    expect(await inv.getByRole('button', { name: 'Form' }).getAttribute('aria-pressed')).toBe('true');
    await inv.getByLabel('Name', { exact: true }).fill('cluster');
    await inv.getByLabel('Connector').selectOption('ssh');
    await inv.getByLabel('User').fill(sshd.user);
    await inv.getByLabel('Port').fill(String(sshd.port));
    await inv.getByLabel('Private key (path on this machine)').fill(sshd.clientKeyPath);
    const hosts = [
      { name: 'node1', roles: ['control plane', 'etcd'] },
      { name: 'node2', roles: ['worker'] },
      { name: 'node3', roles: ['worker'] },
    ];
    for (const [i, h] of hosts.entries()) {
      if (i > 0) await inv.getByRole('button', { name: 'Add host' }).click();
      await inv.getByLabel(`host ${i + 1} name`).fill(h.name);
      await inv.getByLabel(`host ${i + 1} address`).fill(sshd.hosts[i]);
      for (const role of h.roles) await inv.getByLabel(`host ${i + 1} ${role}`).check();
    }
    await inv.getByRole('button', { name: 'Save' }).click();
    await inv.locator('.messages li', { hasText: 'saved cluster' }).waitFor();
    await page.screenshot({ path: join(shots, '1-inventory-form.png'), fullPage: true });
    const stored = readFileSync(join(web.workDir, 'inventories', 'cluster.yaml'), 'utf8');
    expect(stored).toContain(`"${sshd.hosts[2]}"`);
    expect(stored).toMatch(/kube_control_plane:\n\s+hosts:\n\s+- "node1"/);

    // The config, through the form generated from the schema; a wrong type is named inline.
    await page.getByRole('navigation').getByRole('button', { name: 'Configs' }).click();
    const cfg = page.locator('#view-configs');
    await cfg.getByLabel('Name', { exact: true }).fill('cluster');
    await field(page, ['work_dir']).locator('input').fill(join(web.dir, 'cluster-work'));
    await openSection(page, ['kubernetes', 'apiserver']);
    const port = field(page, ['kubernetes', 'apiserver', 'port']);
    await port.locator('input').fill('six');
    await port.locator('.field-error', { hasText: /^configs\/cluster\.yaml:\d+:\d+: config key "kubernetes\.apiserver\.port" must be integer, got string \(KP-LOAD-005\)$/ }).waitFor();
    expect(await port.locator('input').getAttribute('aria-invalid')).toBe('true');
    await port.screenshot({ path: join(shots, '2-config-inline-error.png') });
    await port.locator('input').fill('');
    await port.locator('.field-error').waitFor({ state: 'hidden' });
    await openSection(page, ['cluster_require']);
    await field(page, ['cluster_require', 'etcd_disk_fio_size']).locator('input').fill('256k');
    await field(page, ['cluster_require', 'etcd_disk_fio_max_seconds']).locator('input').fill('5');
    await field(page, ['cluster_require', 'etcd_disk_wal_fsync_p99_ms']).locator('input').fill('10000');
    await openSection(page, ['download']);
    await field(page, ['download', 'mirror']).locator('input').fill(mirrorUrl);
    await cfg.getByRole('button', { name: 'Save' }).click();
    await cfg.locator('.messages li', { hasText: 'saved cluster' }).waitFor();
    await page.screenshot({ path: join(shots, '3-config-form.png') });
    expect(readFileSync(join(web.workDir, 'configs', 'cluster.yaml'), 'utf8')).toMatch(/etcd_disk_fio_max_seconds: 5\n/);

    // The host check.
    await page.getByRole('navigation').getByRole('button', { name: 'Hosts' }).click();
    await page.locator('#hosts-inventory option[value="cluster"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Check hosts' }).click();
    await page.locator('#hosts-table tbody tr').nth(2).waitFor();
    const heads = await page.locator('#hosts-table thead th').allTextContents();
    const rows = await page.locator('#hosts-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { children: ArrayLike<{ textContent: string | null }> }).children, (c) => c.textContent ?? '')));
    for (const check of ['connect', 'auth', 'shell']) {
      const column = heads.indexOf(check);
      expect(rows.map((r) => [r[0], r[column].split(' ')[0]])).toEqual([['node1', 'pass'], ['node2', 'pass'], ['node3', 'pass']]);
    }
    await page.screenshot({ path: join(shots, '4-host-check.png') });

    // create cluster --check --diff, watched live until the recap.
    await page.getByRole('navigation').getByRole('button', { name: 'Run' }).click();
    const launch = page.locator('#view-launch');
    await launch.getByLabel('create cluster').check();
    await page.locator('#launch-config option[value="cluster"]').waitFor({ state: 'attached' });
    await page.locator('#launch-inventory').selectOption('cluster');
    await page.locator('#launch-config').selectOption('cluster');
    await launch.getByLabel('Diff').check();
    await launch.getByRole('button', { name: 'Start' }).click();
    await page.locator('#run-state', { hasText: 'running' }).waitFor();
    await page.locator('#run-grid td.cell.s-ok').first().waitFor();
    // Seen live: results on the page while the run is still going.
    expect(await page.locator('#run-recap').isVisible()).toBe(false);
    await page.screenshot({ path: join(shots, '5-run-live.png') });
    await page.locator('#run-recap').waitFor({ state: 'visible', timeout: 600_000 });
    expect(await page.locator('#run-state').textContent()).toBe('succeeded');
    expect(await page.locator('#run-grid td.cell.s-failed').count()).toBe(0);
    const columns = await page.locator('#run-grid thead th').allTextContents();
    for (const h of ['node1', 'node2', 'node3']) expect(columns).toContain(h);
    expect(await page.locator('#run-recap tbody th').allTextContents()).toEqual(expect.arrayContaining(['node1', 'node2', 'node3']));
    await page.screenshot({ path: join(shots, '6-run-recap.png') });

    // A diff, opened from its cell.
    const withDiff = page.locator('#run-grid td.cell.has-diff', { hasText: '±' });
    expect(await withDiff.count()).toBeGreaterThan(0);
    await withDiff.first().click();
    await page.locator('#cell-detail pre', { hasText: /diff \// }).waitFor();
    await page.locator('#cell-detail').screenshot({ path: join(shots, '7-diff.png') });

    // A real run: its plan first, then confirmed, then cancelled while the remote commands sleep.
    const marker = `kplay-web-browser-${process.pid}`;
    web.writeProjectFile(
      'remote-sleep.yaml',
      `- hosts: k8s_cluster\n  tasks:\n    - name: remote sleep\n      command: echo $$ > /tmp/${marker}-{{ .inventory_hostname }} && exec sleep 120\n    - name: never\n      command: touch /tmp/${marker}-never-{{ .inventory_hostname }}\n`,
    );
    await page.getByRole('navigation').getByRole('button', { name: 'Run' }).click();
    await launch.getByLabel('Playbook', { exact: true }).check();
    await launch.getByLabel('Playbook (path in the project)').fill('remote-sleep.yaml');
    await launch.getByLabel('Check (dry run)').uncheck();
    await launch.getByRole('button', { name: 'Start' }).click();
    await page.locator('#plan-box').waitFor({ state: 'visible' });
    expect(existsSync(`/tmp/${marker}-node1`)).toBe(false);
    await page.getByRole('button', { name: 'Run for real…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Run for real' }).click();
    await page.locator('#run-running', { hasText: 'running: remote sleep' }).waitFor();
    const pidFiles = ['node1', 'node2', 'node3'].map((h) => `/tmp/${marker}-${h}`);
    const deadline = Date.now() + 60_000;
    while (!pidFiles.every((f) => existsSync(f) && readFileSync(f, 'utf8').trim() !== '')) {
      if (Date.now() > deadline) throw new Error('the remote sleeps never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.locator('#run-state', { hasText: 'interrupted' }).waitFor();
    expect(await page.locator('#run-result').textContent()).toMatch(/^exit code 130/);
    expect(await page.locator('#run-grid tbody th').allTextContents()).toEqual(['remote sleep']);
    for (const h of ['node1', 'node2', 'node3']) expect(existsSync(`/tmp/${marker}-never-${h}`)).toBe(false);
    await page.screenshot({ path: join(shots, '8-run-cancelled.png') });
    // The remote commands were stopped (the connector kills their process group through a
    // second channel); the hosts are this machine, so their processes can be looked at.
    for (const f of pidFiles) {
      const pid = Number(readFileSync(f, 'utf8').trim());
      await until(() => gone(pid), `remote sleep ${pid} still running after the cancel`);
      rmSync(f, { force: true });
    }

    // History lists the three runs (the plan included); phone width has no sideways scroll.
    await page.getByRole('navigation').getByRole('button', { name: 'History' }).click();
    await page.locator('#history tbody tr').nth(2).waitFor();
    expect(await page.locator('#history tbody td:nth-child(5)').allTextContents()).toEqual(['interrupted', 'succeeded', 'succeeded']);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('navigation').getByRole('button', { name: 'Inventories' }).click();
    await page.screenshot({ path: join(shots, '9-inventory-phone.png'), fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')).toBe(false);
    await context.close();

    // Without the token: 401 for the page and the API.
    const stranger = await browser.newContext();
    const other = await stranger.newPage();
    expect((await other.goto(`${web.url}/`))?.status()).toBe(401);
    expect((await other.goto(`${web.url}/api/v1/inventories/cluster`))?.status()).toBe(401);
    await stranger.close();
    expect(problems).toEqual([]);
    // create cluster on three hosts of a loaded machine: the run's own pace, not the test's.
  }, 900_000);
});
