import { FunctionError } from '../function-types';
import { GoFloat, GoInt, goTypeName } from '../../core/values';
import { fileExists, getStringSlice, mapToNamedStringArgs, pow, subtractList, toBool, toLowerByteUnit, unquote } from './misc';

// Expected values come from the Go oracle (tests/conformance/corpus/kubekey-misc.jsonl).
describe('pow', () => {
  it('returns float64', () => {
    expect(pow(2, 10)).toEqual(new GoFloat(1024));
    expect(pow(0, -1).value).toBe(Infinity);
  });
});

describe('subtractList', () => {
  it('keeps order and duplicates of a and compares with Go ==', () => {
    expect(subtractList(['a', 'b', 'c', 'b'], ['b'])).toEqual(['a', 'c']);
    expect(subtractList([1, 2], [new GoFloat(1)])).toEqual([1, 2]);
    expect(subtractList([1, new GoInt('int64', 2n)], [new GoInt('int64', 2n)])).toEqual([1]);
    expect(subtractList(null, ['a'])).toEqual([]);
    expect(subtractList(['a'], null)).toEqual(['a']);
  });

  it('fails for non-lists and unhashable elements', () => {
    expect(() => subtractList('a', [])).toThrow(FunctionError);
    expect(() => subtractList([{}], [])).toThrow('hash of unhashable type map[string]interface {}');
  });
});

describe('unquote', () => {
  it.each([
    ['"abc"', 'abc'],
    ['`raw`', 'raw'],
    ["'a'", 'a'],
    ["'abc'", "'abc'"],
    ['abc', 'abc'],
    ['"a\\tb"', 'a\tb'],
    ['"\\u00e9"', 'é'],
    ['"bad\\q"', '"bad\\q"'],
    ['"', '"'],
  ])('%s', (input, expected) => {
    expect(unquote(input)).toBe(expected);
  });

  it('returns "" for non-strings', () => {
    expect(unquote(1)).toBe('');
    expect(unquote(null)).toBe('');
  });
});

describe('mapToNamedStringArgs', () => {
  it('sorts by key and prints values with %v', () => {
    const out = mapToNamedStringArgs({ v: 2, 'feature-gates': 'A=true', z: null, list: [1, 2] });
    expect(out).toEqual([
      { name: 'feature-gates', value: 'A=true' },
      { name: 'list', value: '[1 2]' },
      { name: 'v', value: '2' },
      { name: 'z', value: '<nil>' },
    ]);
    expect(goTypeName(out)).toBe('[]map[string]string');
    expect(mapToNamedStringArgs(['x'])).toEqual([]);
  });
});

describe('toLowerByteUnit', () => {
  it.each([
    ['5Mi', '5m'],
    ['1Gi', '1g'],
    ['2Ei', '2e'],
    ['5M', '5M'],
    ['5mi', '5mi'],
    ['Mi', 'Mi'],
  ])('%s → %s', (input, expected) => {
    expect(toLowerByteUnit(input)).toBe(expected);
  });
});

describe('toBool', () => {
  it('follows strconv.ParseBool and numeric truth', () => {
    expect([toBool(true), toBool('T'), toBool('0'), toBool(1), toBool(new GoFloat(0.5)), toBool(new GoInt('int64', 0n))]).toEqual([true, true, false, true, true, false]);
  });

  it.each([['yes'], [''], [null], [[1]]])('%j is an error', (v) => {
    expect(() => toBool(v)).toThrow(FunctionError);
  });
});

describe('fileExists / getStringSlice', () => {
  it('stats the local file system', () => {
    expect(fileExists('/')).toBe(true);
    expect(fileExists('/definitely/not/here')).toBe(false);
  });

  it('returns the list of a key or an empty []string', () => {
    expect(getStringSlice({ g: ['a'] }, 'g')).toEqual(['a']);
    expect(goTypeName(getStringSlice({}, 'x'))).toBe('[]string');
  });
});
