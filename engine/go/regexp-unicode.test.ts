import { RE2JS } from 're2js';
import { compile, findAllString, matchString } from './regexp';
import { NEWER_FOLD_PARTNERS, isGoUnicodeClass, rangesSource, unicodeClassRanges, withoutNewerFoldPartners } from './regexp-unicode';
import { CATEGORIES, SCRIPTS, UNICODE_VERSION } from './unicode-tables';

describe("Go's \\p classes", () => {
  it('are those of Unicode 13.0, as in Go 1.19', () => {
    expect(UNICODE_VERSION).toBe('13.0.0');
    expect(matchString(compile('\\pL'), '\u{10570}')).toBe(false); // VITHKUQI CAPITAL LETTER A, Unicode 14
    expect(matchString(compile('\\p{Han}'), '\u{30000}')).toBe(true); // CJK Extension G, Unicode 13
    expect(findAllString(compile('\\p{So}'), '\u{1F600}\u{1FAE0}', -1)).toEqual(['\u{1F600}']);
  });

  it('know every category and script of Go and nothing else', () => {
    const names = [...Object.keys(CATEGORIES), ...Object.keys(SCRIPTS)];
    expect(names.length).toBeGreaterThan(180);
    for (const name of names) {
      expect(isGoUnicodeClass(name)).toBe(true);
      expect(() => compile(`\\p{${name}}[\\P{^${name}}x]`)).not.toThrow();
    }
    for (const name of ['Vithkuqi', 'LC', 'Cn', 'greek', 'constructor', '']) expect(isGoUnicodeClass(name)).toBe(false);
  });

  it('add the case-folding complement under (?i) before negating, as Go does', () => {
    expect(unicodeClassRanges('Lu', false, false)?.some(([lo, hi]) => lo <= 0x61 && 0x61 <= hi)).toBe(false);
    expect(unicodeClassRanges('Lu', false, true)?.some(([lo, hi]) => lo <= 0x61 && 0x61 <= hi)).toBe(true);
    expect(unicodeClassRanges('Lu', true, true)?.some(([lo, hi]) => lo <= 0x61 && 0x61 <= hi)).toBe(false);
    expect(unicodeClassRanges('Any', false, false)).toBeUndefined();
  });

  it('are spelled as RE2 class items', () => {
    expect(rangesSource([
      [0x41, 0x5a],
      [0x1f600, 0x1f600],
    ])).toBe('\\x{41}-\\x{5a}\\x{1f600}');
  });

  it("list every character Go knows that re2js folds onto one Go does not know", () => {
    // Everything Go 1.19 assigns but private use and surrogates (which have no case).
    const assigned = ['L', 'M', 'N', 'P', 'S', 'Z', 'Cc', 'Cf'].flatMap((name) => unicodeClassRanges(name, false, false) ?? []);
    const sorted = [...assigned].sort((a, b) => a[0] - b[0]);
    const unassigned: [number, number][] = [];
    let next = 0;
    for (const [lo, hi] of sorted) {
      if (lo > next) unassigned.push([next, lo - 1]);
      next = Math.max(next, hi + 1);
    }
    unassigned.push([next, 0x10ffff]);
    const foldsOntoUnassigned = RE2JS.compile(`(?i)^[${rangesSource(unassigned)}]$`);
    const found: number[] = [];
    for (const [lo, hi] of assigned) for (let cp = lo; cp <= hi; cp++) if (foldsOntoUnassigned.test(String.fromCodePoint(cp))) found.push(cp);
    expect(found).toEqual(NEWER_FOLD_PARTNERS.map(([old]) => old));
    for (const [old, partner] of NEWER_FOLD_PARTNERS) {
      expect(RE2JS.compile(`(?i)^\\x{${old.toString(16)}}$`).test(String.fromCodePoint(partner))).toBe(true);
    }
    expect(withoutNewerFoldPartners([[0x100, 0xa7ff]])).toEqual([
      [0x100, 0xa7ca],
      [0xa7cc, 0xa7db],
      [0xa7dd, 0xa7ff],
    ]);
  });

  it('keep re2js from folding a negated class onto ƛ under (?i)', () => {
    expect(matchString(compile('(?i)\\PL'), 'ƛ')).toBe(false);
    expect(matchString(compile('(?i)[\\PLx]'), 'ƛ')).toBe(false);
  });
});
