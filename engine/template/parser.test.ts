import { parseJsonLossless } from '../go/json';
import { renderTemplate, TemplateError, type MissingKeyMode } from './template';
import { goBuiltins } from './builtins';
import { parse } from './parser';
import { nodeString } from './nodes';
import { fn } from './function-types';

/**
 * Rows are [id, template, data (JSON, numbers typed by spelling), options, expected]; every
 * expectation was produced by the Go 1.19 text/template oracle (gotmpl-oracle), error messages
 * included. Templates use Go's builtins only, so these tests do not depend on Sprig.
 */
type Expected = { out: string } | { phase: 'parse' | 'exec'; error: string };
type Row = [string, string, string, { missingkey?: MissingKeyMode; delims?: string[] }, Expected];

function run(template: string, dataJson: string, opts: Row[3]): Expected {
  const delims = opts.delims ? ([opts.delims[0], opts.delims[1]] as [string, string]) : undefined;
  try {
    const out = renderTemplate(template, parseJsonLossless(dataJson), {
      funcs: goBuiltins,
      delims,
      missingkey: opts.missingkey,
    });
    return { out };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { phase: e.phase, error: e.goMessage };
  }
}

const DATA_0 = "{\"name\":\"alice\",\"count\":3,\"ratio\":0.5,\"big\":1000000,\"bigf\":1000000.0,\"enabled\":true,\"disabled\":false,\"nothing\":null,\"empty\":\"\",\"zero\":0,\"zs\":\"0\",\"list\":[\"a\",\"b\",\"c\"],\"nums\":[3,1,2],\"emptyList\":[],\"emptyMap\":{},\"m\":{\"b\":2,\"a\":1,\"c\":3},\"nested\":{\"inner\":{\"value\":\"deep\",\"n\":7},\"list\":[{\"k\":\"x\"},{\"k\":\"y\"}]},\"dashed-key\":\"dk\"}";

