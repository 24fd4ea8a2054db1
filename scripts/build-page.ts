/**
 * Builds kplay web's page script: the sources in web/page-src/ (ES modules, Preact components in
 * .jsx) bundled by esbuild into web/page/app.js, which the server serves beside index.html and
 * app.css. Part of `npm run build`; the web tests build it too when it is missing or older than
 * its sources.
 */
import { readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const root = join(__dirname, '..');
export const PAGE_SOURCES = join(root, 'web', 'page-src');
export const PAGE_BUNDLE = join(root, 'web', 'page', 'app.js');

export function buildPage(): void {
  const built = buildSync({
    entryPoints: [join(PAGE_SOURCES, 'main.js')],
    outfile: PAGE_BUNDLE,
    write: false,
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
  });
  // Renamed into place: a server (or a test in another worker) never reads half a bundle.
  const temp = `${PAGE_BUNDLE}.${process.pid}.tmp`;
  writeFileSync(temp, built.outputFiles[0].contents);
  renameSync(temp, PAGE_BUNDLE);
}

/** Builds the bundle unless it is newer than every source. */
export function ensurePage(): void {
  let built = 0;
  try {
    built = statSync(PAGE_BUNDLE).mtimeMs;
  } catch {
    // not built yet
  }
  if (readdirSync(PAGE_SOURCES).some((f) => statSync(join(PAGE_SOURCES, f)).mtimeMs > built)) buildPage();
}

if (require.main === module) buildPage();
