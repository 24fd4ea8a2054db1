import { execFileSync } from 'node:child_process';
import { renderTemplate } from '../template';
import { kubekeyFunctionMap } from '../functions';
import type { GoValue } from '../../core/values';

const render = (text: string, data: GoValue): string => renderTemplate(text, data, { funcs: kubekeyFunctionMap() });

/** What /bin/sh makes of a command line: one line per word it passes to printf. */
const wordsSeenBySh = (commandLine: string): string[] =>
  execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${commandLine}`]).toString('utf8').split('\0').slice(0, -1);

describe('shellQuote', () => {
  const hostile = [
    'a b; touch /tmp/kplay-pwned',
    "it's",
    '$(id) `id` ${HOME} $HOME',
    '"double" \\back\\slash',
    'line\nbreak\ttab',
    '*.yaml ?',
    '-n',
    '',
    'ünïcödé ✓',
  ];

  it.each(hostile)('hands %j to the shell as exactly one word', (value) => {
    expect(wordsSeenBySh(render('{{ .v | shellQuote }}', { v: value }))).toEqual([value]);
  });

  it('quotes each item of a list as its own word', () => {
    expect(wordsSeenBySh(render('{{ .l | shellQuote }}', { l: hostile }))).toEqual(hostile);
  });

  it('prints numbers and booleans as Go does', () => {
    expect(render('{{ shellQuote 42 }} {{ shellQuote true }} {{ shellQuote 1.5 }}', {})).toBe('42 true 1.5');
  });

  it('refuses a missing value rather than passing an empty word', () => {
    expect(() => render('{{ .missing | shellQuote }}', {})).toThrow(/shellQuote: nil value/);
  });
});
