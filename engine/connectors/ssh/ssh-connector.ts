/**
 * One SSH connection per host for the whole run: commands are exec channels multiplexed on it
 * (capped, the rest queue), files go through one lazily opened SFTP session, and a connection
 * that dropped between calls is re-established with backoff.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { posix } from 'node:path';
import { Duplex, Readable } from 'node:stream';
import { Client, SFTPWrapper } from 'ssh2';
import pLimit from 'p-limit';
import { PlanParts, needsBecome, planCommand, sessionScript } from '../command-line';
import { ConnectorConfig } from '../config';
import { writeFileAtomically } from '../controller-files';
import { DEFAULT_FILE_MODE, installFromStdinScript, orphanedFromListing, parseStatOutput, statScript } from '../file-scripts';
import { shellJoin, shellQuote } from '../../core/shell-quote';
import { GroupStopper } from '../group-stopper';
import { LOGIN_SHELL_PROBE, LoginShell, shellFromProbe } from '../login-shell';
import { RawResult, StopPolicy, StopSignal, SuperviseOptions, supervise, toExecResult } from '../supervise';
import { RunOptions, superviseOptionsFor } from '../supervise-options';
import {
  BecomeOptions,
  ConnectionError,
  Connector,
  ExecOptions,
  ExecResult,
  FileStat,
  PutOptions,
  StatOptions,
} from '../types';
import { OPEN_RETRIES, reopenDelayMs } from './channel-open';
import { ExecConnection, startExecChannel } from './exec-channel';
import { KnownHosts } from './known-hosts';
import { openClient } from './open-client';
import { SessionPool } from './session-pool';
import { ShellSession } from './shell-session';
import { describeSftpError, readWhole, uploadAtomically, type UploadSource } from './sftp-files';
import { isNoSuchFile, statOverSftp } from './sftp-stat';

export interface SshConnectorOptions {
  /** Required unless `config.hostKeyChecking` is `off`. */
  readonly knownHosts?: KnownHosts;
  /** Where default keys (~/.ssh/id_*) are looked up. */
  readonly homeDir?: string;
  /** ssh-agent socket; defaults to SSH_AUTH_SOCK. Empty string disables the agent. */
  readonly agentSocket?: string;
  /** Concurrent exec channels per host (sshd's MaxSessions defaults to 10; SFTP takes one more). */
  readonly maxChannels?: number;
  /** How long to keep retrying when a dropped connection must be re-established. */
  readonly reconnectTimeoutMs?: number;
  readonly becomeTimeoutMs?: number;
  /** Bastion connector for `proxy_jump`. */
  readonly jump?: SshConnector;
  /** The run's interruption: a handshake still pending is abandoned at once, none is started. */
  readonly signal?: AbortSignal;
  /** How interrupted commands are stopped (TERM, grace period, KILL). */
  readonly stop?: StopPolicy;
}

/** How long a stop request (`kill` through a second session) may take. */
const STOP_COMMAND_TIMEOUT_MS = 15_000;

const DEFAULT_MAX_CHANNELS = 8;
/** Sessions asked for one command when the ones handed out turn out to be gone already. */
const SESSION_TRIES = 3;
/** Uploads up to this size are sent from memory in one round trip; larger ones stream. */
const SMALL_UPLOAD_BYTES = 1024 * 1024;
const DEFAULT_RECONNECT_TIMEOUT_MS = 30_000;
const FIRST_RETRY_DELAY_MS = 200;
const MAX_RETRY_DELAY_MS = 4000;
/** Failures a retry cannot fix. */
const PERMANENT_KINDS = new Set(['auth', 'host-key-changed', 'host-key-unknown', 'dns']);

