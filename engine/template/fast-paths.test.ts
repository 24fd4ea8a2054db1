/**
 * The performance fast paths (ASCII shortcuts, memoised parses, the per-text template cache)
 * must give the same results as the general code at their edges: these cases sit right where a
 * shortcut hands over to the general path.
 */
import { renderTemplate } from './template';

const render = (text: string, data: Record<string, unknown> = {}): string =>
  renderTemplate(text, data as never, { name: 'fast-paths' });

describe('template fast paths', () => {
  test('toJson sorts keys by UTF-8 bytes, also where UTF-16 order differs', () => {
    // U+E000 (EE 80 80) sorts before U+1F600 (F0 9F 98 80) in bytes, after it in UTF-16 units.
    expect(render('{{ dict "\uE000" 1 "\u{1F600}" 2 "b" 3 "a" 4 | toJson }}')).toBe('{"a":4,"b":3,"\uE000":1,"\u{1F600}":2}');
  });

  test('toJson escapes only what Go escapes', () => {
    expect(render('{{ list "plain" "<a&b>" "q\\"uote" "tab\\t" | toJson }}')).toBe('["plain","\\u003ca\\u0026b\\u003e","q\\"uote","tab\\t"]');
  });

  test('trim removes Unicode spaces after ASCII ones, and only spaces', () => {
    expect(render('[{{ " \\u00a0 x y \\u3000\\t" | trim }}]')).toBe('[x y]');
    expect(render('[{{ " \\t\\n " | trim }}]')).toBe('[]');
    expect(render('[{{ "\\u00e9 " | trim }}]')).toBe('[\u00e9]');
  });

  test('quote keeps printable text and escapes the rest like %q', () => {
    expect(render('{{ quote "plain text" "a\\"b" "caf\\u00e9" "x\\ty" }}')).toBe('"plain text" "a\\"b" "caf\u00e9" "x\\ty"');
  });

  test('upper/lower use Go simple case mapping beyond ASCII', () => {
    expect(render('{{ "stra\\u00dfe" | upper }} {{ "ABC" | lower }} {{ "\\u0130X" | lower }}')).toBe('STRA\u00dfE abc ix');
  });

  test('semverCompare answers the same on repeated (memoised) calls, errors included', () => {
    const text = '{{ semverCompare ">=1.2.0" "1.10.0" }} {{ semverCompare ">=1.2.0" "1.1.9" }}';
    expect(render(text)).toBe('true false');
    expect(render(text)).toBe('true false');
    for (let i = 0; i < 2; i++) {
      expect(() => render('{{ semverCompare "=>>1" "1.0.0" }}')).toThrow(/error calling semverCompare: improper constraint: =>>1/);
      expect(() => render('{{ semverCompare ">=1" "not.a.version" }}')).toThrow(/error calling semverCompare: Invalid Semantic Version/);
    }
  });

  test('toYaml orders keys numerically inside names and quotes what would not read back', () => {
    expect(render('{{ dict "a10" "x" "a9" "yes" "b" "1.5" | toYaml }}')).toBe('a9: "yes"\na10: x\nb: "1.5"');
  });

  test('the same text under another name or other delimiters is a separate template', () => {
    expect(renderTemplate('{{ .a }}', { a: 1 }, { name: 'one' })).toBe('1');
    expect(renderTemplate('{{ .a }}', { a: 2 }, { name: 'two' })).toBe('2');
    expect(renderTemplate('<< .a >>{{ .a }}', { a: 3 }, { name: 'one', delims: ['<<', '>>'] })).toBe('3{{ .a }}');
    expect(renderTemplate('<< .a >>{{ .a }}', { a: 3 }, { name: 'one' })).toBe('<< .a >>3');
  });
});
