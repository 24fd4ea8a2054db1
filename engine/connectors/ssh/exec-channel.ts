/** Adapts an ssh2 exec channel to the process interface `supervise` drives. */
import { PassThrough } from 'node:stream';
import { Client, ClientChannel } from 'ssh2';
import { ProcessEvents, StartedProcess } from '../supervise';

/** After asking sshd to kill the command, how long to wait before closing the channel ourselves. */
const CLOSE_AFTER_KILL_MS = 1000;
/** Channel-open refusals retried (with backoff) before giving up. */
const OPEN_RETRIES = 12;

export function startExecChannel(
  client: Client,
  commandLine: string,
  events: ProcessEvents,
  connectionLost: () => string | undefined,
): StartedProcess {
  const stdin = new PassThrough();
  let channel: ClientChannel | undefined;
  let killRequested = false;
  let exit: { code: number | null; signal?: string } | undefined;

  const killChannel = (target: ClientChannel): void => {
    try {
      sendSignal(target, 'KILL');
    } catch {
      // The channel may already be closing.
    }
    setTimeout(() => target.close(), CLOSE_AFTER_KILL_MS).unref();
  };

  const open = (attempt: number): void => {
    try {
      client.exec(commandLine, (error, opened) => {
        if (error) {
          const lost = connectionLost();
          if (lost) return events.onLost(lost);
          // sshd frees a session slot a moment after reporting the previous channel closed, so a
          // refusal at the MaxSessions limit is usually transient.
          if (attempt < OPEN_RETRIES && !killRequested) {
            setTimeout(() => open(attempt + 1), Math.min(10 * 2 ** attempt, 500));
            return;
          }
          return events.onLost(`could not start the command: ${error.message}`);
        }
        attach(opened);
      });
    } catch (error) {
      // ssh2 throws synchronously when the socket is already gone.
      queueMicrotask(() => events.onLost(connectionLost() ?? `could not start the command: ${(error as Error).message}`));
    }
  };
  const attach = (opened: ClientChannel): void => {
    channel = opened;
    opened.on('data', (chunk: Buffer) => events.onStdout(chunk));
    opened.stderr.on('data', (chunk: Buffer) => events.onStderr(chunk));
    opened.on('exit', (code: number | null, signal?: string) => {
      exit = { code: typeof code === 'number' ? code : null, signal: typeof signal === 'string' ? signal : undefined };
    });
    opened.on('close', () => {
      if (exit) return events.onExit(exit.code, exit.signal);
      const lost = connectionLost();
      if (lost) return events.onLost(lost);
      events.onExit(null, killRequested ? 'KILL' : undefined);
    });
    stdin.pipe(opened);
    if (killRequested) killChannel(opened);
  };
  open(0);

  return {
    stdin,
    kill() {
      killRequested = true;
      if (channel) killChannel(channel);
    },
  };
}

/** The parts of ssh2's channel object needed to signal a channel whose stdin is already closed. */
interface ChannelInternals {
  readonly outgoing?: { readonly id?: number; readonly state?: string };
  readonly _client?: { readonly _protocol?: { signal(channelId: number, signalName: string): void } };
}

/**
 * sshd delivers a "signal" request to the command's whole process group. ssh2's public
 * `signal()` silently does nothing once our side of the channel is ended (after stdin EOF), which
 * is the normal state of a running command, so the request is sent through the protocol object.
 */
function sendSignal(channel: ClientChannel, signalName: string): void {
  const internals = channel as unknown as ChannelInternals;
  const id = internals.outgoing?.id;
  const protocol = internals._client?._protocol;
  if (id !== undefined && protocol && internals.outgoing?.state !== 'closed') protocol.signal(id, signalName);
  else channel.signal(signalName);
}
