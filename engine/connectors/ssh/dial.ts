/**
 * Opens the TCP connection ourselves (instead of letting ssh2 do it) so refused / timed out /
 * unresolvable hosts are reported distinctly and Nagle is off from the first byte.
 */
import { Socket, connect } from 'node:net';
import { ConnectionError } from '../types';

export function dialTcp(hostName: string, host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ConnectionError('timeout', `timed out after ${timeoutMs / 1000} s connecting to ${host}:${port}`, hostName));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(classifyDialError(error, hostName, host, port));
    });
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
    default:
      return new ConnectionError('other', `failed to connect to ${host}:${port}: ${error.message}`, hostName);
  }
}