export class SshConnector implements SshConnectorLike {
  readonly kind = 'ssh';
  readonly loginUser: string;
  private client?: Client;
  private connecting?: Promise<Client>;
  private sftp?: Promise<SFTPWrapper>;
  /** SFTP operations under way: the channel is not given up for room while one runs. */
  private sftpInUse = 0;
  private everConnected = false;
  private closed = false;
  /** Set when the current connection ended unexpectedly. */
  private lostReason?: string;
  private readonly channels: pLimit.Limit;
  /** Per connection: rejects when it closes, so SFTP transfers cannot wait forever on a dead link. */
  private readonly closedSignals = new WeakMap<Client, Promise<never>>();
  /** Stop requests bypass the channel cap: the channels they must stop are what fills it. */
  private readonly stopper = new GroupStopper(async (command, become) => {
    await this.run(command, { become, timeoutMs: STOP_COMMAND_TIMEOUT_MS }, false);
  });
  /** Asked once per run, as the login user: sshd sets `$SHELL` from the account. */
  private readonly loginShell: LoginShell;
  /** Persistent shell sessions (`connector.session: persistent`); undefined in exec mode. */
  private readonly sessions?: SessionPool;

  constructor(
    readonly hostName: string,
    readonly config: ConnectorConfig,
    private readonly options: SshConnectorOptions = {},
  ) {
    this.loginUser = config.user ?? 'root';
    this.loginShell = new LoginShell(config.shell, async () => {
      const probe = await this.run(LOGIN_SHELL_PROBE, { timeoutMs: STOP_COMMAND_TIMEOUT_MS });
      return probe.rc === 0 ? shellFromProbe(probe.stdout.toString('utf8')) : '/bin/sh';
    });
    this.channels = pLimit(options.maxChannels ?? DEFAULT_MAX_CHANNELS);
    if (config.session !== 'exec') this.sessions = new SessionPool(hostName);
    if (config.hostKeyChecking !== 'off' && !options.knownHosts) {
      throw new Error(`ssh connector for ${hostName}: host key checking needs a known_hosts store`);
    }
  }

  /** Exec channels currently open (for tests of the cap). */
  get activeChannels(): number {
    return this.channels.activeCount;
  }

  async connect(): Promise<void> {
    await this.ensureClient();
  }

