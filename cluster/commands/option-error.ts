/**
 * One line for a command-line mistake instead of Node's parser text and the whole help:
 *   kplay create cluster: unknown option --chek (did you mean --check?); see kplay create --help (KP-CLI-001)
 */
import { didYouMean, withCode } from '../../engine';

/** `options` is a parseArgs option table: its keys (long names) are the candidates for a suggestion. */
export function optionErrorLine(command: string, error: unknown, options: object, helpCommand: string = command): string {
  // parseArgs errors may come from another realm (a test VM): read `message`, not instanceof.
  const text = (error as { message?: unknown } | null)?.message;
  const raw = typeof text === 'string' ? text : String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(raw);
  let message: string;
  if (unknown !== null) {
    const given = unknown[1];
    const names = Object.keys(options).map((n) => `--${n}`);
    message = `unknown option ${given}${given.startsWith('--') ? didYouMean(given, names) : ''}`;
  } else {
    // "Option '-i, --inventory <value>' argument missing" and the like: the first sentence.
    message = raw.split(/\.\s/)[0].replace(/\.$/, '');
  }
  return `kplay ${command}: ${withCode(`${message}; see kplay ${helpCommand} --help`, 'KP-CLI-001')}\n`;
}
