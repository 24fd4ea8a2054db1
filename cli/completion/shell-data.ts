/**
 * The tree as shell functions both scripts share (plain `case`, valid in bash and zsh):
 * `_kplay_subs PATH`, `_kplay_flags PATH`, `_kplay_valued PATH`, `_kplay_choices PATH FLAG`,
 * `_kplay_dirs PATH FLAG` (status 0 for a directory option), `_kplay_positionals PATH`
 * (a word list, `@files`, or nothing).
 */
import type { FlatNode } from './tree';

/** Single-quoted for the shell. */
export function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function caseFunction(name: string, arms: ReadonlyArray<readonly [string, string]>, args = '"$1"'): string {
  const lines = arms.map(([pattern, body]) => `    ${pattern}) ${body} ;;`);
  return [`${name}() {`, `  case ${args} in`, ...lines, '  esac', '}'].join('\n');
}

export function shellData(nodes: readonly FlatNode[]): string {
  const words = (list: readonly string[]): string => `echo ${quote(list.join(' '))}`;
  const withList = (pick: (n: FlatNode) => readonly string[]): Array<[string, string]> =>
    nodes.filter((n) => pick(n).length > 0).map((n) => [quote(n.path), words(pick(n))]);
  const choiceArms: Array<[string, string]> = nodes.flatMap((n) => [...n.choices].map(([flag, list]): [string, string] => [quote(`${n.path}|${flag}`), words(list)]));
  const dirArms: Array<[string, string]> = nodes.filter((n) => n.directories.length > 0).map((n) => [n.directories.map((d) => quote(`${n.path}|${d}`)).join('|'), 'return 0']);
  const positionalArms: Array<[string, string]> = nodes
    .filter((n) => n.positionals !== 'none')
    .map((n) => [quote(n.path), n.positionals === 'files' ? "echo '@files'" : words(n.positionals as readonly string[])]);
  return [
    caseFunction('_kplay_subs', withList((n) => n.subcommands)),
    caseFunction('_kplay_flags', withList((n) => n.flags)),
    caseFunction('_kplay_valued', withList((n) => n.valued)),
    caseFunction('_kplay_choices', choiceArms, '"$1|$2"'),
    caseFunction('_kplay_dirs', [...dirArms, ['*', 'return 1']], '"$1|$2"'),
    caseFunction('_kplay_positionals', positionalArms),
  ].join('\n');
}