  private ensureClient(): Promise<Client> {
    if (this.closed) return Promise.reject(new ConnectionError('other', `connection to ${this.hostName} was closed`, this.hostName));
    if (this.client) return Promise.resolve(this.client);
    if (!this.connecting) {
      const attempt = this.everConnected ? this.reconnect() : this.openOnce();
      this.connecting = attempt.finally(() => {
        this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  private async openOnce(): Promise<Client> {
    const jump = this.options.jump;
    const client = await openClient({
      hostName: this.hostName,
      config: this.config,
      username: this.loginUser,
      knownHosts: this.config.hostKeyChecking === 'off' ? undefined : this.options.knownHosts,
      homeDir: this.options.homeDir ?? homedir(),
      agentSocket: this.options.agentSocket ?? process.env.SSH_AUTH_SOCK,
      ...(this.options.signal !== undefined ? { signal: this.options.signal } : {}),
      tunnel: jump ? (host, port) => jump.openTunnel(host, port, this.hostName) : undefined,
    });
    this.adopt(client);
    return client;
  }

  private adopt(client: Client): void {
    this.client = client;
    this.everConnected = true;
    this.lostReason = undefined;
    client.on('error', (error: Error) => this.forget(client, `connection to ${this.hostName} lost: ${error.message}`));
    client.on('close', () => this.forget(client, this.droppedMessage()));
    const closed = new Promise<never>((_, reject) => client.once('close', () => reject(new Error('connection closed'))));
    closed.catch(() => undefined);
    this.closedSignals.set(client, closed);
  }

  /** Stops using `client` (gone or found dead); the next call reconnects. */
  private forget(client: Client, reason: string): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.sftp = undefined;
    if (!this.closed) this.lostReason = reason;
  }

  private droppedMessage(): string {
    return `connection to ${this.hostName} (${this.config.host}:${this.config.port}) was lost`;
  }

  private async reconnect(): Promise<Client> {
    const deadline = Date.now() + (this.options.reconnectTimeoutMs ?? DEFAULT_RECONNECT_TIMEOUT_MS);
    let delay = FIRST_RETRY_DELAY_MS;
    let lastError: unknown;
    for (;;) {
      try {
        return await this.openOnce();
      } catch (error) {
        lastError = error;
        if (error instanceof ConnectionError && PERMANENT_KINDS.has(error.kind)) throw error;
      }
      if (Date.now() + delay > deadline || this.closed || this.options.signal?.aborted) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
    }
    const detail = lastError instanceof Error ? lastError.message : String(lastError);
    throw new ConnectionError(
      'dropped',
      `connection to ${this.hostName} dropped and could not be re-established within ${(this.options.reconnectTimeoutMs ?? DEFAULT_RECONNECT_TIMEOUT_MS) / 1000} s: ${detail}`,
      this.hostName,
    );
  }

  /** A direct-tcpip channel from this host to `host:port`, used as another connection's transport. */
  async openTunnel(host: string, port: number, forHost: string): Promise<Duplex> {
    const client = await this.ensureClient();
    return new Promise((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, host, port, (error, stream) => {
        if (!error) return resolve(stream);
        const refused = /refused|Connect failed/i.test(error.message);
        reject(
          new ConnectionError(
            refused ? 'refused' : 'other',
            `proxy_jump ${this.hostName} could not reach ${host}:${port}: ${error.message}`,
            forHost,
          ),
        );
      });
    });
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return toExecResult(await this.run(command, options));
  }

  private async run(command: string, options: RunOptions, capped = true): Promise<RawResult> {
    const timeoutMs = options.timeoutMs ?? this.config.commandTimeoutMs;
    const become = this.withPassword(options.become);
    const shell = await this.loginShell.resolve(options.shell);
    const parts: PlanParts = { cwd: options.cwd, env: options.env, ...(shell !== undefined ? { shell } : {}), become, timeoutMs, enforceTimeoutOnHost: true };
    const plan = planCommand(command, parts, this.loginUser);
    const commandLine = shellJoin(plan.argv);
    options.onCommand?.(commandLine);
    const host = { hostName: this.hostName, loginUser: this.loginUser, becomeTimeoutMs: this.options.becomeTimeoutMs, stop: this.options.stop };
    const stopGroup = (pgid: number, signal: StopSignal): Promise<void> => this.stopper.stop(pgid, signal, become);
    const superviseOptions = superviseOptionsFor(host, options, plan, timeoutMs, stopGroup);
    const start = async (): Promise<RawResult> => {
      const client = await this.ensureClient();
      const connection: ExecConnection = {
        lostReason: (used) =>
          this.client === used ? undefined : `${this.lostReason ?? `connection to ${this.hostName} was lost`} while running: ${abbreviate(command)}`,
        replace: (dead) => {
          // The socket can be unwritable before ssh2 reports the connection closed.
          this.forget(dead, this.droppedMessage());
          return this.ensureClient();
        },
        makeRoom: () => this.makeRoom(),
      };
      // Stop requests (uncapped) always take an exec channel: the sessions may all be busy.
      if (capped && this.sessions && this.sessions.unsupported === undefined) {
        const inSession = await this.runInSession(this.sessions, client, connection, command, sessionScript(command, parts, plan), superviseOptions);
        if (inSession) return inSession;
      }
      return supervise((events) => startExecChannel(client, commandLine, events, connection), superviseOptions);
    };
    return capped ? this.channels(start) : start();
  }

  /**
   * Runs the command line in a persistent session; undefined when the host cannot run sessions
   * (the caller then uses an exec channel, as it does in exec mode).
   */
  private async runInSession(
    pool: SessionPool,
    client: Client,
    connection: ExecConnection,
    command: string,
    planned: { readonly script: string; readonly announced: boolean },
    superviseOptions: SuperviseOptions,
  ): Promise<RawResult | undefined> {
    let session: ShellSession | undefined;
    // A session can end between being handed out and taking the command (its shell was killed):
    // the command has not started, so it goes to another session, or to an exec channel.
    for (let tries = 0; tries < SESSION_TRIES; tries++) {
      session = await pool.acquire(client, connection);
      if (!session || !session.closed) break;
    }
    if (!session || session.closed) return undefined;
    let started = false;
    try {
      return await supervise((events) => {
        started = true;
        return session.run(
          {
            script: planned.script,
            input: superviseOptions.stdin !== undefined || superviseOptions.become !== undefined,
            relay: superviseOptions.become !== undefined,
            ...(planned.announced ? {} : { groupMarker: superviseOptions.groupMarker }),
            stopGroup: (pgid) => this.stopper.stop(pgid, 'KILL', undefined),
            lostMessage: () =>
              connection.lostReason(session.client) ??
              `the shell session on ${this.hostName} ended while running: ${abbreviate(command)}`,
          },
          events,
        );
      }, superviseOptions);
    } finally {
      if (!started) pool.release(session);
    }
  }

  private withPassword(become: BecomeOptions | undefined): BecomeOptions | undefined {
    if (!become || become.password !== undefined || this.config.password === undefined) return become;
    return { ...become, password: this.config.password };
  }

  private privileged(become: BecomeOptions | undefined): become is BecomeOptions {
    return needsBecome(become, this.loginUser);
  }

  private async checked(command: string, what: string, become?: BecomeOptions): Promise<RawResult> {
    const result = await this.run(command, { become });
    if (result.rc !== 0) {
      throw new Error(`${what} on ${this.hostName} failed: ${result.stderr.toString('utf8').trim() || `exit ${result.rc}`}`);
    }
    return result;
  }

  private async session(): Promise<SFTPWrapper> {
    const client = await this.ensureClient();
    if (!this.sftp) {
      const opening = this.openSftp(client);
      this.sftp = opening;
      opening.then(
        (sftp) => sftp.on('close', () => {
          if (this.sftp === opening) this.sftp = undefined;
        }),
        () => {
          if (this.sftp === opening) this.sftp = undefined;
        },
      );
    }
    return this.sftp;
  }

  /**
   * Opens the SFTP channel. A refusal (the host's MaxSessions reached) first gives up an idle
   * shell session to make room, else asks again after a pause.
   */
  private async openSftp(client: Client): Promise<SFTPWrapper> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, sftp) => (error ? reject(error) : resolve(sftp))));
      } catch (error) {
        const refused = error instanceof Error && /channel open failure/i.test(error.message);
        if (!refused || this.client !== client || attempt >= OPEN_RETRIES) throw error;
        if (await this.sessions?.makeRoom()) continue;
        await new Promise((resolve) => setTimeout(resolve, reopenDelayMs(attempt)));
      }
    }
  }

  /** Turns an SFTP failure caused by a dropped connection into a ConnectionError. */
  private sftpFailure(error: unknown, what: string, client: Client | undefined): Error {
    if (this.client !== client || !client) {
      return new ConnectionError('dropped', `${this.lostReason ?? `connection to ${this.hostName} was lost`} during ${what}`, this.hostName);
    }
    return new Error(`${what} on ${this.hostName} failed: ${describeSftpError(error)}`);
  }

  /** Runs an SFTP operation, failing it as `dropped` the moment its connection goes away. */
  private async sftpOperation<T>(what: string, operation: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
    this.sftpInUse += 1;
    try {
      const sftp = await this.session();
      const client = this.client;
      const closed = client ? this.closedSignals.get(client) : undefined;
      try {
        return await (closed ? Promise.race([operation(sftp), closed]) : operation(sftp));
      } catch (error) {
        throw error instanceof ConnectionError ? error : this.sftpFailure(error, what, client);
      }
    } finally {
      this.sftpInUse -= 1;
    }
  }

  /**
   * After the host refused a channel (its MaxSessions limit): gives up an idle shell session, or
   * else the SFTP channel while no transfer uses it (it is opened again when next needed).
   */
  private async makeRoom(): Promise<boolean> {
    if (await this.sessions?.makeRoom()) return true;
    const sftp = this.sftp;
    if (!sftp || this.sftpInUse > 0) return false;
    this.sftp = undefined;
    const opened = await sftp.catch(() => undefined);
    if (!opened) return true;
    await new Promise<void>((resolve) => {
      opened.once('close', () => resolve());
      opened.end();
    });
    return true;
  }

  async put(content: Buffer | string, dest: string, options: PutOptions = {}): Promise<void> {
    const data = Buffer.from(content);
    await this.upload(() => Readable.from([data]), data.length, dest, options, data);
  }

  async putFile(localPath: string, dest: string, options: PutOptions = {}): Promise<void> {
    const { size } = await fs.stat(localPath);
    // A small file goes as bytes: one round trip for all its writes instead of one per chunk.
    const bytes = size <= SMALL_UPLOAD_BYTES && !this.privileged(options.become) ? await fs.readFile(localPath) : undefined;
    await this.upload(() => createReadStream(localPath), size, dest, options, bytes);
  }

  private async upload(source: () => Readable, size: number, dest: string, options: PutOptions, bytes?: Buffer): Promise<void> {
    const mode = options.mode ?? DEFAULT_FILE_MODE;
    if (this.privileged(options.become)) {
      // Streams through sudo on the exec channel; the script installs only a complete file.
      const script = installFromStdinScript({
        dest,
        expectedSize: size,
        mode,
        owner: options.owner,
        group: options.group,
        createParents: options.createParents !== false,
      });
      const result = await this.run(script, { become: options.become, stdin: source(), signal: options.signal });
      if (result.rc !== 0) throw new Error(`writing ${dest} on ${this.hostName} failed: ${result.stderr.toString('utf8').trim() || `exit ${result.rc}`}`);
      const orphaned = orphanedFromListing(dest, result.stdout.toString('utf8'));
      if (orphaned.length > 0) await this.checked(`rm -f -- ${orphaned.map(shellQuote).join(' ')}`, `removing left-over temp files of ${dest}`, options.become);
      return;
    }
    const chown = async (temp: string): Promise<void> => {
      if (options.owner === undefined && options.group === undefined) return;
      const spec = `${options.owner ?? ''}${options.group !== undefined ? `:${options.group}` : ''}`;
      await this.checked(`chown -- ${shellQuote(spec)} ${shellQuote(temp)}`, `chown ${spec} ${dest}`);
    };
    const content: UploadSource = bytes !== undefined && bytes.length <= SMALL_UPLOAD_BYTES ? { bytes } : { stream: source };
    const attempt = (sftp: SFTPWrapper): Promise<void> => uploadAtomically(sftp, content, dest, mode, chown, options.signal);
    await this.sftpOperation(`writing ${dest}`, async (sftp) => {
      try {
        return await attempt(sftp);
      } catch (error) {
        if (options.createParents === false || !isNoSuchFile(error)) throw error;
      }
      // Parents are created only when missing: a `mkdir -p` exec before every upload would cost a
      // session start (the most expensive step of a small upload) even when the directory exists.
      await this.checked(`mkdir -p -- ${shellQuote(posix.dirname(dest))}`, `creating ${posix.dirname(dest)}`);
      await attempt(sftp);
    });
  }

  async get(path: string, options: { readonly become?: BecomeOptions } = {}): Promise<Buffer> {
    if (this.privileged(options.become)) return (await this.checked(`cat -- ${shellQuote(path)}`, `reading ${path}`, options.become)).stdout;
    return this.sftpOperation(`reading ${path}`, (sftp) => readWhole(sftp, path));
  }

  async getFile(path: string, localPath: string, options: { readonly become?: BecomeOptions } = {}): Promise<void> {
    if (this.privileged(options.become)) {
      await writeFileAtomically(localPath, await this.get(path, options), { mode: 0o600 });
      return;
    }
    await this.sftpOperation(`reading ${path}`, (sftp) => writeFileAtomically(localPath, sftp.createReadStream(path), { mode: 0o600 }));
  }

  async stat(path: string, options: StatOptions = {}): Promise<FileStat> {
    const become = this.privileged(options.become) ? options.become : undefined;
    // SFTP answers without starting a shell session (the most expensive step of a small file's
    // stat); what it cannot tell as the script would still goes through the script.
    if (!become) {
      const answer = await this.sftpOperation(`stat ${path}`, (sftp) => statOverSftp(sftp, path, options));
      if (answer !== undefined) return answer;
    }
    const result = await this.checked(statScript(path, options.checksum === true), `stat ${path}`, become);
    return parseStatOutput(result.stdout.toString('utf8'), path);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sessions?.closeAll();
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    this.sftp = undefined;
    if (!client) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      client.end();
    });
  }
}

/** What ConnectionPool needs from an SSH connector beyond the Connector interface. */
export interface SshConnectorLike extends Connector {
  openTunnel(host: string, port: number, forHost: string): Promise<Duplex>;
}

function abbreviate(command: string): string {
  const firstLine = command.split('\n')[0];
  return firstLine.length > 80 ? `${firstLine.slice(0, 77)}...` : firstLine;
}
