/** Performs one SSH handshake (host key check + authentication) and returns the ready client. */
import { Duplex } from 'node:stream';
import { Client, ConnectConfig } from 'ssh2';
import { ConnectorConfig } from '../config';
import { ConnectionError } from '../types';
import { AuthSetupError, ControllerLimitError, buildAuthPlan } from './auth';
import { dialTcp } from './dial';
import { KnownHosts, fingerprintOf, keyTypeOf, knownHostsName } from './known-hosts';

export interface OpenClientOptions {
  readonly hostName: string;
  readonly config: ConnectorConfig;
  readonly username: string;
  /** Undefined when host key checking is off. */
  readonly knownHosts?: KnownHosts;
  readonly homeDir: string;
  readonly agentSocket?: string;
  /** Opens the transport through a bastion instead of a direct TCP connection. */
  readonly tunnel?: (host: string, port: number) => Promise<Duplex>;
  /** Abandons the handshake at once (the run was interrupted). */
  readonly signal?: AbortSignal;
}

function interruptedError(hostName: string, endpoint: string): ConnectionError {
  return new ConnectionError('other', `connection to ${endpoint} abandoned: the run was interrupted`, hostName);
}

/** Host key algorithms to ask for first when a key type is already trusted. */
function algorithmsFor(keyTypes: readonly string[]): string[] {
  return keyTypes.flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]));
}

export async function openClient(options: OpenClientOptions): Promise<Client> {
  const { hostName, config, username } = options;
  const endpoint = `${username}@${config.host}:${config.port}`;
  let auth;
  try {
    auth = await buildAuthPlan(config, username, options.homeDir, options.agentSocket);
  } catch (error) {
    if (error instanceof AuthSetupError) throw new ConnectionError('auth', `${error.message} (${endpoint})`, hostName);
    if (error instanceof ControllerLimitError) throw new ConnectionError('other', `${error.message} (${endpoint})`, hostName);
    throw error;
  }
  if (auth.attempts.length === 0) {
    throw new ConnectionError(
      'auth',
      `no authentication method available for ${endpoint}: provide password, private_key_content, or private_key (no usable key in ~/.ssh, no ssh-agent)`,
      hostName,
    );
  }

  const { signal } = options;
  if (signal?.aborted) throw interruptedError(hostName, endpoint);
  const sock = options.tunnel
    ? await options.tunnel(config.host, config.port)
    : await dialTcp(hostName, config.host, config.port, config.connectTimeoutMs, signal);
  if (signal?.aborted) {
    sock.destroy();
    throw interruptedError(hostName, endpoint);
  }

  let hostKeyFailure: ConnectionError | undefined;
  const knownHosts = options.knownHosts;
  const preferred = knownHosts ? algorithmsFor(await knownHosts.knownKeyTypes(config.host, config.port)) : [];
  const verify = (key: Buffer, done: (ok: boolean) => void): void => {
    if (!knownHosts) return done(true);
    knownHosts
      .check(config.host, config.port, key)
      .then(async (verdict) => {
        const fingerprint = fingerprintOf(key);
        const name = knownHostsName(config.host, config.port);
        if (verdict.status === 'match') return done(true);
        if (verdict.status === 'changed' && verdict.knownKeyType !== undefined) {
          hostKeyFailure = new ConnectionError(
            'host-key-changed',
            `WARNING: the host key type of ${name} has changed: it offered only a ${keyTypeOf(key)} key (${fingerprint}), ` +
              `but a ${verdict.knownKeyType} key (${verdict.knownFingerprint}) is recorded in ${verdict.file}:${verdict.line}. ` +
              `This is what an impostor without the recorded key would do. If the host was really reinstalled or ` +
              `reconfigured, remove that line and connect again to record the new key.`,
            hostName,
          );
          return done(false);
        }
        if (verdict.status === 'changed') {
          hostKeyFailure = new ConnectionError(
            'host-key-changed',
            `WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for ${name}! Someone could be eavesdropping on you ` +
              `(man-in-the-middle attack), or the host key has just been changed. The ${keyTypeOf(key)} key sent by the ` +
              `host has fingerprint ${fingerprint}` +
              (verdict.revoked ? `, which is marked @revoked` : `, but ${verdict.knownFingerprint} is recorded`) +
              ` in ${verdict.file}:${verdict.line}. Remove that line if the change is expected.`,
            hostName,
          );
          return done(false);
        }
        if (config.hostKeyChecking === 'strict') {
          hostKeyFailure = new ConnectionError(
            'host-key-unknown',
            `host key for ${name} is not known (${keyTypeOf(key)} ${fingerprint}) and host_key_checking is strict; ` +
              `add it to ${knownHosts.writableFile} or use host_key_checking: accept-new`,
            hostName,
          );
          return done(false);
        }
        await knownHosts.record(config.host, config.port, key);
        done(true);
      })
      .catch((error: Error) => {
        hostKeyFailure = new ConnectionError('other', `host key check for ${hostName} failed: ${error.message}`, hostName);
        done(false);
      });
  };

  const client = new Client();
  const connectConfig: ConnectConfig = {
    sock,
    username,
    readyTimeout: config.connectTimeoutMs,
    keepaliveInterval: config.keepaliveIntervalMs,
    keepaliveCountMax: 3,
    authHandler: auth.handler,
    hostVerifier: verify,
    ...(preferred.length > 0 ? { algorithms: { serverHostKey: { prepend: preferred } as never } } : {}),
  };

  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      client.removeListener('ready', onReady);
      if (error) {
        client.removeListener('close', onClose);
        // ssh2 may emit more errors while tearing the failed connection down.
        client.on('error', () => undefined);
        client.end();
        sock.destroy();
        reject(error);
      } else resolve(client);
    };
    const onReady = (): void => settle();
    const onError = (error: Error & { level?: string }): void => {
      if (hostKeyFailure) return settle(hostKeyFailure);
      if (error.level === 'client-authentication') {
        const tried = auth.tried.length > 0 ? auth.tried.join(', ') : 'nothing the server accepts';
        return settle(new ConnectionError('auth', `Permission denied for ${endpoint} (tried: ${tried})`, hostName));
      }
      if (error.level === 'client-timeout') {
        return settle(
          new ConnectionError('timeout', `SSH handshake with ${config.host}:${config.port} timed out after ${config.connectTimeoutMs / 1000} s`, hostName),
        );
      }
      settle(new ConnectionError('other', `SSH connection to ${config.host}:${config.port} failed: ${error.message}`, hostName));
    };
    const onClose = (): void =>
      settle(hostKeyFailure ?? new ConnectionError('dropped', `${config.host}:${config.port} closed the connection during the SSH handshake`, hostName));
    const onAbort = (): void => settle(interruptedError(hostName, endpoint));
    // The signal may have fired while the known keys were read (an abort event does not repeat).
    if (signal?.aborted) {
      settle(interruptedError(hostName, endpoint));
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    client.once('ready', onReady);
    client.on('error', onError);
    client.once('close', onClose);
    try {
      client.connect(connectConfig);
    } catch (error) {
      settle(new ConnectionError('other', `SSH connection to ${config.host}:${config.port} failed: ${(error as Error).message}`, hostName));
    }
  }).then((ready) => {
    ready.removeAllListeners('error');
    ready.removeAllListeners('close');
    return ready;
  });
}
