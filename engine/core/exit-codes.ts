/** Exit codes shared by every command (Ansible's where Ansible has one). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  hostFailed: 2,
  hostUnreachable: 3,
  invalidInput: 4,
  badOptions: 5,
  interrupted: 130,
  internal: 250,
} as const;

/** Exit codes of a run stopped by a signal: 128 + the signal number, as shells report it. */
const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * What a caller aborts a run with when a signal stopped it (the abort reason): the run's exit
 * code and error then name the signal. Any other reason counts as SIGINT.
 */
export interface Interruption {
  readonly signal: string;
}

function signalOf(reason: unknown): string | undefined {
  if (reason === null || typeof reason !== 'object') return undefined;
  const signal = (reason as { signal?: unknown }).signal;
  return typeof signal === 'string' && signal in SIGNAL_EXIT_CODES ? signal : undefined;
}

export function interruptedExitCode(reason: unknown): number {
  const signal = signalOf(reason);
  return signal !== undefined ? SIGNAL_EXIT_CODES[signal] : ExitCode.interrupted;
}

/** The run's error text: `interrupted` or `interrupted by SIGTERM`. */
export function interruptedMessage(reason: unknown): string {
  const signal = signalOf(reason);
  return signal !== undefined ? `interrupted by ${signal}` : 'interrupted';
}
