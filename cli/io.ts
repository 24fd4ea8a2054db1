/** The streams a command talks to; injected so tests drive commands without a child process. */
export interface CommandIO {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export const processIO: CommandIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };


/**
 * Colour as the environment asks (https://no-color.org, FORCE_COLOR): NO_COLOR (any non-empty
 * value) turns it off, FORCE_COLOR (other than "0"/"false") turns it on even in a pipe;
 * undefined leaves the choice to the terminal check.
 */
export function colorFromEnv(env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  return undefined;
}

/**
 * `kplay … | head` closes the pipe early: stop quietly with success instead of an EPIPE stack
 * (what cat and grep do when their reader goes away).
 */
export function quietOnBrokenPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/**
 * KPLAY_DISPLAY_SKIPPED_HOSTS=false hides skipped hosts as --hide-skipped does (Ansible's
 * display_skipped_hosts / ANSIBLE_DISPLAY_SKIPPED_HOSTS); any other value, or none, shows them.
 */
export function displaySkippedFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.KPLAY_DISPLAY_SKIPPED_HOSTS?.trim().toLowerCase();
  return !(v === 'false' || v === '0' || v === 'no' || v === 'off');
}
