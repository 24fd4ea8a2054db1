import { compile, findAllString, matchString } from './regexp';
import { isGoUnicodeClass, rangesSource, unicodeClassRanges } from './regexp-unicode';
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
});