const ROWS: Row[] = [
  ["field/dashed-direct", "{{.dashed-key}}", DATA_0, {  }, { phase: "parse", error: "template: tpl:1: bad character U+002D '-'" }],
  ["var/undefined", "{{$y}}", "null", {  }, { phase: "parse", error: "template: tpl:1: undefined variable \"$y\"" }],
  ["var/scope-ends", "{{if true}}{{$z := 1}}{{end}}{{$z}}", "null", {  }, { phase: "parse", error: "template: tpl:1: undefined variable \"$z\"" }],
  ["var/two-decl-outside-range", "{{$a, $b := 1}}", "null", {  }, { phase: "parse", error: "template: tpl:1: too many declarations in command" }],
  ["pipe/non-executable", "{{1 | 2}}", "null", {  }, { phase: "parse", error: "template: tpl:1: non executable command in pipeline stage 2" }],
  ["if/missing-arg", "{{if}}x{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: missing value for if" }],
  ["if/unclosed", "{{if .x}}a", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected EOF" }],
  ["if/stray-end", "a{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected {{end}}" }],
  ["if/else-with-1.19", "{{if .a}}a{{else with .b}}b{{end}}", "{\"b\":1}", {  }, { phase: "parse", error: "template: tpl:1: unexpected <with> in else" }],
  ["range/break-outside", "{{break}}", "null", {  }, { phase: "parse", error: "template: tpl:1: {{break}} outside {{range}}" }],
  ["with/missing-arg", "{{with}}x{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: missing value for with" }],
  ["tmpl/block-redefined", "{{block \"b\" .}}default{{end}}{{define \"b\"}}override{{end}}", DATA_0, {  }, { phase: "parse", error: "template: tpl:1: template: multiple definition of template \"b\"" }],
  ["tmpl/non-constant-name", "{{template .name}}", DATA_0, {  }, { phase: "parse", error: "template: tpl:1: unexpected \".name\" in template clause" }],
  ["tmpl/outer-var", "{{$x := 1}}{{define \"t\"}}{{$x}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: undefined variable \"$x\"" }],
  ["trim/no-space-marker", "{{-.name}}", DATA_0, {  }, { phase: "parse", error: "template: tpl:1: bad number syntax: \"-.n\"" }],
  ["comment/unclosed", "a{{/* oops }}b", "null", {  }, { phase: "parse", error: "template: tpl:1: unclosed comment" }],
  ["comment/spaced", "a{{ /* c */ }}b", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \"/\" in command" }],
  ["comment/with-code", "{{/* c */ 1}}", "null", {  }, { phase: "parse", error: "template: tpl:1: comment ends before closing delimiter" }],
  ["lit/string-unterminated", "{{\"abc}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unterminated quoted string" }],
  ["lit/bad-escape", "{{\"a\\qb\"}}", "null", {  }, { phase: "parse", error: "template: tpl:1: invalid syntax" }],
  ["lit/char-too-long", "{{'ab'}}", "null", {  }, { phase: "parse", error: "template: tpl:1: malformed character constant: 'ab'" }],
  ["num/leading-zero-8", "{{08}}", "null", {  }, { phase: "parse", error: "template: tpl:1: integer overflow: \"08\"" }],
  ["num/huge-exponent", "{{1e400}}", "null", {  }, { phase: "parse", error: "template: tpl:1: illegal number syntax: \"1e400\"" }],
  ["parse/unclosed-action", "{{ .name ", DATA_0, {  }, { phase: "parse", error: "template: tpl:1: unclosed action" }],
  ["parse/empty-action", "{{}}", "null", {  }, { phase: "parse", error: "template: tpl:1: missing value for command" }],
  ["parse/close-paren", "{{ ) }}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \")\" in command" }],
  ["parse/decl-no-value", "{{$x := }}", "null", {  }, { phase: "parse", error: "template: tpl:1: missing value for command" }],
  ["parse/undefined-func", "{{nofunc}}", "null", {  }, { phase: "parse", error: "template: tpl:1: function \"nofunc\" not defined" }],
  ["parse/space-in-field", "{{. name}}", DATA_0, {  }, { phase: "parse", error: "template: tpl:1: function \"name\" not defined" }],
  ["fail/required-not-in-sprig", "{{required \"x\" .name}}", DATA_0, {  }, { phase: "parse", error: "template: tpl:1: function \"required\" not defined" }],
  ["c48", "{{nil.x}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected . after term \"nil\"" }],
  ["c50", "{{\"x\".y}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected . after term \"\\\"x\\\"\"" }],
  ["c54", "{{define \"a\"}}{{.}}{{end}}{{define \"a\"}}{{.}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: template: multiple definition of template \"a\"" }],
  ["c57", "{{define \"tpl\"}}D{{end}}main", "null", {  }, { phase: "parse", error: "template: tpl:1: template: multiple definition of template \"tpl\"" }],
  ["c60", "{{range $i, $j, $k := .l}}{{end}}", "{\"l\":[]}", {  }, { phase: "parse", error: "template: tpl:1: too many declarations in range" }],
  ["c61", "{{range $i, 1}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: range can only initialize variables" }],
  ["c66", "{{continue}}", "null", {  }, { phase: "parse", error: "template: tpl:1: {{continue}} outside {{range}}" }],
  ["c67", "{{range .}}{{end}}{{break}}", "null", {  }, { phase: "parse", error: "template: tpl:1: {{break}} outside {{range}}" }],
  ["c68", "{{range .l}}{{else}}{{break}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: {{break}} outside {{range}}" }],
  ["c73", "{{1__0}}", "null", {  }, { phase: "parse", error: "template: tpl:1: illegal number syntax: \"1__0\"" }],
  ["c74", "{{1_}}", "null", {  }, { phase: "parse", error: "template: tpl:1: illegal number syntax: \"1_\"" }],
  ["c76", "{{0x}}", "null", {  }, { phase: "parse", error: "template: tpl:1: illegal number syntax: \"0x\"" }],
  ["c77", "{{1.2.3}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \".3\" in operand" }],
  ["c80", "{{-9223372036854775809}}", "null", {  }, { phase: "parse", error: "template: tpl:1: integer overflow: \"-9223372036854775809\"" }],
  ["c88", "{{\"\\ud800\"}}", "null", {  }, { phase: "parse", error: "template: tpl:1: invalid syntax" }],
  ["c89", "{{'\\\"'}}", "null", {  }, { phase: "parse", error: "template: tpl:1: invalid syntax" }],
  ["c90", "{{\"\\'\"}}", "null", {  }, { phase: "parse", error: "template: tpl:1: invalid syntax" }],
  ["c92", "{{\"a\nb\"}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unterminated quoted string" }],
  ["c93", "{{`abc", "null", {  }, { phase: "parse", error: "template: tpl:1: unterminated raw quoted string" }],
  ["c94", "{{'a", "null", {  }, { phase: "parse", error: "template: tpl:1: unterminated character constant" }],
  ["p1", "line1\n{{ .x | nofn }}", "null", {  }, { phase: "parse", error: "template: tpl:2: function \"nofn\" not defined" }],
  ["p2", "a\n{{if .x}}\nb\n", "null", {  }, { phase: "parse", error: "template: tpl:4: unexpected EOF" }],
  ["p4", "{{ \"abc\n\" }}", "null", {  }, { phase: "parse", error: "template: tpl:1: unterminated quoted string" }],
  ["p5", "x\n{{ 1 \n\n", "null", {  }, { phase: "parse", error: "template: tpl:4: unclosed action started at tpl:2" }],
  ["p6", "{{(1}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unclosed left paren" }],
  ["p7", "{{1)}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \")\" in command" }],
  ["p8", "{{a:b}}", "null", {  }, { phase: "parse", error: "template: tpl:1: function \"a\" not defined" }],
  ["p9", "{{#}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \"#\" in command" }],
  ["p10", "{{é}}", "null", {  }, { phase: "parse", error: "template: tpl:1: function \"é\" not defined" }],
  ["p11", "{{\u0001}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unrecognized character in action: U+0001" }],
  ["p12", "{{.a,}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \",\" in operand" }],
  ["p13", "{{$x, $y := 1}}", "null", {  }, { phase: "parse", error: "template: tpl:1: too many declarations in command" }],
  ["p14", "{{range $x, 1 := .}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: range can only initialize variables" }],
  ["p15", "{{range $x, $y, $z := .}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: too many declarations in range" }],
  ["p16", "{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected {{end}}" }],
  ["p17", "{{else}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected {{else}}" }],
  ["p18", "{{if 1}}{{else}}{{else}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: expected end; found {{else}}" }],
  ["p19", "{{define \"x\"}}{{else}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected {{else}} in define clause" }],
  ["p20", "{{define x}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \"x\" in define clause" }],
  ["p21", "{{define \"x\" 1}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \"1\" in define clause" }],
  ["p22", "{{template}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \"}}\" in template clause" }],
  ["p23", "{{template \"a\" | }}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \"|\" in template clause" }],
  ["p24", "{{block \"b\"}}x{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: missing value for block clause" }],
  ["p25", "{{with 1}}{{else if 2}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected <if> in input" }],
  ["p26", "{{range 1}}{{else if 2}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected <if> in input" }],
  ["p28", "{{1 2 | 3}}", "null", {  }, { phase: "parse", error: "template: tpl:1: non executable command in pipeline stage 2" }],
  ["p29", "{{.x | \"s\"}}", "null", {  }, { phase: "parse", error: "template: tpl:1: non executable command in pipeline stage 2" }],
  ["p30", "{{.x | nil}}", "null", {  }, { phase: "parse", error: "template: tpl:1: non executable command in pipeline stage 2" }],
  ["p31", "{{.x | .}}", "null", {  }, { phase: "parse", error: "template: tpl:1: non executable command in pipeline stage 2" }],
  ["p33", "{{()}}", "null", {  }, { phase: "parse", error: "template: tpl:1: missing value for parenthesized pipeline" }],
  ["p34", "{{( )}}", "null", {  }, { phase: "parse", error: "template: tpl:1: missing value for parenthesized pipeline" }],
  ["p35", "{{1.x}}", "null", {  }, { phase: "parse", error: "template: tpl:1: bad number syntax: \"1.x\"" }],
  ["p36", "{{true.x}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected . after term \"true\"" }],
  ["p37", "{{..x}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected . after term \".\"" }],
  ["p39", "{{$x.y := 1}}", "null", {  }, { phase: "parse", error: "template: tpl:1: undefined variable \"$x\"" }],
  ["p41", "{{ $x := 1 }}{{ $x = }}", "null", {  }, { phase: "parse", error: "template: tpl:1: missing value for command" }],
  ["p42", "{{-3}}{{- 3 -}} {{3 -}} x {{ 3- }}", "null", {  }, { phase: "parse", error: "template: tpl:1: bad number syntax: \"3-\"" }],
  ["p43", "{{- -}}", "null", {  }, { phase: "parse", error: "template: tpl:1: illegal number syntax: \"-\"" }],
  ["p44", "{{-/* c */-}}", "null", {  }, { phase: "parse", error: "template: tpl:1: illegal number syntax: \"-\"" }],
  ["p45", "a {{-/* c */}} b", "null", {  }, { phase: "parse", error: "template: tpl:1: illegal number syntax: \"-\"" }],
  ["p47", "{{/* a */}}{{/**/}}{{/* */ }}", "null", {  }, { phase: "parse", error: "template: tpl:1: comment ends before closing delimiter" }],
  ["p57", "{{{.x}}", "{\"x\":1}", {  }, { phase: "parse", error: "template: tpl:1: unexpected \"{\" in command" }],
  ["p59", "{{ break }}", "null", {  }, { phase: "parse", error: "template: tpl:1: {{break}} outside {{range}}" }],
  ["p60", "{{range .}}{{break 1}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \"1\" in {{break}}" }],
  ["p61", "{{range .}}{{continue x}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected \"x\" in {{continue}}" }],
  ["p62", "{{if}}", "null", {  }, { phase: "parse", error: "template: tpl:1: missing value for if" }],
  ["p63", "{{range}}{{end}}", "null", {  }, { phase: "parse", error: "template: tpl:1: missing value for range" }],
  ["p64", "{{with .x}}", "null", {  }, { phase: "parse", error: "template: tpl:1: unexpected EOF" }],
];

