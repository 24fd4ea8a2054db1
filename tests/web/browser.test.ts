/**
 * `kplay web` in a real browser (Debian's chromium driven by playwright-core): sign in through the
 * printed URL, save an inventory (after a positioned error), check the hosts, start a --check run
 * of a small playbook on local hosts and watch the grid fill up to the recap, download the report,
 * then see the plan of a real run, confirm it and cancel it from the page. Screenshots of each
 * view go to test-artifacts/web/local/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, describeBrowser, screenshotDir, watchConsole } from './browser-helpers';
import { LOCAL_INVENTORY, startHarness, type WebHarness } from './harness';

const PLAYBOOK = `- name: check run
  hosts: nodes
  tasks:
    - name: greet
      command: echo hello from {{ .inventory_hostname }}
    - name: config file
      copy:
        content: "{{ .inventory_hostname }}"
        dest: "{{ .out }}/{{ .inventory_hostname }}.txt"
    - name: note
      debug:
        msg: done on {{ .inventory_hostname }}
`;

describeBrowser('kplay web in chromium', () => {
  let web: WebHarness;
  let browser: Browser;
  const shots = screenshotDir('local');
  const problems: string[] = [];

  beforeAll(async () => {
    web = await startHarness();
    web.writeProjectFile('site.yaml', PLAYBOOK);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  // The typo's 422 is the answer the test asks for; Chromium logs every 4xx response.
  const watch = (page: Page) => watchConsole(page, problems, [/status of 422/]);

  test('from the printed URL to a finished --check run with its recap', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    watch(page);
    const login = /open (\S+)/.exec(web.printed)?.[1] ?? '';
    await page.goto(login);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('heading', { name: 'Inventories' }).waitFor();

    // A typo: the server's positioned message, nothing saved.
    const editor = page.locator('#view-inventories');
    await editor.getByLabel('Name', { exact: true }).fill('local');
    await editor.getByRole('button', { name: 'YAML' }).click();
    const broken = LOCAL_INVENTORY(['h1', 'h2', 'h3']).replace('{ type: local }', '{ type: local, prot: 22 }');
    await editor.locator('textarea').fill(broken);
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.locator('.messages li.error', { hasText: 'inventories/local.yaml:7:' }).first().waitFor();
    await page.screenshot({ path: join(shots, '1-inventory-error.png') });
    // "go to" puts the cursor where the message points.
    await editor.getByRole('button', { name: 'go to' }).first().click();
    const at = broken.split('\n').slice(0, 6).join('\n').length + 1 + broken.split('\n')[6].indexOf('prot');
    expect(await editor.locator('textarea').evaluate((t) => (t as unknown as { selectionStart: number }).selectionStart)).toBe(at);

    await editor.locator('textarea').fill(LOCAL_INVENTORY(['h1', 'h2', 'h3']));
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.locator('.messages li', { hasText: 'saved local' }).waitFor();
    // The form shows what the YAML holds.
    await editor.getByRole('button', { name: 'Form' }).click();
    // The form is rebuilt once the server has parsed the YAML.
    await editor.locator('.inv-name').nth(2).waitFor();
    expect(await editor.locator('.inv-name').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value))).toEqual(['h1', 'h2', 'h3']);
    await page.screenshot({ path: join(shots, '2-inventory-saved.png') });

    // The host check: one row per host, every check in a column.
    await page.getByRole('navigation').getByRole('button', { name: 'Hosts' }).click();
    await page.locator('#hosts-inventory option[value="local"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Check hosts' }).click();
    await page.locator('#hosts-table tbody tr').nth(2).waitFor();
    expect(await page.locator('#hosts-table tbody th').allTextContents()).toEqual(['h1', 'h2', 'h3']);
    expect(await page.locator('#hosts-table tbody td.s-ok', { hasText: 'pass' }).count()).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(shots, '3-host-check.png') });

    // Addresses of a network become host rows of the inventory form.
    await page.getByLabel('CIDR').fill('10.9.0.0/30');
    await page.getByRole('button', { name: 'List addresses' }).click();
    await page.getByRole('button', { name: 'Add to the inventory form' }).click();
    await editor.getByLabel('host 5 address').waitFor();
    const values = (selector: string) => editor.locator(selector).evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
    expect(await values('.inv-name')).toEqual(['h1', 'h2', 'h3', 'node4', 'node5']);
    expect((await values('.inv-address')).slice(3)).toEqual(['10.9.0.1', '10.9.0.2']);
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe('host 4 name');

    await page.getByRole('navigation').getByRole('button', { name: 'Run' }).click();
    const launch = page.locator('#view-launch');
    await launch.getByLabel('Playbook (path in the project)').fill('site.yaml');
    await page.locator('#launch-inventory option[value="local"]').waitFor({ state: 'attached' });
    await page.locator('#launch-inventory').selectOption('local');
    await launch.getByLabel('Extra variables (JSON object)').fill(JSON.stringify({ out: join(web.dir, 'out') }));
    expect(await launch.getByLabel('Check (dry run)').isChecked()).toBe(true);
    await page.screenshot({ path: join(shots, '3-launcher-1280.png') });
    await launch.getByRole('button', { name: 'Start' }).click();

    await page.locator('#run-recap').waitFor({ state: 'visible' });
    const hosts = await page.locator('#run-grid thead th').allTextContents();
    expect(hosts).toEqual(['Task', 'h1', 'h2', 'h3']);
    const rows = await page.locator('#run-grid tbody th').allTextContents();
    expect(rows).toEqual(['greet', 'config file', 'note']);
    const cells = await page.locator('#run-grid td.cell').allTextContents();
    expect(cells).toHaveLength(9);
    for (const c of cells) expect(c).not.toBe('');
    // A command cannot know its outcome in a dry run: the cells say so.
    expect(await page.locator('#run-grid td.cell.s-unknown').allTextContents()).toEqual(['unknown ?', 'unknown ?', 'unknown ?']);
    expect(await page.locator('#run-state').textContent()).toBe('succeeded');
    expect(await page.locator('#run-recap tbody tr').count()).toBe(3);
    await page.screenshot({ path: join(shots, '4-run-recap.png'), fullPage: true });
    // A dry run: nothing was written.
    expect(existsSync(join(web.dir, 'out', 'h1.txt'))).toBe(false);

    // The report downloads as JSON.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download report (JSON)' }).click();
    const file = join(shots, 'report.json');
    await (await download).saveAs(file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ state: 'succeeded', check: true, exitCode: 0 });

    // A cell opens its detail from the keyboard.
    await page.locator('#run-grid td.cell').nth(3).focus();
    await page.keyboard.press('Enter');
    await page.locator('#cell-detail h3', { hasText: 'config file on h1' }).waitFor();

    await page.getByRole('navigation').getByRole('button', { name: 'History' }).click();
    await page.locator('#history tbody tr').first().waitFor();
    expect(await page.locator('#history tbody tr').count()).toBe(1);
    await page.screenshot({ path: join(shots, '5-history.png') });

    // A real run goes first as a --check: its plan, then a confirmation; "Cancel" starts nothing.
    // Confirmed, it runs; the page cancels it.
    web.writeProjectFile('sleeps.yaml', '- hosts: nodes\n  tasks:\n    - name: long sleep\n      command: sleep 60\n    - name: never reached\n      debug:\n        msg: no\n');
    await page.getByRole('navigation').getByRole('button', { name: 'Run' }).click();
    await launch.getByLabel('Playbook (path in the project)').fill('sleeps.yaml');
    await launch.getByLabel('Check (dry run)').uncheck();
    await launch.getByRole('button', { name: 'Start' }).click();
    await page.locator('#plan-box').waitFor({ state: 'visible' });
    expect(await page.locator('#h-run').textContent()).toMatch(/^Plan \(--check\) of run /);
    expect(await page.locator('#plan-text').textContent()).toMatch(/3 result\(s\) cannot be known/);
    expect(await page.locator('#run-grid td.cell.s-unknown').count()).toBe(3);
    // The plan puts focus on its next step; opening a cell from the keyboard keeps focus there.
    expect(await page.evaluate('document.activeElement.id')).toBe('plan-apply');
    await page.locator('#run-grid td.cell').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('#cell-detail h3', { hasText: 'long sleep on h1' }).waitFor();
    expect(await page.evaluate('document.activeElement.tagName')).toBe('TD');
    await page.screenshot({ path: join(shots, '4-run-plan.png'), fullPage: true });
    const runs = () => web.api('GET', '/api/v1/runs').then((r) => (r.data as { check: boolean }[]).map((x) => x.check));
    expect(await runs()).toEqual([true, true]);
    await page.getByRole('button', { name: 'Run for real…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await runs()).toEqual([true, true]);
    await page.getByRole('button', { name: 'Run for real…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Run for real' }).click();
    await page.locator('#run-grid tr.running th', { hasText: 'long sleep' }).waitFor();
    await page.locator('#run-running', { hasText: 'running: long sleep' }).waitFor();
    await page.screenshot({ path: join(shots, '4-run-live.png') });
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await page.locator('#run-state', { hasText: 'interrupted' }).waitFor();
    expect(await page.locator('#run-grid tbody th').allTextContents()).toEqual(['long sleep']);
    await page.screenshot({ path: join(shots, '4-run-cancelled.png') });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('navigation').getByRole('button', { name: 'Run' }).click();
    await page.screenshot({ path: join(shots, '6-launcher-phone.png'), fullPage: true });
    // Evaluated in the page (a string: the tests compile without the DOM library).
    const overflow = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
    expect(overflow).toBe(false);
    // The run view too (its grid scrolls inside its own box), reached with the keyboard alone:
    // the navigation, the history's first run, a cell and its detail.
    await page.getByRole('navigation').getByRole('button', { name: 'History' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('h-history');
    await page.locator('#history tbody tr').first().waitFor();
    await page.keyboard.press('Tab'); // Refresh
    await page.keyboard.press('Tab'); // the newest run
    await page.keyboard.press('Enter');
    await page.locator('#run-state', { hasText: 'interrupted' }).waitFor();
    await page.locator('#run-grid td.cell').first().focus();
    await page.keyboard.press(' ');
    await page.locator('#cell-detail h3', { hasText: 'long sleep on h1' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')).toBe(false);
    await page.screenshot({ path: join(shots, '7-run-phone.png'), fullPage: true });
    await context.close();
  });

  test('without the token the page and the API answer 401', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`${web.url}/`);
    expect(res?.status()).toBe(401);
    await page.getByLabel(/Token/).waitFor();
    const api = await page.goto(`${web.url}/api/v1/runs`);
    expect(api?.status()).toBe(401);
    await page.screenshot({ path: join(shots, '0-sign-in.png') });
    await context.close();
  });

  test('no console errors on the way', () => {
    expect(problems).toEqual([]);
  });
});
