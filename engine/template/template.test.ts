import { parseTemplate, renderTemplate, TemplateError } from './template';
import { kubekeyFunctionMap, sprigFunctionMap } from './functions';
import { goBuiltins } from './builtins';
import type { GoValue } from '../core/values';

function errorOf(action: () => unknown): TemplateError {
  try {
    action();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error('expected a TemplateError');
}

describe('parseTemplate / execute', () => {
  test('parsed templates are cached per text, name, delimiters and function map', () => {
    // A text is cached when it is asked for a second time (most texts are rendered once).
    const first = parseTemplate('{{.x}}');
    const a = parseTemplate('{{.x}}');
    expect(a.parsed.main.text).toBe(first.parsed.main.text);
    expect(parseTemplate('{{.x}}')).toBe(a);
    expect(parseTemplate('{{.x}}', { name: 'other' })).not.toBe(a);
    expect(parseTemplate('{{.x}}', { delims: ['<<', '>>'] })).not.toBe(a);
    expect(parseTemplate('{{.x}}', { funcs: goBuiltins })).not.toBe(a);
  });

  test('a template is reusable with different data and options', () => {
    const t = parseTemplate('{{.x}}');
    expect(t.execute({ x: 1 })).toBe('1');
    expect(t.execute({})).toBe('<no value>');
    expect(() => t.execute({}, { missingkey: 'error' })).toThrow('map has no entry for key "x"');
    expect(t.execute({ x: 'again' })).toBe('again');
  });

  test('nested executions (include inside range) do not disturb each other', () => {
    const t = parseTemplate('{{define "i"}}<{{.}}>{{end}}{{range .}}{{include "i" .}}{{end}}');
    expect(t.execute(['a', 'b'])).toBe('<a><b>');
    expect(t.execute([1])).toBe('<1>');
  });

  test('default name is tpl and only-defines renders empty', () => {
    expect(parseTemplate('x').name).toBe('tpl');
    expect(renderTemplate('{{define "x"}}hi{{end}}', null)).toBe('');
    // The main text is itself a template of its name.
    expect(renderTemplate('{{if .}}<{{template "other" 0}}>{{else}}end{{end}}', 1, { funcs: goBuiltins, name: 'other' })).toBe(
      '<end>',
    );
  });

  test('custom delimiters', () => {
    expect(renderTemplate('<< .a >> {{ .a }}', { a: 1 }, { delims: ['<<', '>>'] })).toBe('1 {{ .a }}');
  });

  test('missingkey modes', () => {
    const data = { present: null };
    expect(renderTemplate('{{.absent}}', data)).toBe('<no value>');
    expect(renderTemplate('{{.absent}}', data, { missingkey: 'zero' })).toBe('<no value>');
    expect(renderTemplate('{{.absent.deeper}}', data)).toBe('<no value>');
    expect(() => renderTemplate('{{.absent.deeper}}', data, { missingkey: 'zero' })).toThrow(
      'nil pointer evaluating interface {}.deeper',
    );
    expect(() => renderTemplate('{{.absent}}', data, { missingkey: 'error' })).toThrow('map has no entry for key "absent"');
    expect(renderTemplate('{{.present}}', data, { missingkey: 'error' })).toBe('<no value>');
  });
});

describe('TemplateError', () => {
  test('exec errors carry Go text and a user-facing location', () => {
    const e = errorOf(() => renderTemplate('line one\n  {{ .a.b }}', { a: 's' }, { name: 'roles/x/templates/y.conf' }));
    expect(e.phase).toBe('exec');
    expect(e.templateName).toBe('roles/x/templates/y.conf');
    expect(e.goMessage).toBe(
      'template: roles/x/templates/y.conf:2:7: executing "roles/x/templates/y.conf" at <.a.b>: can\'t evaluate field b in type interface {}',
    );
    expect(e.line).toBe(2);
    expect(e.column).toBe(8);
    expect(e.message).toBe("roles/x/templates/y.conf:2:8: at <.a.b>: can't evaluate field b in type interface {}");
  });

  test('errors inside a define name the define', () => {
    const e = errorOf(() => renderTemplate('{{define "d"}}{{fail "x"}}{{end}}{{template "d"}}', null));
    expect(e.goMessage).toBe('template: tpl:1:16: executing "d" at <fail "x">: error calling fail: x');
    expect(e.message).toBe('tpl:1:17: executing "d" at <fail "x">: error calling fail: x');
  });

  test('partial output is discarded', () => {
    expect(() => renderTemplate('abc{{fail "x"}}def', null)).toThrow(TemplateError);
  });

  test('parse errors have phase parse and a column', () => {
    const e = errorOf(() => parseTemplate('{{ .x | toYml }}'));
    expect(e.phase).toBe('parse');
    expect(e.goMessage).toBe('template: tpl:1: function "toYml" not defined');
    expect(e.message).toBe('tpl:1:9: function "toYml" not defined');
  });
});

describe('function maps', () => {
  test('sprigFunctionMap: Sprig slice shadows the builtin; builtins remain', () => {
    const funcs = sprigFunctionMap();
    expect(funcs.slice).not.toBe(goBuiltins.slice);
    expect(funcs.eq).toBe(goBuiltins.eq);
    expect(() => renderTemplate('{{slice "hello" 1 3}}', null, { funcs })).toThrow('error calling slice');
  });

  test('kubekeyFunctionMap: no env/expandenv, has include and tpl', () => {
    const funcs = kubekeyFunctionMap();
    expect(funcs.env).toBeUndefined();
    expect(funcs.expandenv).toBeUndefined();
    expect(funcs.include).toBeDefined();
    expect(funcs.tpl).toBeDefined();
    expect(() => parseTemplate('{{ env "HOME" }}')).toThrow('function "env" not defined');
  });

  test('maps are built once (template cache keys on their identity)', () => {
    expect(kubekeyFunctionMap()).toBe(kubekeyFunctionMap());
    expect(sprigFunctionMap()).toBe(sprigFunctionMap());
  });
});

describe('include', () => {
  const render = (text: string, data: GoValue = null): string => renderTemplate(text, data);

  test('renders a define of the same text with the given data, as a string', () => {
    expect(render('{{define "x"}}[{{.a}}]{{end}}{{include "x" . | upper}}', { a: 'v' })).toBe('[V]');
  });

  test('include of an unknown name fails like ExecuteTemplate', () => {
    expect(() => render('{{include "nope" 1}}')).toThrow(
      'error calling include: template: no template "nope" associated with template "tpl"',
    );
  });

  test('errors of the included template are wrapped', () => {
    const e = errorOf(() => render('{{define "x"}}{{.a.b}}{{end}}{{include "x" .}}', { a: 1 }));
    expect(e.goMessage).toBe(
      'template: tpl:1:31: executing "tpl" at <include "x" .>: error calling include: template: tpl:1:18: executing "x" at <.a.b>: can\'t evaluate field b in type interface {}',
    );
  });

  test('legitimate nested includes work; runaway recursion fails', () => {
    const t = '{{define "r"}}{{if gt . 0}}{{include "r" (sub . 1)}}{{end}}.{{end}}{{include "r" 50}}';
    expect(render(t)).toBe('.'.repeat(51));
    expect(() => render('{{define "r"}}{{include "r" .}}{{end}}{{include "r" 1}}')).toThrow(TemplateError);
  });
});

describe('tpl', () => {
  const render = (text: string, data: GoValue = null): string => renderTemplate(text, data);

  test('renders text with data and blanks out <no value>', () => {
    expect(render('{{tpl "{{.version}}-{{.missing}}" .}}', { version: 'v1' })).toBe('v1-');
    expect(render('{{tpl .url (dict "version" "v1" "arch" "amd64")}}', { url: 'x/{{.version}}/{{.arch}}.tgz' })).toBe(
      'x/v1/amd64.tgz',
    );
  });

  test('sees the current defines; its own defines do not leak out', () => {
    const t = '{{define "x"}}X{{.}}{{end}}{{tpl "{{include \\"x\\" 1}}{{template \\"x\\" 2}}" .}}';
    expect(render(t, {})).toBe('X1X2');
    const shadow = '{{define "x"}}outer{{end}}{{tpl "{{define \\"x\\"}}inner{{end}}{{template \\"x\\"}}" .}}|{{template "x"}}';
    expect(render(shadow, {})).toBe('inner|outer');
  });

  test('parse and execution errors use KubeKey messages', () => {
    expect(() => render('{{tpl "{{ nofn }}" .}}', {})).toThrow(
      'error calling tpl: cannot parse template "{{ nofn }}": template: tpl:1: function "nofn" not defined',
    );
    expect(() => render('{{tpl "{{ .a.b }}" .}}', { a: 's' })).toThrow(
      'error calling tpl: error during tpl function execution for "{{ .a.b }}": template: tpl:1:5: executing "tpl" at <.a.b>: can\'t evaluate field b in type interface {}',
    );
  });
});
