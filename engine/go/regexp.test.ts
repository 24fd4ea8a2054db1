import * as regexp from './regexp';

const names = (expr: string): readonly string[] => regexp.compile(expr).subexpNames;
const errorOf = (expr: string): string => {
  try {
    regexp.compile(expr);
  } catch (e) {
    return (e as Error).message;
  }
  return 'compiled';
};

describe('regexp.Compile', () => {
  it("numbers groups as Go does and keeps Go 1.19's names, duplicates included", () => {
    expect(names('(a)(?:b)(?P<x>c)(?i)(d)')).toEqual(['', '', 'x', '']);
    expect(names('(?P<n>a)|(?P<n>b)')).toEqual(['', 'n', 'n']);
    expect(names('\\((a)[(](?P<b>)\\Q(?P<c>x)\\E')).toEqual(['', '', 'b']);
    expect(names('[(?P<x>a)](b)')).toEqual(['', '']);
  });

  it("finds group syntax that only Go rejects where Go's parser stops", () => {
    expect(errorOf('(?P<a>a)(?<b>b)')).toBe('error parsing regexp: invalid or unsupported Perl syntax: `(?<`');
    expect(errorOf('(?<b>b)a**')).toBe('error parsing regexp: invalid or unsupported Perl syntax: `(?<`');
    expect(errorOf('a**(?<b>b)')).toBe('error parsing regexp: invalid nested repetition operator: `**`');
    expect(errorOf('(?i(?<a>x))')).toBe('error parsing regexp: invalid or unsupported Perl syntax: `(?i(`');
    expect(errorOf('((?<a>x)')).toBe('error parsing regexp: invalid or unsupported Perl syntax: `(?<`');
    expect(errorOf('a(?P<')).toBe('error parsing regexp: invalid or unsupported Perl syntax: `(?P`');
    expect(errorOf('(?P<(?P<n>x)')).toBe('error parsing regexp: invalid named capture: `(?P<(?P<n>`');
    expect(errorOf('(?P<n>?)')).toBe('error parsing regexp: missing argument to repetition operator: `?`');
    expect(errorOf('[(?<n>x)]\\Q(?<n>\\E')).toBe('compiled');
  });

  it('quotes the whole pattern where Go does', () => {
    expect(errorOf('(?P<n>a))')).toBe('error parsing regexp: unexpected ): `(?P<n>a))`');
    expect(errorOf('(?P<n>a')).toBe('error parsing regexp: missing closing ): `(?P<n>a`');
    const deep = `${'('.repeat(1001)}a${')'.repeat(1001)}`;
    expect(errorOf(deep)).toBe(`error parsing regexp: expression nests too deeply: \`${deep}\``);
    expect(errorOf('a\\')).toBe('error parsing regexp: trailing backslash at end of expression: ``');
  });

  it('caches compiled expressions', () => {
    expect(regexp.compile('a(b)')).toBe(regexp.compile('a(b)'));
  });
});

describe('matching', () => {
  it('reports UTF-16 positions on code point boundaries', () => {
    const re = regexp.compile('.');
    expect(regexp.findAllIndex(re, 'a😀b', -1, false)).toEqual([
      [0, 1],
      [1, 3],
      [3, 4],
    ]);
    expect(regexp.findAllIndex(regexp.compile('x*'), '😀', -1, false)).toEqual([
      [0, 0],
      [2, 2],
    ]);
  });

  it('keeps the text before the search position as context (\\b, ^)', () => {
    expect(regexp.findAllString(regexp.compile('\\bb'), 'ab b', -1)).toEqual(['b']);
    expect(regexp.replaceAllString(regexp.compile('^a'), 'aaa', 'x')).toBe('xaa');
  });

  it("returns Go's nil as null and -1 for groups that took no part", () => {
    expect(regexp.findAllString(regexp.compile('x'), 'abc', -1)).toBeNull();
    expect(regexp.findAllStringSubmatch(regexp.compile('x'), 'abc', -1)).toBeNull();
    expect(regexp.split(regexp.compile('x'), 'abc', 0)).toBeNull();
    expect(regexp.findIndex(regexp.compile('(a)|(b)'), 'b')).toEqual([0, 1, -1, -1, 0, 1]);
    expect(regexp.findStringSubmatch(regexp.compile('(a)|(b)'), 'b')).toEqual(['b', '', 'b']);
    expect(regexp.findStringSubmatch(regexp.compile('(a)'), 'b')).toBeUndefined();
  });

  it('expands a duplicate name to the first group of that name that took part', () => {
    const re = regexp.compile('(?P<x>a)|(?P<x>b)');
    expect(regexp.replaceAllString(re, 'ab', '[$x]')).toBe('[a][b]');
  });

  it('runs catastrophic patterns in linear time (the answer, not the time, is checked)', () => {
    expect(regexp.matchString(regexp.compile('(a+)+$'), `${'a'.repeat(50_000)}!`)).toBe(false);
    expect(regexp.findString(regexp.compile('(a|aa)+b'), 'a'.repeat(50_000))).toBe('');
  });
});
