/**
 * The persistent sessions of one host: idle ones are reused, new ones are opened on demand. The
 * connector's channel cap bounds how many commands run at once, so it also bounds the sessions.
 *
 * sshd limits the channels open at once on one connection (MaxSessions, 10 unless the host says
 * otherwise), and sessions, unlike exec channels, stay open between commands. When the host
 * refuses a session while others are open, the pool takes that number as the host's limit and
 * waits for one of its sessions to come free instead of asking again; when the host refuses
 * another channel (SFTP, a stop request), the pool gives up an idle session to make room.
 */
import { Client } from 'ssh2';
import { ConnectionError } from '../types';
import { NEVER_STARTED, OPEN_RETRIES, reopenDelayMs } from './channel-open';
import { ExecConnection } from './exec-channel';
import { SessionUnsupported, ShellSession } from './shell-session';

/** Fresh connections tried when the connection turned out dead before the session started. */
const MAX_RECONNECTS = 3;

export class SessionPool {
  constructor(private readonly hostName: string) {}

  private idle: ShellSession[] = [];
  private readonly all = new Set<ShellSession>();
  /** Callers waiting for a session to come free while the pool is at the host's limit. */
  private waiters: Array<() => void> = [];
  /** Sessions the host lets this connection have at once, once a refusal told; else unbounded. */
  private limit = Number.POSITIVE_INFINITY;
  /** Set once a host turned out unable to run sessions: why. */
  unsupported?: string;

  /**
   * An idle session on `client` (the connector's current connection) or a new one; undefined when
   * the host cannot run sessions. Sessions of an older connection are dropped on the way.
   */
  async acquire(client: Client, connection: ExecConnection): Promise<ShellSession | undefined> {
    let current = client;
    for (let reconnects = 0, attempt = 0; ; ) {
      const ready = this.takeIdle(current);
      if (ready) return ready;
      if (this.live(current) >= this.limit) {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
        continue;
      }
      try {
        return this.adopt(await ShellSession.open(current));
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
        const open = this.live(current);
        if (open > 0) {
          // The host allows no more than this connection has: wait for one of them.
          this.limit = Math.min(this.limit, open);
          continue;
        }
        if (await connection.makeRoom?.()) continue;
        if (attempt >= OPEN_RETRIES) throw new ConnectionError('dropped', `could not start a shell session on ${this.hostName}: ${failure.message}`, this.hostName);
        await new Promise((resolve) => setTimeout(resolve, reopenDelayMs(attempt)));
        attempt += 1;
      }
    }
  }

  /** Takes a session back after a command; a session that is gone or busy is not reused. */
  release(session: ShellSession): void {
    // A session still running (its command outlived the caller) comes back through onIdle.
    if (session.idle && this.all.has(session) && !this.idle.includes(session)) this.idle.push(session);
    this.wakeOne();
  }

  /**
   * Closes an idle session so that the host can open another channel it refused (SFTP, a stop
   * request), and keeps the pool one session smaller from then on. False when none was idle.
   */
  async makeRoom(): Promise<boolean> {
    const session = this.idle.shift();
    if (!session) return false;
    this.limit = Math.max(1, Math.min(this.limit, this.all.size - 1));
    this.forget(session);
    await session.gone;
    return true;
  }

  closeAll(): void {
    for (const session of this.all) session.close();
    this.all.clear();
    this.idle = [];
    for (const wake of this.waiters.splice(0)) wake();
  }

  private adopt(session: ShellSession): ShellSession {
    this.all.add(session);
    session.onIdle = (done) => this.release(done);
    session.onClosed = (gone) => {
      this.forget(gone);
      this.wakeOne();
    };
    return session;
  }

  private takeIdle(client: Client): ShellSession | undefined {
    for (;;) {
      const session = this.idle.pop();
      if (!session) return undefined;
      if (session.idle && session.client === client) return session;
      this.forget(session);
    }
  }

  /** Sessions of `client` still open (busy or idle); those of older connections are dropped. */
  private live(client: Client): number {
    let count = 0;
    for (const session of this.all) {
      if (session.closed || session.client !== client) this.forget(session);
      else count += 1;
    }
    return count;
  }

  private forget(session: ShellSession): void {
    this.all.delete(session);
    this.idle = this.idle.filter((other) => other !== session);
    session.close();
  }

  private wakeOne(): void {
    this.waiters.shift()?.();
  }
}
