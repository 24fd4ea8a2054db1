/**
 * One persistent shell session on a host: an exec channel running the session driver
 * (session-driver.ts), which runs one command at a time. `run` adapts a command in the session to
 * the process interface `supervise` drives, exactly as an exec channel is adapted in exec mode.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Client, ClientChannel } from 'ssh2';
import { ProcessEvents, StartedProcess } from '../supervise';
import { FrameScanner, ScanItem } from './frame-scanner';
import { DRIVER_COMMAND_LINE, DRIVER_SCRIPT, MISSING_PREFIX, READY_LINE } from './session-driver';

/** After a kill, how long the command may take to end before the whole session is closed. */
const CLOSE_AFTER_KILL_MS = 2000;
/** How long a new session may take to report that it is ready. */
const READY_TIMEOUT_MS = 30_000;
/** Bytes of stdin per frame at most (one `head` on the host per frame). */
const MAX_INPUT_FRAME = 1 << 20;

export interface SessionCommand {
  /** Code the command's job evaluates: it ends by exec'ing the command (see command-line.ts). */
  readonly script: string;
  /** Whether the command gets stdin from the controller; otherwise it reads /dev/null. */
  readonly input: boolean;
  /** Output through relays: the command may run as a user whose processes the login user cannot inspect. */
  readonly relay: boolean;
  /**
   * When the script does not announce its process group itself: the group marker whose line
   * (`<marker> <pgid>`) is passed on as the command's first stdout line, as exec mode prints it.
   */
  readonly groupMarker?: string;
  /** Sends KILL to the process group `pgid` on the host through another channel. */
  readonly stopGroup: (pgid: number) => Promise<void>;
  /** Why the session ended while the command ran (the connection's reason when it was lost). */
  readonly lostMessage: () => string;
}

/** The host lacks something sessions need; the connector runs commands as exec channels instead. */
export class SessionUnsupported extends Error {}

interface Running {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  lost(): void;
}

export class ShellSession {
  private alive = true;
  private running?: Running;
  /** Called when a command finished and the session can take the next one. */
  onIdle?: (session: ShellSession) => void;
  /** Called once the channel is closed on both sides (sshd has let go of the session). */
  onClosed?: (session: ShellSession) => void;
  /** Settles when the channel is closed on both sides. */
  readonly gone: Promise<void>;

  private constructor(
    readonly client: Client,
    private readonly channel: ClientChannel,
  ) {
    channel.on('data', (chunk: Buffer) => (this.running ? this.running.stdout(chunk) : this.close()));
    channel.stderr.on('data', (chunk: Buffer) => (this.running ? this.running.stderr(chunk) : this.close()));
    this.gone = new Promise((resolve) => {
      channel.on('close', () => {
        this.alive = false;
        this.running?.lost();
        this.onClosed?.(this);
        resolve();
      });
    });
    channel.on('error', () => this.close());
  }

  /** Opens a session; rejects with the channel error, or SessionUnsupported. */
  static open(client: Client): Promise<ShellSession> {
    return new Promise((resolve, reject) => {
      client.exec(DRIVER_COMMAND_LINE, (error, channel) => {
        if (error) return reject(error);
        let seen = '';
        let stderr = '';
        const timer = setTimeout(() => {
          channel.close();
          // Asking again would only wait as long again: the host runs its commands as exec channels.
          settle(new SessionUnsupported(`the session shell did not start within ${READY_TIMEOUT_MS / 1000} s`));
        }, READY_TIMEOUT_MS);
        const settle = (outcome: ShellSession | Error): void => {
          clearTimeout(timer);
          channel.removeListener('data', onData);
          channel.stderr.removeListener('data', onStderr);
          channel.removeListener('close', onClose);
          channel.removeListener('exit', onExit);
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        };
        const onData = (chunk: Buffer): void => {
          seen += chunk.toString('latin1');
          // Whatever a login script printed before the driver started is dropped with the line.
          const lines = seen.split('\n');
          for (const line of lines.slice(0, -1)) {
            if (line === READY_LINE) return settle(new ShellSession(client, channel));
            if (line.startsWith(MISSING_PREFIX)) {
              channel.close();
              return settle(new SessionUnsupported(`the host has no ${line.slice(MISSING_PREFIX.length)}`));
            }
          }
          if (seen.length > 65536) seen = seen.slice(-1024);
        };
        const onStderr = (chunk: Buffer): void => {
          stderr = (stderr + chunk.toString('utf8')).slice(-2000);
        };
        let exitCode: number | undefined;
        const onExit = (code: unknown): void => {
          if (typeof code === 'number') exitCode = code;
        };
        const onClose = (): void => {
          const said = stderr.trim() ? `: ${stderr.trim()}` : '';
          // The login shell ran the request and exited: it cannot start bash (none, or not runnable).
          if (exitCode !== undefined) return settle(new SessionUnsupported(`the login shell could not start bash (exit ${exitCode})${said}`));
          settle(new Error(`the session shell ended before it was ready${said}`));
        };
        channel.on('data', onData);
        channel.stderr.on('data', onStderr);
        channel.once('exit', onExit);
        channel.on('close', onClose);
        channel.write(DRIVER_SCRIPT);
      });
    });
  }

