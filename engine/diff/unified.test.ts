import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentDiff, directorySummary, isBinary, DIFF_SIZE_CAP } from './file-diff';
import { unifiedDiff } from './unified';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kplay-diff-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** GNU diff -u output without its two header lines (they carry timestamps). */
function gnuDiffBody(before: string, after: string): string {
  const a = join(scratch, 'a');
  const b = join(scratch, 'b');
  writeFileSync(a, before);
  writeFileSync(b, after);
  try {
    execFileSync('diff', ['-u', a, b], { encoding: 'utf8' });
    return '';
  } catch (error) {
    const out = (error as { stdout: string }).stdout;
    return out.split('\n').slice(2).join('\n');
  }
}

function ourBody(before: string, after: string): string {
  return unifiedDiff(before, after, { fromLabel: 'a', toLabel: 'b' }).split('\n').slice(2).join('\n');
}

/** Applies our diff with GNU patch and returns the patched text. */
function patched(before: string, after: string): string {
  const file = join(scratch, 'target');
  writeFileSync(file, before);
  const diff = unifiedDiff(before, after, { fromLabel: 'target', toLabel: 'target' });
  execFileSync('patch', ['-s', '-p0', file], { input: diff });
  return readFileSync(file, 'utf8');
}

const lines = (n: number, f: (i: number) => string = (i) => `line ${i}`): string =>
  Array.from({ length: n }, (_, i) => `${f(i + 1)}\n`).join('');

describe('unifiedDiff', () => {
  test('equal texts give an empty diff', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', { fromLabel: 'x', toLabel: 'y' })).toBe('');
  });

  test.each([
    ['one changed line in the middle', lines(20), lines(20).replace('line 10\n', 'LINE TEN\n')],
    ['two changes far apart make two hunks', lines(40), lines(40).replace('line 5\n', 'five\n').replace('line 35\n', 'x\n')],
    ['two changes 6 lines apart share one hunk', lines(30), lines(30).replace('line 10\n', 'ten\n').replace('line 17\n', 's\n')],
    ['two changes 7 lines apart are separate hunks', lines(30), lines(30).replace('line 10\n', 'ten\n').replace('line 18\n', 's\n')],
    ['insert at the start', lines(5), `new\n${lines(5)}`],
    ['append at the end', lines(5), `${lines(5)}tail\n`],
    ['delete everything', lines(4), ''],
    ['from empty', '', lines(3)],
    ['final newline removed', lines(3), lines(3).slice(0, -1)],
    ['final newline added', lines(3).slice(0, -1), lines(3)],
    ['no final newline on either side, last line changed', 'a\nb', 'a\nc'],
  ])('matches GNU diff -u: %s', (_name, before, after) => {
    expect(ourBody(before, after)).toBe(gnuDiffBody(before, after));
  });

  test('random edits: GNU patch turns before into after', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return Math.floor((seed / 2 ** 32) * n);
    };
    let applied = 0;
    for (let round = 0; round < 60; round++) {
      const before = Array.from({ length: random(40) }, () => `w${random(6)}`);
      const after = [...before];
      for (let e = 0; e < random(8); e++) {
        const op = random(3);
        const at = random(after.length + 1);
        if (op === 0) after.splice(at, 0, `n${random(6)}`);
        else if (op === 1) after.splice(at, 1);
        else after[at] = `c${random(6)}`;
      }
      const a = before.map((l) => `${l}\n`).join('');
      const b = after.map((l) => `${l}\n`).join('');
      if (a === b) continue;
      expect(patched(a, b)).toBe(b);
      applied++;
    }
    expect(applied).toBeGreaterThan(40);
  });

  // How long this takes is measured by `npm run bench:diff`, not asserted here.
  test('large, completely different inputs give one replacement that patch applies', () => {
    const before = lines(6000, (i) => `old ${i}`);
    const after = lines(6000, (i) => `new ${i}`);
    const diff = unifiedDiff(before, after, { fromLabel: 'a', toLabel: 'b' });
    expect(diff.split('\n')[2]).toBe('@@ -1,6000 +1,6000 @@');
    expect(patched(before, after)).toBe(after);
  });
});

describe('contentDiff', () => {
  test('new text file: diff from /dev/null', () => {
    const diff = contentDiff({ path: '/etc/motd', before: undefined, after: Buffer.from('hello\n') });
    expect(diff?.text).toBe('--- /dev/null\n+++ after: /etc/motd\n@@ -0,0 +1 @@\n+hello\n');
  });

  test('changed text file', () => {
    const diff = contentDiff({ path: '/f', before: Buffer.from('a\nb\n'), after: Buffer.from('a\nc\n') });
    expect(diff?.text).toBe('--- before: /f\n+++ after: /f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n');
  });

  test('equal content: no diff', () => {
    expect(contentDiff({ path: '/f', before: Buffer.from('x'), after: Buffer.from('x') })).toBeUndefined();
  });

  test('NUL bytes or invalid UTF-8: "binary file differs"', () => {
    expect(isBinary(Buffer.from([0x61, 0x00, 0x62]))).toBe(true);
    expect(isBinary(Buffer.from([0xc3, 0x28]))).toBe(true);
    expect(isBinary(Buffer.from('grüße\n'))).toBe(false);
    const diff = contentDiff({ path: '/bin/x', before: Buffer.from('text\n'), after: Buffer.from([1, 0, 2]) });
    expect(diff?.text).toBe('--- before: /bin/x\n+++ after: /bin/x\nbinary file differs (5 bytes -> 3 bytes)\n');
  });

  test('content above the size cap is summarised', () => {
    const big = Buffer.alloc(DIFF_SIZE_CAP + 1, 'a');
    expect(contentDiff({ path: '/big', before: Buffer.from('a\n'), after: big })?.text).toContain(
      `file too large to diff (2 bytes -> ${DIFF_SIZE_CAP + 1} bytes)`,
    );
    expect(contentDiff({ path: '/big', before: undefined, beforeSize: DIFF_SIZE_CAP * 2, after: Buffer.from('a') })?.text).toContain(
      'file too large to diff',
    );
  });

  test('directory summary lists new and changed files and counts the rest', () => {
    const summary = directorySummary('/opt/app/', [
      { path: '/opt/app/a', state: 'new' },
      { path: '/opt/app/b', state: 'changed', reasons: ['content', 'mode 0644 -> 0755'] },
      { path: '/opt/app/c', state: 'unchanged' },
    ]);
    expect(summary.text).toBe(
      'directory /opt/app/:\n  + /opt/app/a\n  ~ /opt/app/b (content, mode 0644 -> 0755)\n  1 new, 1 changed, 1 unchanged\n',
    );
  });
});
