/**
 * docs/troubleshooting.md quotes messages kplay prints: each quoted message (a code span with a
 * space in the first column of a table) must still be in the sources, piece by piece (`…` stands
 * for the variable parts). Messages that come from Node, OpenSSL or npm are listed below.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'troubleshooting.md'), 'utf8');

/** Text other programs print, quoted so the operator recognises it. */
const FOREIGN = ['ENOTFOUND', 'self-signed certificate', 'unable to verify the first certificate', 'npm error 404 Not Found - GET https://registry.npmjs.org/kplay'];

function sources(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|ya?ml|tmpl)$/.test(name) && !name.endsWith('.test.ts')) out.push(readFileSync(path, 'utf8'));
  }
  return out;
}

const corpus = ['roles', 'playbooks', 'cluster', 'cli', 'engine', 'builtin-modules']
  .flatMap((d) => sources(join(root, d), []))
  .join('\n')
  .replace(/\s+/g, ' ');

function firstColumns(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| what you see'))
    .map((l) => l.slice(2, l.indexOf(' | ')));
}

describe('docs/troubleshooting.md', () => {
  const quoted = firstColumns(doc).flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((t) => t.includes(' ')));

  test('has rows for the errors of every area', () => {
    expect(quoted.length).toBeGreaterThan(30);
    for (const heading of ['Downloads, mirrors and bundles', 'Images and the private registry', 'Gates and prechecks', 'Connections', 'Command line and generated files']) expect(doc).toContain(`## ${heading}`);
  });

  test('every quoted message is one kplay prints', () => {
    const missing: string[] = [];
    for (const message of quoted) {
      if (FOREIGN.includes(message)) continue;
      const pieces = message
        .split(/…|"|\(|\)|\?/)
        .map((p) => p.trim())
        .filter((p) => p.length >= 8 && !FOREIGN.includes(p));
      for (const piece of pieces) if (!corpus.includes(piece)) missing.push(`${piece}  (in: ${message})`);
    }
    expect(missing).toEqual([]);
  });
});
