import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GO_TYPE, GoFloat, GoInt, withGoType, type GoValue } from '../core/values';
import { decodeValue, encodeValue } from './checkpoint-codec';
import { Unknown } from '../core/unknown';
import { CheckpointWriter, logFile, readCheckpoint, SNAPSHOT_FILE, type HostRecord } from './checkpoint-file';
import { resumableRecords } from './checkpoint';

describe('checkpoint codec', () => {
  test('Go values come back with their types', () => {
    const value: GoValue = {
      int: 3,
      float: 1.5,
      wholeFloat: new GoFloat(2),
      nan: new GoFloat(NaN),
      int64: new GoInt('int64', 9007199254740993n),
      uint8: new GoInt('uint8', 7n),
      nil: null,
      text: 'x',
      flag: true,
      list: [1, 'a', null],
      typed: withGoType(['a'], '[]string'),
      typedMap: withGoType({ k: 'v' }, 'map[string]string'),
      $dollar: { $i: 'not an int' },
      ['__proto__']: 'own key',
    };
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value))) as ReturnType<typeof encodeValue>) as Record<string, GoValue>;
    expect(back.int).toBe(3);
    expect(back.float).toBe(1.5);
    expect(back.wholeFloat).toEqual(new GoFloat(2));
    expect(Number.isNaN((back.nan as GoFloat).value)).toBe(true);
    expect(back.int64).toEqual(new GoInt('int64', 9007199254740993n));
    expect(back.uint8).toEqual(new GoInt('uint8', 7n));
    expect(back.nil).toBeNull();
    expect(back.list).toEqual([1, 'a', null]);
    expect((back.typed as GoValue[] & { [GO_TYPE]?: string })[GO_TYPE]).toBe('[]string');
    expect((back.typedMap as { [GO_TYPE]?: string })[GO_TYPE]).toBe('map[string]string');
    expect(back.$dollar).toEqual({ $i: 'not an int' });
    expect(Object.prototype.hasOwnProperty.call(back, '__proto__')).toBe(true);
  });

  test("a check run's unknown value comes back unknown with its reason", () => {
    const value = { probe: new Unknown('registered by task "probe" (site.yaml:3), which did not really run'), ok: 'yes' };
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value))) as ReturnType<typeof encodeValue>) as Record<string, GoValue>;
    expect(back.probe).toBeInstanceOf(Unknown);
    expect((back.probe as Unknown).reason).toBe(value.probe.reason);
    expect(back.ok).toBe('yes');
  });
});

const record = (k: string, h: string, s: HostRecord['s'], rs = false): HostRecord => ({
  t: 'h',
  k,
  h,
  s,
  c: false,
  n: false,
  rs,
  task: k,
  module: 'command',
  file: 'site.yaml',
  r: { host: h, status: s, stdout: '', stderr: '', durationMs: 1 },
});