  /** The channel is gone (or being closed): the session takes no more commands. */
  get closed(): boolean {
    return !this.alive;
  }

  /** Alive and not running a command. */
  get idle(): boolean {
    return this.alive && this.running === undefined;
  }

  close(): void {
    if (!this.alive) return;
    this.alive = false;
    this.channel.close();
  }

  run(command: SessionCommand, events: ProcessEvents): StartedProcess {
    if (!this.idle) throw new Error('session busy');
    const marker = `kplay-${randomBytes(16).toString('hex')}`;
    const out = new FrameScanner(Buffer.from(marker));
    const err = new FrameScanner(Buffer.from(marker));
    let pid: number | undefined;
    let rc: number | undefined;
    let stderrDone = false;
    let inputOpen = command.input;
    let killRequested = false;
    let killTimer: NodeJS.Timeout | undefined;
    let over = false;

    const end = (report: () => void): void => {
      if (over) return;
      over = true;
      clearTimeout(killTimer);
      this.running = undefined;
      report();
      if (this.alive) this.onIdle?.(this);
    };
    const broken = (): void => {
      // Not what the driver prints: the session cannot be trusted with another command.
      this.close();
    };
    const closeInput = (): void => {
      if (!inputOpen) return;
      inputOpen = false;
      if (this.alive) this.channel.write('E\n');
    };
    const maybeDone = (): void => {
      if (rc === undefined || !stderrDone) return;
      closeInput();
      const exitCode = rc;
      end(() => events.onExit(exitCode));
    };
    const handle = (items: readonly ScanItem[], onData: (bytes: Buffer) => void, onFrame: (text: string) => void): void => {
      for (const item of items) {
        if (item.kind === 'data') onData(item.bytes);
        else onFrame(item.text);
      }
    };
    const stopGroup = (): void => {
      if (pid !== undefined && pid > 1) void command.stopGroup(pid).catch(() => undefined);
    };

    this.running = {
      stdout: (chunk) => {
        try {
          handle(
            out.push(chunk),
            (bytes) => (rc === undefined ? events.onStdout(bytes) : broken()),
            (text) => {
              if (/^P\d+$/.test(text) && pid === undefined) {
                pid = Number(text.slice(1));
                if (command.groupMarker !== undefined) events.onStdout(Buffer.from(`${command.groupMarker} ${pid}\n`));
                if (killRequested) stopGroup();
              } else if (/^E\d+$/.test(text) && rc === undefined) {
                rc = Number(text.slice(1));
                maybeDone();
              } else broken();
            },
          );
        } catch {
          broken();
        }
      },
      stderr: (chunk) => {
        try {
          handle(
            err.push(chunk),
            (bytes) => (stderrDone ? broken() : events.onStderr(bytes)),
            (text) => {
              if (text !== '' || stderrDone) return broken();
              stderrDone = true;
              maybeDone();
            },
          );
        } catch {
          broken();
        }
      },
      lost: () => {
        // A command stopped on request ends like an exec channel closed after a kill.
        end(() => (killRequested ? events.onExit(null, 'KILL') : events.onLost(command.lostMessage())));
      },
    };

    const stdin = new Writable({
      writev: (chunks, callback) => {
        if (!inputOpen || !this.alive) return callback();
        const data = Buffer.concat(chunks.map(({ chunk }) => Buffer.from(chunk as Buffer)));
        let ok = true;
        for (let at = 0; at < data.length; at += MAX_INPUT_FRAME) {
          const part = data.subarray(at, at + MAX_INPUT_FRAME);
          ok = this.channel.write(Buffer.concat([Buffer.from(`I ${part.length}\n`), part]));
        }
        if (ok) callback();
        else this.channel.once('drain', () => callback());
      },
      final: (callback) => {
        closeInput();
        callback();
      },
    });

    const script = Buffer.from(`${command.script}\n`);
    const lines = command.script.split('\n').length;
    this.channel.write(Buffer.concat([Buffer.from(`C ${marker} ${command.input ? 1 : 0} ${lines} ${command.relay ? 1 : 0} ${script.length}\n`), script]));
    return {
      stdin,
      kill: () => {
        if (killRequested || over) return;
        killRequested = true;
        stopGroup();
        // The group may hold processes the login user cannot signal (a privileged command still
        // starting): the session goes with them, as an exec channel would be closed.
        killTimer = setTimeout(() => this.close(), CLOSE_AFTER_KILL_MS);
      },
    };
  }
}
