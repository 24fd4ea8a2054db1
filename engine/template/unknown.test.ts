import { Unknown, UnknownValueError } from '../core/unknown';
import type { GoValue } from '../core/values';
import { renderMarkingUnknown, renderText, renderTyped, evaluateCondition } from './conversions';
import { renderTemplate } from './template';

const probe = new Unknown('.probe: registered by task "p", which did not really run');
const data = (): Record<string, GoValue> => ({ probe, known: 'v1.30', list: ['a', 'b'], nested: { ok: 1, u: probe }, mixed: [probe, 1], flag: true });

/** The Unknown a render stopped at, or the text it produced. */
function outcome(text: string): string | Unknown {
  try {
    return renderTemplate(text, data(), { name: 'task.yaml' });
  } catch (e) {
    if (e instanceof UnknownValueError) return e.unknown;
    throw e;
  }
}

describe('check mode unknown values in the template executor', () => {
  test.each([
    ['printing it', '{{ .probe }}'],
    ['a field of it', '{{ .probe.stdout }}'],
    ['a chain of fields and a method call with arguments', '{{ .probe.stdout.Lines 1 2 }}'],
    ['a function of it', '{{ upper .probe.stdout }}'],
    ['a pipeline through it', '{{ .probe.stdout | trim | splitList "\\n" | first }}'],
    ['a comparison', '{{ eq .probe.stdout "x" }}'],
    ['a comparison with a typed parameter', '{{ lt .probe.rc 1 }}'],
    ['negation', '{{ not .probe.skipped }}'],
    ['a default over it (it is not empty, it is unknown)', '{{ .probe.stdout | default "d" }}'],
    ['index', '{{ index .probe "stdout" }}'],
    ['an if condition', '{{ if .probe.stdout }}yes{{ else }}no{{ end }}'],
    ['a with', '{{ with .probe }}x{{ end }}'],
    ['a range over it', '{{ range .probe.stdout_lines }}{{ . }}{{ end }}'],
    ['and / or reaching it', '{{ and .flag .probe.rc }}'],
    ['a variable holding it, printed later', '{{ $v := .probe.stdout }}a{{ $v }}'],
    ['JSON of a map holding one', '{{ toJson .nested }}'],
    ['printf %v of a map holding one', '{{ printf "%v" .nested }}'],
    ['inside include', '{{ define "t" }}{{ .stdout }}{{ end }}{{ include "t" .probe }}'],
  ])('%s makes the render unknown', (_what, text) => {
    expect(outcome(text)).toBe(probe);
  });

  test.each([
    ['a value next to it', '{{ .known }}', 'v1.30'],
    ['or decided before it', '{{ or .flag .probe }}', 'true'],
    ['and decided before it', '{{ and false .probe }}', 'false'],
    ['a variable holding it that is never printed', '{{ $v := .probe }}ok', 'ok'],
    ['a branch not taken', '{{ if false }}{{ .probe }}{{ end }}done', 'done'],
    ['the length of a list holding one', '{{ len .mixed }}', '2'],
    ['a known key of a map holding one', '{{ .nested.ok }}', '1'],
    ['whether a map holding one is empty', '{{ if .nested }}full{{ end }}', 'full'],
  ])('%s stays known', (_what, text, expected) => {
    expect(outcome(text)).toBe(expected);
  });

  test('renderText and conditions refuse it; renderTyped keeps it as data', () => {
    expect(() => renderText('{{ .probe.stdout }}', data(), 't')).toThrow(UnknownValueError);
    expect(() => evaluateCondition('{{ eq .probe.rc 0 }}', data(), 't')).toThrow(UnknownValueError);
    expect(renderTyped({ a: '{{ .probe.stdout }}', b: '{{ .known }}', c: ['{{ .probe }}'] }, data(), 't')).toEqual({ a: probe, b: 'v1.30', c: [probe] });
  });

  test('renderMarkingUnknown marks each unknown part and keeps the rest', () => {
    const text = 'version={{ .known }}\nprobe={{ .probe.stdout }}\n{{ if .probe.rc }}rc set{{ end }}\nend {{ $x := .probe }}{{ $x }}\n';
    const marked = renderMarkingUnknown(text, data(), 'f.tmpl');
    expect(marked.unknown).toBe(probe);
    const shown = `(unknown in check mode: ${probe.reason})`;
    expect(marked.text).toBe(`version=v1.30\nprobe=${shown}\n${shown}\nend ${shown}\n`);
    expect(renderMarkingUnknown('plain {{ .known }}', data(), 'f')).toEqual({ text: 'plain v1.30' });
  });

  test('a partly printed branch is replaced as a whole', () => {
    const marked = renderMarkingUnknown('[{{ range .list }}{{ . }}{{ if eq . "b" }}{{ $.probe }}{{ end }}{{ end }}]', data(), 'f');
    expect(marked.text).toBe(`[ab(unknown in check mode: ${probe.reason})]`);
  });
});
