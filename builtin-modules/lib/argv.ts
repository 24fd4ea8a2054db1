/**
 * `command: {argv: [...]}` (docs/modules.md#passing-untrusted-data-safely): a list of arguments
 * that no shell parses. Both connectors run commands through kplay's own wrapper script (it sets
 * the directory, the environment, the privilege change and the process group); the list becomes
 * that script's last line, `exec` and the words each quoted, so the program receives exactly
 * these strings whatever they contain, as execve would hand them over.
 */
import { ModuleArgumentError, shellQuote } from '../../engine/modules/module-api';

/** What `argv` may hold: YAML scalars, each passed as its text. */
export type ArgvWord = string | number | boolean;

/** The words as the program receives them; throws ModuleArgumentError for a list no exec can run. */
export function argvWords(argv: readonly ArgvWord[]): string[] {
  if (argv.length === 0) throw new ModuleArgumentError('argv must list at least the program to run');
  const words = argv.map(String);
  words.forEach((word, i) => {
    // execve takes C strings: a NUL would silently cut the argument short.
    if (word.includes('\0')) throw new ModuleArgumentError(`argv[${i}] contains a NUL character, which no program can receive`);
  });
  if (words[0] === '') throw new ModuleArgumentError('argv[0] is empty: it must name the program to run');
  // `exec -x` would read the program name as an option of exec.
  if (words[0].startsWith('-')) throw new ModuleArgumentError(`argv[0] "${words[0]}" starts with "-": it must name the program to run`);
  return words;
}

/** The wrapper's last line for these words: replaced by the program, no expansion of any word. */
export function argvCommandLine(words: readonly string[]): string {
  return `exec ${words.map(shellQuote).join(' ')}`;
}
