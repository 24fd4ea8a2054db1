/**
 * Keeps docs/templates.md true: every example in it is rendered through the engine and must give
 * the documented output, and every function of the template function map must have an example.
 *
 * Example formats understood (all rendered against the doc's `<!-- example-data -->` YAML block):
 * - table rows under the header `| function | template | output |`; the output cell is a code
 *   span (exact output), `(empty)`, `matches `REGEX`` (nondeterministic functions) or
 *   `error: `TEXT`` (the render fails with a message containing TEXT);
 * - a ```template block (info string may add `missingkey=MODE` and `delims=L,R`) directly
 *   followed by an ```output block (exact) or an ```error block (message contains it);
 * - `| when item | result |` rows (evaluateCondition), `| loop string | items |` rows
 *   (loopItemsFromOutput, items as Go JSON), `| vars value | typed as |` rows (renderTyped);
 * - ```console blocks of `$ echo 'TEXT' | kplay ARGS` lines followed by the printed output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goBuiltins } from '../../engine/template/builtins';
import { conditionTemplate, evaluateCondition, loopItemsFromOutput, renderTyped } from '../../engine/template/conversions';
import { TemplateError } from '../../engine/template/errors';
import { marshalJson } from '../../engine/go/json';
import { kubekeyFunctions } from '../../engine/template/kubekey/index';
import { decodeYamlDocument } from '../../engine/template/kubekey/yaml-decode';
import { sprigFunctions } from '../../engine/template/sprig/index';
import { renderTemplate, type MissingKeyMode } from '../../engine/template/template';
import { GoFloat, isList, isMap, withGoType, type GoList, type GoMap, type GoValue } from '../../engine/core/values';
import { runKplay } from '../helpers/cli';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'templates.md'), 'utf8');
const lines = doc.split('\n');

// --- reading the document ------------------------------------------------------------------

/** Cells of a Markdown table row; `\|` inside a cell is a literal bar (GFM). */
function rowCells(line: string): string[] {
  const cells = line.trim().split(/(?<!\\)\|/).slice(1, -1);
  return cells.map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** The content of a cell that is exactly one code span (CommonMark's space stripping applied). */
function codeSpan(cell: string): string | undefined {
  const m = /^(`+)([\s\S]*?)\1$/.exec(cell);
  if (m === null) return undefined;
  const s = m[2];
  return s.length >= 2 && s.startsWith(' ') && s.endsWith(' ') && s.trim() !== '' ? s.slice(1, -1) : s;
}

function mustCodeSpan(cell: string, where: string): string {
  const s = codeSpan(cell);
  if (s === undefined) throw new Error(`${where}: expected a code span, got ${cell}`);
  return s;
}

interface TableRow {
  readonly lineNo: number;
  readonly cells: string[];
}

/** Body rows of every table whose header row starts with `header`. */
function tableRows(header: string): TableRow[] {
  const rows: TableRow[] = [];
  let inTable = false;
  lines.forEach((line, i) => {
    if (line.startsWith(header)) inTable = true;
    else if (!line.startsWith('|')) inTable = false;
    else if (inTable && !line.startsWith('|---')) rows.push({ lineNo: i + 1, cells: rowCells(line) });
  });
  return rows;
}

interface FencedBlock {
  readonly lineNo: number;
  readonly info: string;
  readonly body: string;
}

function fencedBlocks(): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    blocks.push({ lineNo: start + 1, info: open[1].trim(), body: body.join('\n') });
  }
  return blocks;
}

const blocks = fencedBlocks();

/** The example data, typed as a real host view types it (`groups` is a map[string][]string). */
function exampleData(): GoMap {
  const marker = lines.indexOf('<!-- example-data -->');
  const block = blocks.find((b) => b.lineNo === marker + 2 && b.info === 'yaml');
  if (block === undefined) throw new Error('docs/templates.md has no <!-- example-data --> yaml block');
  const data = decodeYamlDocument(block.body);
  if (!isMap(data) || !isMap(data.groups)) throw new Error('example data must be a mapping with groups');
  const groups: GoMap = {};
  for (const [name, hosts] of Object.entries(data.groups)) groups[name] = withGoType([...(hosts as GoList)], '[]string');
  data.groups = withGoType(groups, 'map[string][]string');
  return data;
}

// --- checking one example ------------------------------------------------------------------

type Expectation = { kind: 'exact'; text: string } | { kind: 'regex'; re: RegExp } | { kind: 'error'; text: string };

function expectationFromCell(cell: string, where: string): Expectation {
  if (cell === '(empty)') return { kind: 'exact', text: '' };
  const regex = /^matches (`+.*`+)$/.exec(cell);
  if (regex !== null) return { kind: 'regex', re: new RegExp(mustCodeSpan(regex[1], where)) };
  const error = /^error: (`+.*`+)$/.exec(cell);
  if (error !== null) return { kind: 'error', text: mustCodeSpan(error[1], where) };
  return { kind: 'exact', text: mustCodeSpan(cell, where) };
}

interface RenderOptions {
  readonly missingkey?: MissingKeyMode;
  readonly delims?: readonly [string, string];
}

function check(template: string, expected: Expectation, options: RenderOptions = {}): void {
  const render = (): string => renderTemplate(template, exampleData(), { name: 'tpl', ...options });
  if (expected.kind === 'error') {
    let message = '(no error)';
    try {
      render();
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      message = e.message;
    }
    expect(message).toContain(expected.text);
    return;
  }
  const out = render();
  if (expected.kind === 'exact') expect(out).toBe(expected.text);
  else expect(out).toMatch(expected.re);
}

// Unescaped, as the doc writes values for people (`<no value>`, not `\u003cno value\u003e`).
const goJson = (v: GoValue): string => marshalJson(v, { escapeHtml: false });

// --- the examples ----------------------------------------------------------------------------

const functionRows = tableRows('| function | template | output |');

describe('docs/templates.md function-table examples', () => {
  test('the document has its examples', () => {
    expect(functionRows.length).toBeGreaterThan(200);
  });
  test.each(functionRows.map((r) => [`line ${r.lineNo}: ${r.cells[0]}`, r] as const))('%s', (_name, row) => {
    const where = `docs/templates.md:${row.lineNo}`;
    check(mustCodeSpan(row.cells[1], where), expectationFromCell(row.cells[2], where));
  });
});

describe('docs/templates.md template/output blocks', () => {
  const pairs = blocks.flatMap((b, i) => {
    const [kind, ...opts] = b.info.split(/\s+/);
    const next = blocks[i + 1];
    if (kind !== 'template') return [];
    if (next === undefined || (next.info !== 'output' && next.info !== 'error') || next.lineNo !== b.lineNo + b.body.split('\n').length + 2) {
      throw new Error(`docs/templates.md:${b.lineNo}: a template block must be followed directly by an output or error block`);
    }
    return [{ template: b, result: next, opts }];
  });
  test('the document has template blocks', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(8);
  });
  test.each(pairs.map((p) => [`line ${p.template.lineNo}`, p] as const))('%s', (_name, { template, result, opts }) => {
    let options: RenderOptions = {};
    for (const opt of opts) {
      const [key, value] = opt.split('=', 2);
      if (key === 'missingkey') options = { ...options, missingkey: value as MissingKeyMode };
      else if (key === 'delims') options = { ...options, delims: value.split(',', 2) as [string, string] };
      else throw new Error(`docs/templates.md:${template.lineNo}: unknown option ${opt}`);
    }
    const expected: Expectation = result.info === 'error' ? { kind: 'error', text: result.body } : { kind: 'exact', text: result.body };
    check(template.body, expected, options);
  });
});

describe('docs/templates.md conversion tables', () => {
  test.each(tableRows('| when item | result |').map((r) => [r.cells[0], r] as const))('when: %s', (_name, row) => {
    const item = mustCodeSpan(row.cells[0], `line ${row.lineNo}`);
    expect(String(evaluateCondition(conditionTemplate(item), exampleData(), 'when'))).toBe(row.cells[1]);
  });

  test.each(tableRows('| loop string | items |').map((r) => [r.cells[0], r] as const))('loop: %s', (_name, row) => {
    const text = mustCodeSpan(row.cells[0], `line ${row.lineNo}`);
    const items = loopItemsFromOutput(renderTemplate(text, exampleData(), { name: 'loop' }));
    expect(goJson(items)).toBe(mustCodeSpan(row.cells[1], `line ${row.lineNo}`));
  });

  test.each(tableRows('| vars value | typed as |').map((r) => [r.cells[0], r] as const))('vars: %s', (_name, row) => {
    const text = mustCodeSpan(row.cells[0], `line ${row.lineNo}`);
    const m = /^(`+.*`+) \((float|string|bool|list|null)\)$/.exec(row.cells[1]);
    if (m === null) throw new Error(`line ${row.lineNo}: expected "CODE (type)"`);
    const value = renderTyped(text, exampleData(), 'vars');
    expect(goJson(value)).toBe(mustCodeSpan(m[1], `line ${row.lineNo}`));
    const kind = value instanceof GoFloat ? 'float' : typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : isList(value) ? 'list' : value === null ? 'null' : 'other';
    expect(kind).toBe(m[2]);
  });

  test('every conversion table has rows', () => {
    expect(tableRows('| when item | result |').length).toBeGreaterThanOrEqual(8);
    expect(tableRows('| loop string | items |').length).toBeGreaterThanOrEqual(4);
    expect(tableRows('| vars value | typed as |').length).toBeGreaterThanOrEqual(5);
  });
});

/** Splits a shell command line on spaces, honouring single quotes (all the doc uses). */
function shellWords(text: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) words.push(m[1] ?? m[2]);
  return words;
}

describe('docs/templates.md kplay template render sessions', () => {
  const sessions = blocks
    .filter((b) => b.info === 'console')
    .flatMap((b) => {
      const out: Array<{ line: string; stdin: string; args: string[]; expected: string }> = [];
      const body = b.body.split('\n');
      for (let i = 0; i < body.length; i++) {
        const cmd = /^\$ echo '(.*)' \| kplay (.*)$/.exec(body[i]);
        if (cmd === null) throw new Error(`docs/templates.md:${b.lineNo + 1 + i}: expected "$ echo '…' | kplay …"`);
        const printed: string[] = [];
        while (i + 1 < body.length && !body[i + 1].startsWith('$ ')) printed.push(body[++i]);
        out.push({ line: body[i - printed.length], stdin: cmd[1] + '\n', args: shellWords(cmd[2]), expected: printed.join('\n') + '\n' });
      }
      return out;
    });
  test('the document has sessions', () => {
    expect(sessions.length).toBeGreaterThanOrEqual(4);
  });
  test.each(sessions.map((s) => [s.line, s] as const))('%s', async (_name, s) => {
    const run = await runKplay(s.args, s.stdin);
    expect(run.stdout + run.stderr).toBe(s.expected);
  });
});

describe('docs/templates.md covers every function', () => {
  const documented = new Set(functionRows.flatMap((r) => [...r.cells[0].matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => m[1])));
  const names = [...Object.keys(goBuiltins), ...Object.keys(sprigFunctions), ...Object.keys(kubekeyFunctions), 'include', 'tpl'];
  test('the function map is the expected size', () => {
    expect(new Set(names).size).toBeGreaterThan(230);
  });
  test.each(names.map((n) => [n]))('%s has an example', (name) => {
    expect(documented.has(name)).toBe(true);
  });
  test('env and expandenv are really absent', () => {
    expect(names).not.toContain('env');
    expect(names).not.toContain('expandenv');
    expect(() => renderTemplate('{{ env "HOME" }}', {}, { name: 'tpl' })).toThrow('function "env" not defined');
  });
});
