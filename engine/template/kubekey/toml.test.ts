import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonLossless } from '../../go/json';
import { FunctionError } from '../function-types';
import { GoFloat, GoInt, goTypeName, type GoList, type GoMap } from '../../core/values';
import { fromToml, toToml } from './toml';

// Expectations were rendered by the Go oracle (BurntSushi/toml 1.2 encoder); null = Go error.
const table = readFileSync(join(__dirname, 'testdata', 'totoml.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l, i) => {
    const parsed = parseJsonLossless(l) as GoMap;
    return { name: `case ${i}: ${l.slice(0, 60)}`, data: parsed.data ?? null, expected: parsed.expected as string | null };
  });

describe('toToml (BurntSushi encoder)', () => {
  test.each(table)('$name', ({ data, expected }) => {
    if (expected === null) expect(() => toToml(data)).toThrow(FunctionError);
    else expect(toToml(data)).toBe(expected);
  });

  it('writes keys before tables, indents nested tables and keeps the trailing newline', () => {
    expect(toToml({ t: { x: 1, u: { y: new GoFloat(2) } }, a: 'b' })).toBe('a = "b"\n\n[t]\n  x = 1\n  [t.u]\n    y = 2.0\n');
  });
});

describe('fromTOML', () => {
  it('decodes integers as int64, floats as float64 and [[arrays]] as []map[string]interface {}', () => {
    const m = fromToml('a = 1\nb = 1.5\nc = [1, "x"]\n[[p]]\nx = 1\n[[p]]\nx = 2\n[s.u]\nk = "v"') as GoMap;
    expect(m.a).toEqual(new GoInt('int64', 1n));
    expect(goTypeName(m.b)).toBe('float64');
    expect(goTypeName(m.p)).toBe('[]map[string]interface {}');
    expect((m.p as GoList).length).toBe(2);
    expect(m.s).toEqual({ u: { k: 'v' } });
  });

  it('reads strings, number bases and inline tables', () => {
    const m = fromToml(`s = 'lit\\n'\nb = "tab\\tq\\""\nh = 0xff\no = 0o17\nu = 1_000\nx = {y = 2, z.w = "v"}\nm = """\nl1\nl2"""`) as GoMap;
    expect(m.s).toBe('lit\\n');
    expect(m.b).toBe('tab\tq"');
    expect([m.h, m.o, m.u].map((v) => (v as GoInt).value)).toEqual([255n, 15n, 1000n]);
    expect(m.x).toEqual({ y: new GoInt('int64', 2n), z: { w: 'v' } });
    expect(m.m).toBe('l1\nl2');
  });

  it('rejects malformed documents and redefined keys', () => {
    expect(() => fromToml('a = ')).toThrow(FunctionError);
    expect(() => fromToml('a = 1\na = 2')).toThrow(FunctionError);
    expect(() => fromToml('[t]\n[t]')).toThrow(FunctionError);
  });

  it('keeps local dates in Go\'s date-local zone', () => {
    expect((fromToml('d = 1979-05-27') as GoMap).d).toMatchObject({ goType: 'time.Time' });
    expect(((fromToml('d = 1979-05-27') as GoMap).d as { goString(): string }).goString()).toBe('1979-05-27 00:00:00 +0000 date-local');
  });
});
