import { collectNoValues, type NoValue } from './no-value';
import { renderTemplate } from './template';

function render(text: string, data: Record<string, unknown>): { out: string; found: NoValue[] } {
  const found: NoValue[] = [];
  const out = collectNoValues((nv) => found.push(nv), () => renderTemplate(text, data as never, { name: 'task.yaml' }));
  return { out, found };
}

describe('<no value> is reported by the executor, with the expression and its position', () => {
  test('a missing key: the expression as written, line and column of the action', () => {
    const { out, found } = render('v={{ .kube_version }}\nw={{ .kube_vesion }}', { kube_version: '1.30' });
    expect(out).toBe('v=1.30\nw=<no value>');
    expect(found).toEqual([{ expression: '.kube_vesion', templateName: 'task.yaml', text: 'v={{ .kube_version }}\nw={{ .kube_vesion }}', line: 2, column: 6 }]);
  });

  test('nested fields, index and pipelines that end without a value', () => {
    const { found } = render('{{ .a.b }} {{ index .m "k" }} {{ .a.b | default nil }}', { a: {}, m: {} });
    expect(found.map((f) => f.expression)).toEqual(['.a.b', 'index .m "k"', '.a.b | default nil']);
  });

  test('a real "<no value>" string, a default and a missing value that is not printed are not reported', () => {
    const { out, found } = render('{{ .s }} {{ .x | default "d" }} {{ if .x }}y{{ end }}{{ $v := .x }}', { s: '<no value>' });
    expect(out).toBe('<no value> d ');
    expect(found).toEqual([]);
  });

  test('inside include the defined template reports; inside tpl (which drops <no value>) nothing does', () => {
    const text = '{{ define "t" }}[{{ .y }}]{{ end }}{{ include "t" . }}|{{ tpl "{{ .z }}" . }}';
    const { out, found } = render(text, {});
    expect(out).toBe('[<no value>]|');
    expect(found.map((f) => [f.expression, f.line, f.column])).toEqual([['.y', 1, 21]]);
  });

  test('a listener may stop the rendering with its own error, also from inside include', () => {
    const stop = Object.assign(new Error('stop'), { fromNoValueListener: true });
    const run = (text: string) =>
      collectNoValues(
        () => {
          throw stop;
        },
        () => renderTemplate(text, {}, { name: 't' }),
      );
    expect(() => run('a {{ .x }}')).toThrow(stop);
    expect(() => run('{{ define "inner" }}{{ .y }}{{ end }}{{ include "inner" . }}')).toThrow(stop);
  });

  test('without a listener nothing happens; listeners follow awaits and nest', async () => {
    expect(renderTemplate('{{ .x }}', {})).toBe('<no value>');
    const outer: string[] = [];
    const inner: string[] = [];
    await collectNoValues(
      (nv) => outer.push(nv.expression),
      async () => {
        await Promise.resolve();
        renderTemplate('{{ .a }}', {});
        collectNoValues((nv) => inner.push(nv.expression), () => renderTemplate('{{ .b }}', {}));
        renderTemplate('{{ .c }}', {});
      },
    );
    expect(outer).toEqual(['.a', '.c']);
    expect(inner).toEqual(['.b']);
  });
});
