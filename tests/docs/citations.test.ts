/**
 * Code comments point readers at `docs/FILE.md#anchor`; this keeps every such citation pointing at
 * a heading that exists, and keeps section numbers of documents outside the repository (`§N`)
 * out of the code. RFC sections are the one allowed use of `§`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const SOURCE_DIRS = ['engine', 'builtin-modules', 'cli', 'web', 'cluster', 'tests'];

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...tsFiles(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, spaces to `-`. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(docFile: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(join(root, 'docs', docFile), 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (m) anchors.add(anchorOf(m[1]));
  }
  return anchors;
}

const docFiles = new Set(readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')));
// This file names the patterns it looks for, so it is left out.
const files = SOURCE_DIRS.flatMap((d) => tsFiles(join(root, d))).filter((f) => f !== __filename);

describe('citations in code comments', () => {
  test('the anchor algorithm matches headings with code spans and punctuation', () => {
    expect(anchorOf('### `when`, `failed_when`, `assert.that`, boolean arguments'.replace(/^#+/, ''))).toBe(
      'when-failed_when-assertthat-boolean-arguments',
    );
    expect(anchorOf('9.2 KubeKey functions')).toBe('92-kubekey-functions');
    expect(anchorOf('`--limit`')).toBe('--limit');
  });

  test('every docs/FILE.md#anchor names an existing file and heading', () => {
    const broken: string[] = [];
    let cited = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/docs\/([\w.-]+\.md)(?:#([\w-]+))?/g)) {
        cited++;
        const [, doc, anchor] = m;
        if (!docFiles.has(doc)) broken.push(`${relative(root, file)}: docs/${doc} does not exist`);
        else if (anchor !== undefined && !anchorsOf(doc).has(anchor)) broken.push(`${relative(root, file)}: docs/${doc} has no heading #${anchor}`);
      }
    }
    expect(broken).toEqual([]);
    expect(cited).toBeGreaterThan(30);
  });

  test('no section sign cites a document outside the repository', () => {
    const offenders: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.includes('§') && !/RFC \d+ §/.test(line)) offenders.push(`${relative(root, file)}:${i + 1}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
