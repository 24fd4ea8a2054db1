/** Adapts an ssh2 exec channel to the process interface `supervise` drives. */
import { PassThrough } from 'node:stream';
import { Client, ClientChannel } from 'ssh2';
import { ProcessEvents, StartedProcess } from '../supervise';
import { NEVER_STARTED, OPEN_RETRIES, reopenDelayMs } from './channel-open';

/** After asking sshd to kill the command, how long to wait before closing the channel ourselves. */
const CLOSE_AFTER_KILL_MS = 1000;
/** Fresh connections tried for one command whose connection died before the command started. */
const MAX_RECONNECTS = 3;

/** The connector's side: which connection to use and what to do when it turns out to be dead. */
export interface ExecConnection {
  /** Why `client` is no longer the connector's connection, or undefined while it still is. */
  lostReason(client: Client): string | undefined;
  /** Stops handing out `dead` (its 'close' event may not have arrived yet) and yields a working connection. */
  replace(dead: Client): Promise<Client>;
  /**
   * After the host refused a channel (its MaxSessions limit): closes something idle of the
   * connector's own (a persistent session) to make room; true when it did.
   */
  makeRoom?(): Promise<boolean>;
}


export function startExecChannel(
  firstClient: Client,
  commandLine: string,
  events: ProcessEvents,
  connection: ExecConnection,
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

  /** The command never ran on `dead`: run it on a working connection instead of failing it. */
  const openElsewhere = (dead: Client, reconnects: number, error: Error): void => {
    if (killRequested) return events.onExit(null, 'KILL');
    if (reconnects >= MAX_RECONNECTS) {
      return events.onLost(connection.lostReason(dead) ?? `could not start the command: ${error.message}`);
    }
    connection.replace(dead).then(
      (client) => open(client, 0, reconnects + 1),
      (failure: unknown) => events.onStartFailed(failure instanceof Error ? failure : new Error(String(failure))),
    );
  };

  const open = (client: Client, attempt: number, reconnects: number): void => {
    if (killRequested) return events.onExit(null, 'KILL');
    const onOpened = (error: Error | undefined, opened: ClientChannel): void => {
      if (!error) return attach(opened, client);
      if (NEVER_STARTED.has(error.message)) return openElsewhere(client, reconnects, error);
      const lost = connection.lostReason(client);
      if (lost) return events.onLost(lost);
      if (attempt < OPEN_RETRIES && !killRequested) {
        const retry = (): void => open(client, attempt + 1, reconnects);
        const later = (): void => void setTimeout(retry, reopenDelayMs(attempt));
        (connection.makeRoom?.() ?? Promise.resolve(false)).then((made) => (made ? retry() : later()), later);
        return;
      }
      events.onLost(`could not start the command: ${error.message}`);
    };
    try {
      client.exec(commandLine, onOpened);
    } catch (error) {
      // ssh2 throws synchronously ("Not connected") when the socket is already gone; deferred so
      // the caller has its process handle before any event arrives.
      const failure = error instanceof Error ? error : new Error(String(error));
      queueMicrotask(() => (NEVER_STARTED.has(failure.message) ? openElsewhere(client, reconnects, failure) : events.onStartFailed(failure)));
    }
  };

  const attach = (opened: ClientChannel, client: Client): void => {
    channel = opened;
    opened.on('data', (chunk: Buffer) => events.onStdout(chunk));
    opened.stderr.on('data', (chunk: Buffer) => events.onStderr(chunk));
    opened.on('exit', (code: number | null, signal?: string) => {
      exit = { code: typeof code === 'number' ? code : null, signal: typeof signal === 'string' ? signal : undefined };
    });
    opened.on('close', () => {
      if (exit) return events.onExit(exit.code, exit.signal);
      const lost = connection.lostReason(client);
      if (lost) return events.onLost(lost);
      events.onExit(null, killRequested ? 'KILL' : undefined);
    });
    stdin.pipe(opened);
    if (killRequested) killChannel(opened);
  };
  open(firstClient, 0, 0);

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