describe('checkpoint files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kplay-checkpoint-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const state = () => ({ deltas: [], failed: [], unreachable: [] });

  test('a line cut short (a crash in the middle of a write) is dropped with everything after it', () => {
    const writer = new CheckpointWriter(dir, state);
    writer.append({ ...record('a', 'h1', 'ok'), d: [['m', 'h1', { x: 1 }]] });
    writer.append({ ...record('b', 'h1', 'changed'), d: [['m', 'h1', { y: 2 }]] });
    writer.close();
    appendFileSync(logFile(dir, 0), '{"t":"h","k":"c","h":"h1","s":"ok","d":[["m","h1",{"z"');
    const data = readCheckpoint(dir);
    expect(data.records.map((r) => r.k)).toEqual(['a', 'b']);
    expect(data.deltas).toEqual([
      ['m', 'h1', { x: 1 }],
      ['m', 'h1', { y: 2 }],
    ]);
    expect(statSync(logFile(dir, 0)).mode & 0o777).toBe(0o600);
  });

  test('compaction writes the whole state to a 0600 snapshot and continues in a new log', () => {
    const writer = new CheckpointWriter(dir, () => ({ deltas: [['m', 'h1', { all: true }]], failed: ['h2'], unreachable: [] }));
    writer.append(record('a', 'h1', 'ok'));
    writer.compact();
    writer.append({ ...record('b', 'h1', 'ok'), d: [['m', 'h1', { more: 1 }]] });
    writer.close();
    expect(readdirSync(dir).sort()).toEqual(['checkpoint-1.log', SNAPSHOT_FILE]);
    expect(statSync(join(dir, SNAPSHOT_FILE)).mode & 0o777).toBe(0o600);
    const data = readCheckpoint(dir);
    expect(data.records.map((r) => r.k)).toEqual(['a', 'b']);
    expect(data.deltas).toEqual([
      ['m', 'h1', { all: true }],
      ['m', 'h1', { more: 1 }],
    ]);
    expect(data.failed).toEqual(['h2']);
    // A snapshot is replaced whole or not at all: no temporary file stays.
    expect(readFileSync(join(dir, SNAPSHOT_FILE), 'utf8')).toContain('"gen":1');
  });

  test('a snapshot written but its new log not yet made still reads', () => {
    writeFileSync(join(dir, SNAPSHOT_FILE), JSON.stringify({ version: 1, gen: 4, deltas: [], records: [record('x', 'h1', 'ok')], vars: [], failed: [], unreachable: [] }));
    expect(readCheckpoint(dir).records.map((r) => r.k)).toEqual(['x']);
  });
});

describe('what a resume keeps', () => {
  const data = (records: HostRecord[], failed: string[] = []) => ({ records, vars: [], deltas: [], failed, unreachable: [] });

  test('a host that failed is retried from its failing task; a rescued failure is kept', () => {
    const kept = resumableRecords(
      data([record('p0/tasks/0', 'h1', 'ok'), record('p0/tasks/0', 'h2', 'ok'), record('p0/tasks/1', 'h1', 'failed', true), record('p0/tasks/2', 'h1', 'ok'), record('p0/tasks/1', 'h2', 'failed'), record('p0/tasks/2', 'h2', 'ok')], ['h2']),
    );
    // h2's always task (2) after its failure runs again with the retried task.
    expect(kept.records.map((r) => `${r.h}:${r.k}`)).toEqual(['h1:p0/tasks/0', 'h2:p0/tasks/0', 'h1:p0/tasks/1', 'h1:p0/tasks/2']);
    expect(kept.retried).toEqual(['h2']);
  });

  test('a failure inside a role retries the whole role on that host, its vars included', () => {
    const kept = resumableRecords({
      ...data([record('p0/pre/0', 'h1', 'ok'), record('p0/roles/1/dep0/t/0', 'h1', 'ok'), record('p0/roles/1/t/0', 'h1', 'ok'), record('p0/roles/1/t/1/block/2', 'h1', 'failed'), record('p1/tasks/0', 'h1', 'failed')]),
      vars: [
        { t: 'v', k: 'p0#vars', h: ['h1', 'h2'] },
        { t: 'v', k: 'p0/roles/1#vars', h: ['h1', 'h2'] },
      ],
    });
    expect(kept.records.map((r) => r.k)).toEqual(['p0/pre/0']);
    expect(kept.vars).toEqual([
      { t: 'v', k: 'p0#vars', h: ['h1', 'h2'] },
      { t: 'v', k: 'p0/roles/1#vars', h: ['h2'] },
    ]);
  });

  test('an unreachable host counts although the run ended before the host was marked', () => {
    const kept = resumableRecords(data([record('p0/tasks/0', 'h1', 'ok'), record('p0/tasks/1', 'h1', 'unreachable')]));
    expect(kept.records.map((r) => `${r.h}:${r.k}`)).toEqual(['h1:p0/tasks/0']);
    expect(kept.retried).toEqual(['h1']);
  });
});