describe('parse errors match Go text/template', () => {
  test.each(ROWS)('%s', (_id, template, data, opts, expected) => {
    expect(run(template, data, opts)).toEqual(expected);
  });
});

function parseError(text: string, name = 'tpl'): TemplateError {
  try {
    parse(text, { name, funcs: goBuiltins });
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error('expected a parse error');
}

describe('parse error locations', () => {
  test('the user-facing message names file, line and a 1-based column', () => {
    const e = parseError('a: 1\nb: {{ .x | toYml }}\n', 'roles/cri/templates/config.toml');
    expect(e.phase).toBe('parse');
    expect(e.goMessage).toBe('template: roles/cri/templates/config.toml:2: function "toYml" not defined');
    expect(e.line).toBe(2);
    expect(e.column).toBe(12);
    expect(e.message).toBe('roles/cri/templates/config.toml:2:12: function "toYml" not defined');
  });

  test('columns count characters, not bytes', () => {
    const e = parseError('é {{ nofn }}');
    expect(e.column).toBe(6);
  });

  test('lexer errors report the line where the bad item starts', () => {
    const e = parseError('x\n{{ "abc\n" }}');
    expect(e.goMessage).toBe('template: tpl:2: unterminated quoted string');
    expect(e.line).toBe(2);
  });
});

describe('parse trees', () => {
  const tree = (text: string) => parse(text, { name: 'tpl', funcs: goBuiltins });

  test('node strings reproduce Go\'s String() forms', () => {
    const root = tree('{{if $x := .a.b}}{{(index . 1).c | printf "%v" 1.5}}{{else}}{{template "t" $x}}{{end}}').main.root;
    expect(nodeString(root)).toBe('{{if $x := .a.b}}{{(index . 1).c | printf "%v" 1.5}}{{else}}{{template "t" $x}}{{end}}');
  });

  test('a field chain is positioned at its second field, as in Go', () => {
    const root = tree('{{.a.b}}').main.root;
    const action = root.nodes[0];
    if (action.type !== 'action') throw new Error('expected an action');
    expect(action.pipe.cmds[0].args[0]).toMatchObject({ type: 'field', ident: ['a', 'b'], pos: 4 });
  });

  test('defines and blocks become separate named trees; the main tree keeps the rest', () => {
    const result = tree('A{{define "x"}}X{{end}}B{{block "y" .}}Y{{end}}');
    expect([...result.trees.keys()].sort()).toEqual(['tpl', 'x', 'y']);
    expect(nodeString(result.main.root)).toBe('"A""B"{{template "y" .}}');
  });

  test('else-if chains nest an if in the else branch', () => {
    const root = tree('{{if .a}}1{{else if .b}}2{{else}}3{{end}}').main.root;
    const ifNode = root.nodes[0];
    if (ifNode.type !== 'if') throw new Error('expected if');
    expect(ifNode.elseList?.nodes[0]).toMatchObject({ type: 'if' });
  });

  test('function names resolve at parse time and and/or are marked to short-circuit', () => {
    const root = tree('{{and 1 (or 0 1) | not}}').main.root;
    const action = root.nodes[0];
    if (action.type !== 'action') throw new Error('expected an action');
    expect(action.pipe.cmds[0].args[0]).toMatchObject({ type: 'identifier', name: 'and', shortCircuit: 'and' });
    expect(action.pipe.cmds[1].args[0]).toMatchObject({ type: 'identifier', name: 'not', shortCircuit: null });
  });

  test('a user function named like a builtin shadows it', () => {
    const funcs = { ...goBuiltins, and: fn(['any', 'any'], () => 'mine') };
    const result = parse('{{and 1 2}}', { name: 'tpl', funcs });
    const action = result.main.root.nodes[0];
    if (action.type !== 'action') throw new Error('expected an action');
    expect(action.pipe.cmds[0].args[0]).toMatchObject({ shortCircuit: null });
  });

  test('a function named break turns the keyword into an identifier', () => {
    const funcs = { ...goBuiltins, break: fn([], () => 'b') };
    expect(renderTemplate('{{break}}', null, { funcs })).toBe('b');
  });
});
