import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runJsonlCase, templateCommand } from './template';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], stdin = ''): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await templateCommand(argv, { stdin: Readable.from([stdin]), stdout, stderr });
  return { code, stdout: out, stderr: err };
}

describe('kplay template render', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-template-'));

  it('renders a file with --vars and typed -e values', async () => {
    writeFileSync(join(dir, 'vars.yaml'), 'name: world\nports: [80, 443]\nratio: 1.0\n');
    writeFileSync(join(dir, 't.tmpl'), '{{ .name | upper }} {{ .ports | toJson }} {{ typeOf .n }} {{ typeOf .b }} {{ .ratio }} {{ typeOf .ratio }}');
    const r = await run(['render', '--vars', join(dir, 'vars.yaml'), '-e', 'n=3', '-e', 'b=true', join(dir, 't.tmpl')]);
    expect(r).toEqual({ code: 0, stdout: 'WORLD [80,443] int bool 1 float64', stderr: '' });
  });

  it('reads stdin for "-" and honours --delims and --missingkey', async () => {
    expect((await run(['render', '--delims', '<<,>>', '-'], '<< .x >>{{ .x }}')).stdout).toBe('<no value>{{ .x }}');
    const r = await run(['render', '--missingkey', 'error', '-'], 'a{{ .x }}');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^render error: tpl:1:\d+: .*map has no entry for key "x"/);
  });

  it('uses the KubeKey functions by default and plain Sprig with --funcs sprig', async () => {
    expect((await run(['render', '-e', 'v=5Mi', '-'], '{{ .v | toLowerByteUnit }}')).stdout).toBe('5m');
    const r = await run(['render', '--funcs', 'sprig', '-'], '{{ toYaml 1 }}');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('function "toYaml" not defined');
  });

  it('reports parse errors with their position and rejects bad options', async () => {
    const r = await run(['render', '-'], 'x\n{{ .a ');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^parse error: tpl:2:/);
    expect((await run(['render', '--funcs', 'jinja', '-'])).code).toBe(5);
    expect((await run(['render'])).code).toBe(5);
    expect((await run(['bogus'])).code).toBe(5);
  });

  it('writes output that is not UTF-8 as raw bytes; JSONL gives U+FFFD for each bad run plus out_b64', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
    const code = await templateCommand(['render', '-'], { stdin: Readable.from(['{{ "/w==" | b64dec }}{{ substr 0 1 "é" }}!']), stdout, stderr: new PassThrough() });
    expect(code).toBe(0);
    expect([...Buffer.concat(chunks)]).toEqual([0xff, 0xc3, 0x21]);
    expect(runJsonlCase('{"id":1,"template":"{{ \\"\\\\xff\\\\xfe\\" }}ok"}').result).toEqual({ ok: true, out: '\ufffdok', out_b64: Buffer.from([0xff, 0xfe, 0x6f, 0x6b]).toString('base64') });
  });

  it('answers JSONL cases in the oracle format, one line per case', async () => {
    const input = [
      '{"id":"a","template":"{{ .n }} {{ typeOf .n }}","data":{"n":1.0}}',
      '',
      '{"id":2,"template":"{{ .x","data":null}',
      '{"id":"c","template":"{{ index . \\"k\\" }}","data":{"k":9007199254740993},"funcs":"sprig"}',
      '{"id":"d","template":"<<.>>","data":"v","delims":["<<",">>"],"missingkey":"zero"}',
      '{"id":"e"}',
    ].join('\n');
    const r = await run(['render', '--jsonl'], input);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ id: 'a', ok: true, out: '1 float64' });
    expect(lines[1]).toMatchObject({ id: 2, ok: false, phase: 'parse' });
    expect(lines[2]).toEqual({ id: 'c', ok: true, out: '9007199254740993' });
    expect(lines[3]).toEqual({ id: 'd', ok: true, out: 'v' });
    expect(lines[4]).toEqual({ id: 'e', ok: false, phase: 'input', error: 'missing "template"' });
    expect(lines).toHaveLength(5);
  });

  it('exposes the per-case runner with --funcs defaults', () => {
    expect(runJsonlCase('{"id":1,"template":"{{ env \\"X\\" }}"}').result).toMatchObject({ ok: false, phase: 'parse' });
    expect(runJsonlCase('{"id":1,"template":"{{ hello }}"}', { funcs: 'sprig', missingkey: 'default' }).result).toEqual({ ok: true, out: 'Hello!' });
  });
});
