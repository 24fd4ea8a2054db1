import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonLossless } from '../../go/json';
import { FunctionError } from '../function-types';
import { GoFloat, GoInt, goTypeName, GO_TYPE, type GoMap } from '../../core/values';
import { fromYaml, toYaml, yamlKeyLess } from './yaml';

// Expectations were rendered by the Go oracle (yaml.v3 encoder, SetIndent(4), TrimSpace).
const table = readFileSync(join(__dirname, 'testdata', 'toyaml.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l, i) => {
    const parsed = parseJsonLossless(l) as GoMap;
    return { name: `case ${i}: ${l.slice(0, 60)}`, data: parsed.data, expected: parsed.expected as string };
  });

describe('toYaml (yaml.v3, 4-space indent)', () => {
  test.each(table)('$name', ({ data, expected }) => {
    expect(toYaml(data ?? null)).toBe(expected);
  });

  it('indents lists inside maps by 4 and maps inside list items by 2', () => {
    expect(toYaml({ a: [1, { x: 'y', z: [3] }] })).toBe('a:\n    - 1\n    - x: "y"\n      z:\n        - 3');
  });

  it('quotes strings that would read back as other types and writes multi-line text as |-', () => {
    expect(toYaml(['123', 'n', 'true', '', 'a\nb'])).toBe('- "123"\n- "n"\n- "true"\n- ""\n- |-\n  a\n  b');
  });

  it('prints floats like strconv g and returns "" for functions', () => {
    expect(toYaml([new GoFloat(1e6), new GoFloat(1), new GoInt('uint64', 18446744073709551615n)])).toBe('- 1e+06\n- 1\n- 18446744073709551615');
    expect(toYaml({ f: { goMethod: true, name: 'x', call: () => null } })).toBe('');
  });

  it('orders keys numerically inside names like yaml.v3', () => {
    const keys = ['a10', 'a2', 'a1', 'B', 'b', '_'];
    expect(keys.sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0))).toEqual(['_', 'B', 'a1', 'a2', 'a10', 'b']);
  });
});

describe('fromYaml (yaml.v3 typing)', () => {
  it('types scalars like yaml.v3 decoding into interface{}', () => {
    const m = fromYaml('a: 1\nb: 1.5\nc: 9223372036854775808\nd: yes\ne: 2024-01-15\nf: [1]\ng: {<<: {x: 1}, y: 2}\nh: 0x10\ni: "1"') as GoMap;
    expect([m.a, m.d, m.h, m.i]).toEqual([1, 'yes', 16, '1']);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => goTypeName(m[k]))).toEqual(['int', 'float64', 'uint64', 'string', 'time.Time', '[]interface {}']);
    expect(m.g).toEqual({ x: 1, y: 2 });
  });

  it('uses map[interface {}]interface {} for non-string keys and nil for an empty document', () => {
    expect((fromYaml('1: a') as GoMap)[GO_TYPE]).toBe('map[interface {}]interface {}');
    expect(fromYaml('')).toBeNull();
    expect(fromYaml('a: 1\n---\nb: 2')).toEqual({ a: 1 });
  });

  it('fails on invalid YAML and duplicate keys', () => {
    expect(() => fromYaml('a: [1')).toThrow(FunctionError);
    expect(() => fromYaml('a: 1\na: 2')).toThrow(FunctionError);
  });
});
