import { GoFloat, GoInt } from '../core/values';
import { formatDiagnostic } from '../core/format-diagnostic';
import { GoTime } from '../core/go-time';
import { loadYaml, MAX_YAML_BYTES } from './load-yaml';

// Expectations follow gopkg.in/yaml.v3 and yaml.v2 resolve.go (read from the Go sources).
describe('loadYaml scalar typing', () => {
  const project = (text: string) => loadYaml(`v: ${text}\n`, 'f.yaml', { schema: 'project' }).value as Record<string, unknown>;
  const yaml11 = (text: string) => loadYaml(`v: ${text}\n`, 'f.yaml', { schema: 'yaml11' }).value as Record<string, unknown>;

  it.each([
    ['0755', 493],
    ['0o755', 493],
    ['0x1F', 31],
    ['0b101', 5],
    ['-0x10', -16],
    ['+12', 12],
    ['1_000', 1000],
    ['42', 42],
    ['yes', 'yes'],
    ['no', 'no'],
    ['on', 'on'],
    ['y', 'y'],
    ['True', true],
    ['FALSE', false],
    ['~', null],
    ['Null', null],
    ['"0755"', '0755'],
    ["'true'", 'true'],
    ['1.2.3', '1.2.3'],
    ['.', '.'],
    ['1e400', '1e400'],
    ['2023-01-01T12:00:00', '2023-01-01T12:00:00'],
  ])('project %s', (text, expected) => {
    expect(project(text).v).toEqual(expected);
  });

  it.each([
    ['1.0', 1],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['1e3', 1000],
    ['08', 8],
    ['1.', 1],
  ])('project float %s', (text, expected) => {
    const v = project(text).v;
    expect(v).toBeInstanceOf(GoFloat);
    expect((v as GoFloat).value).toBe(expected);
  });

  it('project special floats', () => {
    expect((project('.inf').v as GoFloat).value).toBe(Infinity);
    expect((project('-.Inf').v as GoFloat).value).toBe(-Infinity);
    expect(Number.isNaN((project('.NaN').v as GoFloat).value)).toBe(true);
  });

  it('integers beyond 2^53 and beyond int64', () => {
    expect(project('9007199254740993').v).toEqual(new GoInt('int', 9007199254740993n));
    expect(project('18446744073709551615').v).toEqual(new GoInt('uint64', 18446744073709551615n));
    expect(project('18446744073709551616').v).toEqual(new GoFloat(18446744073709551616));
  });

  it('timestamps become time.Time values in project files, strings in YAML 1.1 files', () => {
    const t = project('2023-01-01').v as GoTime;
    expect(t).toBeInstanceOf(GoTime);
    expect(t.goString()).toBe('2023-01-01 00:00:00 +0000 UTC');
    expect(t.toRfc3339()).toBe('2023-01-01T00:00:00Z');
    const z = project('2023-1-2T3:04:05.5+08:00').v as GoTime;
    expect(z.goString()).toBe('2023-01-02 03:04:05.5 +0800 +0800');
    expect(z.toRfc3339()).toBe('2023-01-02T03:04:05.5+08:00');
    expect(project('2023-02-30').v).toBe('2023-02-30');
    expect(yaml11('2023-01-01').v).toBe('2023-01-01');
  });

  it.each([
    ['yes', true],
    ['No', false],
    ['ON', true],
    ['off', false],
    ['y', true],
    ['n', false],
    ['0755', 493],
    ['"yes"', 'yes'],
  ])('yaml11 %s', (text, expected) => {
    expect(yaml11(text).v).toEqual(expected);
  });

  it('explicit tags', () => {
    expect(project('!!int "12"').v).toBe(12);
    expect(project('!!str 12').v).toBe('12');
    expect(project('!!float 3').v).toEqual(new GoFloat(3));
    const r = loadYaml('v: !!bool "yes"\n', 'f.yaml', { schema: 'project' });
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual(['f.yaml:1:11: yaml: cannot decode !!str `yes` as a !!bool (KP-LOAD-001)']);
  });
});

