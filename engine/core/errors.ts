/**
 * Stable error codes and the one error base class that carries them.
 *
 * A code names a kind of problem, not a message: the text may be reworded, the code stays, so
 * scripts, support answers and docs/errors.md can refer to it. Users see the code as a trailing
 * ` (KP-AREA-NNN)` after the message wherever an error reaches them (load diagnostics, task
 * failures, unreachable hosts, usage errors); `message` itself stays the plain text so errors
 * can be nested in other messages without repeating codes.
 */

/** Every code with its one-line meaning; docs/errors.md explains each and how to fix it. */
export const ERROR_CODES = {
  'KP-LOAD-001': 'YAML syntax error in a project, inventory or config file',
  'KP-LOAD-002': 'invalid playbook, role or task file',
  'KP-LOAD-003': 'invalid inventory',
  'KP-LOAD-004': 'invalid config file or -e value',
  'KP-LOAD-005': 'cluster config check failed',
  'KP-TMPL-001': 'template parse error',
  'KP-TMPL-002': 'template execution error',
  'KP-TMPL-003': 'a template printed <no value> in strict mode',
  'KP-CONN-001': 'connection refused',
  'KP-CONN-002': 'connection timed out',
  'KP-CONN-003': 'host name does not resolve',
  'KP-CONN-004': 'authentication failed',
  'KP-CONN-005': 'host key changed',
  'KP-CONN-006': 'host key unknown',
  'KP-CONN-007': 'connection dropped',
  'KP-CONN-008': 'privilege escalation (become) failed',
  'KP-CONN-009': 'connection failed for another reason',
  'KP-MOD-001': 'module failed with an error',
  'KP-MOD-002': 'invalid module argument',
  'KP-RUN-001': 'vars could not be rendered',
  'KP-RUN-002': 'task timed out',
  'KP-RUN-003': 'invalid serial batch size',
  'KP-RUN-010': 'there is no run to resume',
  'KP-RUN-011': 'the playbook changed before the resume point',
  'KP-CLI-001': 'invalid command line',
  'KP-CLI-002': '--limit selects no host',
  'KP-CLI-003': 'an output path cannot be written',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(text: string): text is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, text);
}

/** The base of every error kplay raises on purpose; anything else is a bug or a foreign error. */
export class KplayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KplayError';
  }
}

/** `text (CODE)`: the one form in which codes are shown. */
export function withCode(text: string, code: ErrorCode | undefined): string {
  return code === undefined ? text : `${text} (${code})`;
}

/**
 * The user-facing text of a caught value: a KplayError with its code, another Error with
 * `fallback` (the code of the place that caught it) when one is given.
 */
export function describeError(err: unknown, fallback?: ErrorCode): string {
  if (err instanceof KplayError) return withCode(err.message, err.code);
  if (err instanceof Error) return withCode(err.message, fallback);
  return withCode(String(err), fallback);
}
