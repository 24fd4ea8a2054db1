/**
 * How the SSH connector treats a channel it could not open (an exec channel, a persistent
 * session, the SFTP channel): the same policy for all of them.
 */

/** Channel-open refusals retried (with backoff) before giving up. */
export const OPEN_RETRIES = 12;

/**
 * ssh2 errors that prove no command was started: the socket was already unwritable when the
 * channel was requested, the connection closed while the channel-open was pending, or the channel
 * closed before the exec request went out. ("Unable to exec" is absent on purpose: the request was
 * sent, so the command may be running.)
 */
export const NEVER_STARTED: ReadonlySet<string> = new Set(['Not connected', 'No response from server', 'Channel is not open']);

/**
 * The pause before asking again after refusal number `attempt` (from 0): sshd frees a session slot
 * a moment after reporting the channel that held it closed, so a refusal at the MaxSessions limit
 * is usually short-lived.
 */
export function reopenDelayMs(attempt: number): number {
  return Math.min(10 * 2 ** attempt, 500);
}