describe('loadYaml structure and positions', () => {
  const text = ['base: &b', '  x: 1', '  y: 2', 'merged:', '  <<: *b', '  y: 3', 'list:', '  - a', '  - "b"', 'empty:', ''].join('\n');
  const r = loadYaml(text, '/p/f.yaml', { schema: 'project' });

  it('builds maps, lists, aliases and merge keys', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toEqual({ base: { x: 1, y: 2 }, merged: { x: 1, y: 3 }, list: ['a', 'b'], empty: null });
  });

  it('locates values and keys', () => {
    expect(r.locate(['list', 1])).toEqual({ file: '/p/f.yaml', line: 9, col: 5 });
    expect(r.locateKey(['merged', 'y'])).toEqual({ file: '/p/f.yaml', line: 6, col: 3 });
    // merged-in keys point at their definition
    expect(r.locate(['merged', 'x'])).toEqual({ file: '/p/f.yaml', line: 2, col: 6 });
    // a missing path falls back to the deepest existing node
    expect(r.locate(['list', 7])).toEqual({ file: '/p/f.yaml', line: 8, col: 3 });
    expect(r.nodeAt(['list', 1])?.style).toBe('double-quoted');
    expect(r.nodeAt(['list', 1])?.raw).toBe('"b"');
  });

  it('reports duplicate keys with both lines, and keeps the first value', () => {
    const d = loadYaml('a: 1\nb: 2\na: 3\n', 'dup.yaml', { schema: 'project' });
    expect(d.value).toEqual({ a: 1, b: 2 });
    expect(d.diagnostics.map((x) => formatDiagnostic(x, 'a: 1\nb: 2\na: 3\n'))).toEqual([
      'dup.yaml:3:1: yaml: mapping key "a" already defined at line 1 (KP-LOAD-001)\na: 3\n^',
    ]);
  });

  it('reports parse errors with positions', () => {
    const d = loadYaml('a:\n  - b\n  c: d\n', 'bad.yaml', { schema: 'project' });
    expect(d.diagnostics.map((x) => formatDiagnostic(x))).toEqual([
      'bad.yaml:3:1: yaml: All mapping items must start at the same column (KP-LOAD-001)',
    ]);
    const q = loadYaml('a: 1\nb: "x\n', 'q.yaml', { schema: 'project' });
    expect(q.diagnostics.map((x) => formatDiagnostic(x))).toEqual(['q.yaml:3:1: yaml: Missing closing "quote (KP-LOAD-001)']);
  });

  it('reads every document of a stream, and empty input as null', () => {
    const m = loadYaml('a: 1\n---\nb: 2\n', 'm.yaml', { schema: 'yaml11' });
    expect(m.documents.map((d) => d.value)).toEqual([{ a: 1 }, { b: 2 }]);
    expect(m.documents[1].locate(['b'])).toEqual({ file: 'm.yaml', line: 3, col: 4 });
    expect(loadYaml('', 'e.yaml', { schema: 'project' }).value).toBeNull();
    expect(loadYaml('# only a comment\n', 'e.yaml', { schema: 'project' }).value).toBeNull();
  });
});

describe('formatDiagnostic', () => {
  it('prints the line and a caret under the column, keeping tabs', () => {
    const d = { pos: { file: 'x.yaml', line: 2, col: 4 }, message: 'boom', severity: 'error' as const };
    expect(formatDiagnostic(d, 'first\n\tab: c\n')).toBe('x.yaml:2:4: boom\n\tab: c\n\t  ^');
    expect(formatDiagnostic({ ...d, severity: 'warning' })).toBe('x.yaml:2:4: warning: boom');
  });
});

describe('loadYaml on hostile or unusual input', () => {
  const laughs = (levels: number): string => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    return lines.join('\n') + '\n';
  };

  it('stops a "billion laughs" document at the alias that explodes, with its position', () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const loaded = loadYaml(laughs(9), 'bomb.yaml', { schema: 'project' });
    const grown = process.memoryUsage().heapUsed - heapBefore;
    expect(loaded.diagnostics).toHaveLength(1);
    expect(loaded.diagnostics[0].message).toBe('yaml: document contains excessive aliasing (an alias expands to too many nodes)');
    expect(loaded.diagnostics[0].pos.file).toBe('bomb.yaml');
    expect(loaded.diagnostics[0].pos.line).toBeGreaterThan(1);
    // 9^10 nodes would need gigabytes; the guard stops after a few thousand.
    expect(grown).toBeLessThan(100 * 1024 * 1024);
  });

  it('keeps ordinary reuse of anchors working (an anchor used many times)', () => {
    const text = ['base: &base {image: nginx, port: 80, tags: [a, b, c]}', 'hosts:']
      .concat(Array.from({ length: 300 }, (_, i) => `  - {name: h${i}, cfg: *base}`))
      .join('\n');
    const loaded = loadYaml(text, 'ok.yaml', { schema: 'project' });
    expect(loaded.diagnostics).toEqual([]);
    const hosts = (loaded.value as { hosts: { cfg: { port: number } }[] }).hosts;
    expect(hosts).toHaveLength(300);
    expect(hosts[299].cfg.port).toBe(80);
  });

  it('accepts a UTF-8 byte-order mark and counts columns without it', () => {
    const loaded = loadYaml('\ufeffa: 1\nb: 2\n', 'bom.yaml', { schema: 'project' });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.value).toEqual({ a: 1, b: 2 });
    expect(loaded.locateKey(['a'])).toEqual({ file: 'bom.yaml', line: 1, col: 1 });
  });

  it('refuses a file over the size limit before parsing it', () => {
    const loaded = loadYaml('a: ' + 'x'.repeat(MAX_YAML_BYTES), 'big.yaml', { schema: 'project' });
    expect(loaded.diagnostics).toEqual([
      { pos: { file: 'big.yaml', line: 1, col: 1 }, message: 'yaml: file is larger than the 32 MiB limit', severity: 'error' },
    ]);
  });
});
