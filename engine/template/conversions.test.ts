import { GoFloat, type GoMap } from '../core/values';
import { isTemplateText, renderTyped, typeRenderedOutput } from './conversions';

describe('typeRenderedOutput (docs/inventory.md#rendered-values-get-a-type, checked against Go encoding/json)', () => {
  test.each([
    ['6443', new GoFloat(6443)],
    ['1.2', new GoFloat(1.2)],
    [' 7 \n', new GoFloat(7)],
    ['-0', new GoFloat(-0)],
    ['1e+06', new GoFloat(1e6)],
    ['12345678901234567890', new GoFloat(12345678901234567890)],
    ['true', true],
    ['null', null],
    ['"x"', 'x'],
    ['"\\u00e9"', 'é'],
    ['[1,"a"]', [new GoFloat(1), 'a']],
    ['{"a":{"b":2}}', { a: { b: new GoFloat(2) } }],
  ])('%j is JSON', (output, expected) => {
    expect(typeRenderedOutput(output)).toEqual(expected);
  });

  test.each(['TRUE', '<no value>', '', 'v1.2', '01', '1.', '[1,]', 'NaN', '1e400', '[1e400]'])('%j stays a string', (output) => {
    expect(typeRenderedOutput(output)).toBe(output);
  });
});

describe('isTemplateText', () => {
  test.each([
    ['{{ .a }}', true],
    ['}} before {{', true],
    ['only {{', false],
    ['only }}', false],
    ['plain', false],
  ])('%j → %s', (text, expected) => {
    expect(isTemplateText(text)).toBe(expected);
  });
});

describe('renderTyped', () => {
  const view: GoMap = { port: 6443, v: '1.2', x: ['a', 'b'], a: 1, b: 2, name: 'n1' };

  test.each([
    ['{{ .port }}', new GoFloat(6443)],
    ['v{{ .v }}', 'v1.2'],
    ['{{ .x | toJson }}', ['a', 'b']],
    ['{{ .a }}.{{ .b }}', new GoFloat(1.2)],
    ['{{ .missing }}', '<no value>'],
    ['{{ 1 }}', new GoFloat(1)],
    ['{{ "{{ .v }}" }}', '{{ .v }}'],
    ['{{ .name | quote }}', 'n1'],
  ])('%j', (template, expected) => {
    expect(renderTyped(template, view)).toEqual(expected);
  });

  test('walks maps and lists, leaving other values alone', () => {
    const input: GoMap = { host: '{{ .name }}', list: ['{{ .a }}', 3, true, null], deep: { p: '{{ .port }}', raw: 'text' } };
    expect(renderTyped(input, view)).toEqual({ host: 'n1', list: [new GoFloat(1), 3, true, null], deep: { p: new GoFloat(6443), raw: 'text' } });
    expect(input.host).toBe('{{ .name }}');
  });

  test('errors propagate', () => {
    expect(() => renderTyped('{{ .missing | trimPrefix "v" }}', view)).toThrow();
  });
});

describe('renderTyped walk', () => {
  test('reports each leaf with its path, in document order, and maps errors', () => {
    const seen: [readonly (string | number)[], unknown][] = [];
    const out = renderTyped({ a: '{{ 1 }}', l: ['x', '{{ "y" }}'] }, {}, 'vars', { afterLeaf: (path, leaf) => seen.push([path, leaf]) });
    expect(out).toEqual({ a: new GoFloat(1), l: ['x', 'y'] });
    expect(seen).toEqual([
      [['a'], new GoFloat(1)],
      [['l', 0], 'x'],
      [['l', 1], 'y'],
    ]);
    expect(() => renderTyped({ k: ['{{ .missing | trimPrefix "v" }}'] }, {}, 'vars', { onError: (path) => new Error(`at ${path.join('.')}`) })).toThrow('at k.0');
  });

  test('keeps a "__proto__" key as data', () => {
    const input = JSON.parse('{"__proto__": "{{ 2 }}"}') as GoMap;
    const out = renderTyped(input, {}, 'vars') as GoMap;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
