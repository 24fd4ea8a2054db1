/**
 * Opens the TCP connection ourselves (instead of letting ssh2 do it) so refused / timed out /
 * unresolvable hosts are reported distinctly and Nagle is off from the first byte.
 */
import { Socket, connect } from 'node:net';
import { ConnectionError } from '../types';

/** `signal` abandons the attempt at once (the run was interrupted). */
export function dialTcp(hostName: string, host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const giveUp = (error: ConnectionError): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => giveUp(new ConnectionError('timeout', `timed out after ${timeoutMs / 1000} s connecting to ${host}:${port}`, hostName)),
      timeoutMs,
    );
    const onAbort = (): void => giveUp(new ConnectionError('other', `connecting to ${host}:${port} abandoned: the run was interrupted`, hostName));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => giveUp(classifyDialError(error, hostName, host, port)));
  });
}

export function classifyDialError(error: NodeJS.ErrnoException, hostName: string, host: string, port: number): ConnectionError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new ConnectionError('refused', `connection refused by ${host}:${port} (is sshd running on that port?)`, hostName);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new ConnectionError('dns', `cannot resolve host name ${host}: ${error.code}`, hostName);
    case 'ETIMEDOUT':
      return new ConnectionError('timeout', `timed out connecting to ${host}:${port}`, hostName);
    case 'EMFILE':
    case 'ENFILE':
      // The host is fine; the controller is not.
      return new ConnectionError('other', `cannot connect to ${host}:${port}: ${outOfDescriptors(error.code)}`, hostName);
    default:
      return new ConnectionError('other', `failed to connect to ${host}:${port}: ${error.message}`, hostName);
  }
}

/** Whether a failed system call ran out of file descriptors (the controller's limit, not a host's fault). */
export function isOutOfDescriptors(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EMFILE' || code === 'ENFILE';
}

/** What to tell the user when the controller ran out of file descriptors. */
export function outOfDescriptors(code: string): string {
  // Node already raised the soft limit to the hard one.
  return (
    `the controller ran out of file descriptors (${code}). ` +
    'kplay keeps one SSH connection per host for the whole run, so it needs one descriptor per SSH host plus a few; ' +
    'raise the hard open-file limit (ulimit -Hn, LimitNOFILE= for a service) above the number of hosts'
  );
}
