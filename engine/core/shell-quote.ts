/** POSIX-shell quoting for values spliced into `/bin/sh -c` scripts and remote command lines. */

const SAFE_WORD = /^[A-Za-z0-9_\/.,:@%+=-]+$/;

/** Quotes `value` so the shell reads it back as exactly one word with no expansion. */
export function shellQuote(value: string): string {
  if (value !== '' && SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Joins an argument vector into a command line a POSIX shell splits back into the same words. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isValidEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}
