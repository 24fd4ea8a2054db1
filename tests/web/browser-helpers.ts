/** What the browser tests share: Debian's chromium, where screenshots go, console watching. */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing; .ci/run installs Debian's chromium`);
if (!haveChromium) console.warn(`skipping the kplay web browser tests: ${CHROMIUM} is not installed (apt-get install chromium)`);
export const describeBrowser = haveChromium ? describe : describe.skip;

/** Screenshots are test artifacts: test-artifacts/web/<suite>/ in the checkout (gitignored). */
export function screenshotDir(suite: string): string {
  const dir = join(__dirname, '..', '..', 'test-artifacts', 'web', suite);
  mkdirSync(dir, { recursive: true });
  console.log(`kplay web screenshots: ${dir}`);
  return dir;
}

/** Collects console errors and page errors; `allowed` are the 4xx answers a test asks for. */
export function watchConsole(page: Page, problems: string[], allowed: RegExp[] = []): void {
  page.on('console', (m) => {
    if (m.type() === 'error' && !allowed.some((a) => a.test(m.text()))) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}
