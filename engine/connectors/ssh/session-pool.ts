/**
 * The persistent sessions of one host: idle ones are reused, new ones are opened on demand. The
 * connector's channel cap bounds how many commands run at once, so it also bounds the sessions.
 */
import { Client } from 'ssh2';
import { ConnectionError } from '../types';
import { ExecConnection } from './exec-channel';
import { SessionUnsupported, ShellSession } from './shell-session';

/** Channel-open refusals retried (with backoff) before giving up. */
const OPEN_RETRIES = 12;
/** Fresh connections tried when the connection turned out dead before the session started. */
const MAX_RECONNECTS = 3;
/** ssh2 errors that prove the channel was never opened (see exec-channel.ts). */
const NEVER_STARTED = new Set(['Not connected', 'No response from server', 'Channel is not open']);

export class SessionPool {
  constructor(private readonly hostName: string) {}

  private idle: ShellSession[] = [];
  private readonly all = new Set<ShellSession>();
  /** Set once a host turned out unable to run sessions: why. */
  unsupported?: string;

  /**
   * An idle session on `client` (the connector's current connection) or a new one; undefined when
   * the host cannot run sessions. Sessions of an older connection are dropped on the way.
   */
  async acquire(client: Client, connection: ExecConnection): Promise<ShellSession | undefined> {
    for (const session of this.all) if (session.closed) this.all.delete(session);
    for (;;) {
      const session = this.idle.pop();
      if (!session) break;
      if (session.idle && session.client === client) return session;
      this.forget(session);
    }
    let current = client;
    for (let reconnects = 0, attempt = 0; ; ) {
      try {
        const session = await ShellSession.open(current);
        this.all.add(session);
        session.onIdle = (done) => this.release(done);
        return session;
      } catch (error) {
        if (error instanceof SessionUnsupported) {
          this.unsupported = error.message;
          return undefined;
        }
        const failure = error instanceof Error ? error : new Error(String(error));
        const lost = connection.lostReason(current);
        if (NEVER_STARTED.has(failure.message) && reconnects < MAX_RECONNECTS) {
          current = await connection.replace(current);
          reconnects += 1;
          continue;
        }
        if (lost) throw new ConnectionError('dropped', lost, this.hostName);
        // sshd frees a session slot a moment after reporting the previous channel closed.
        if (attempt >= OPEN_RETRIES) throw new ConnectionError('dropped', `could not start a shell session on ${this.hostName}: ${failure.message}`, this.hostName);
        await new Promise((resolve) => setTimeout(resolve, Math.min(10 * 2 ** attempt, 500)));
        attempt += 1;
      }
    }
  }

  /** Takes a session back after a command; a session that is gone or busy is not reused. */
  release(session: ShellSession): void {
    // A session still running (its command outlived the caller) comes back through onIdle.
    if (session.idle && this.all.has(session) && !this.idle.includes(session)) this.idle.push(session);
  }

  private forget(session: ShellSession): void {
    this.all.delete(session);
    session.close();
  }

  closeAll(): void {
    for (const session of this.all) session.close();
    this.all.clear();
    this.idle = [];
  }
}
