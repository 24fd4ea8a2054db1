/** Runs commands and file operations on the controller itself. */
import { constants as fsConstants, promises as fs, createReadStream } from 'node:fs';
import { userInfo } from 'node:os';
import { Readable } from 'node:stream';
import { needsBecome, planCommand } from '../command-line';
import { shellJoin } from '../../core/shell-quote';
import { sha256OfFile, writeFileAtomically } from '../controller-files';
import { DEFAULT_FILE_MODE, installFromStdinScript, orphanedFromListing, parseStatOutput, statScript } from '../file-scripts';
import { shellQuote } from '../../core/shell-quote';
import { GroupStopper } from '../group-stopper';
import { LoginShell } from '../login-shell';
import { RawResult, StopPolicy, StopSignal, supervise, toExecResult } from '../supervise';
import { RunOptions, superviseOptionsFor } from '../supervise-options';
import {
  BecomeOptions,
  Connector,
  ExecOptions,
  ExecResult,
  FileStat,
  PutOptions,
  StatOptions,
} from '../types';
import { spawnProcess } from './spawn-process';
import { groupName, resolveGid, resolveUid, userName } from './user-db';

export interface LocalConnectorOptions {
  /** Password for sudo/su when a become request has none of its own. */
  readonly password?: string;
  readonly commandTimeoutMs?: number;
  /** `connector.shell`: used instead of the controller user's `$SHELL` for `login` commands. */
  readonly shell?: string;
  /** How interrupted commands are stopped (TERM, grace period, KILL). */
  readonly stop?: StopPolicy;
}

const STOP_COMMAND_TIMEOUT_MS = 15_000;


export class LocalConnector implements Connector {
  readonly kind = 'local';
  private readonly loginUser: string;
  /** Groups of another user are signalled through the same privilege change. */
  private readonly stopper = new GroupStopper(async (command, become) => {
    await this.run(command, { become, timeoutMs: STOP_COMMAND_TIMEOUT_MS });
  });

  /** The controller user's `$SHELL` (kplay's environment), else /bin/bash, else /bin/sh. */
  private readonly loginShell: LoginShell;

  constructor(
    readonly hostName: string,
    private readonly options: LocalConnectorOptions = {},
  ) {
    this.loginUser = currentUserName();
    this.loginShell = new LoginShell(options.shell, controllerShell);
  }

  async connect(): Promise<void> {
    // Nothing to open: the controller is always reachable.
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return toExecResult(await this.run(command, options));
  }

  private async run(command: string, options: RunOptions): Promise<RawResult> {
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs;
    const become = this.withPassword(options.become);
    const shell = await this.loginShell.resolve(options.shell);
    const plan = planCommand(command, { cwd: options.cwd, env: options.env, ...(shell !== undefined ? { shell } : {}), become, timeoutMs }, this.loginUser);
    options.onCommand?.(shellJoin(plan.argv));
    const host = { hostName: this.hostName, loginUser: this.loginUser, stop: this.options.stop };
    const stopGroup = (pgid: number, signal: StopSignal): Promise<void> => this.stopGroup(pgid, signal, become);
    return supervise((events) => spawnProcess(plan.argv, events), superviseOptionsFor(host, options, plan, timeoutMs, stopGroup));
  }

  private stopGroup(pgid: number, signal: StopSignal, become: BecomeOptions | undefined): Promise<void> {
    if (this.privileged(become)) return this.stopper.stop(pgid, signal, become);
    if (pgid > 1) {
      try {
        process.kill(-pgid, `SIG${signal}`);
      } catch {
        // The group is already gone.
      }
    }
    return Promise.resolve();
  }

  private withPassword(become: BecomeOptions | undefined): BecomeOptions | undefined {
    if (!become || become.password !== undefined || this.options.password === undefined) return become;
    return { ...become, password: this.options.password };
  }

  private privileged(become: BecomeOptions | undefined): become is BecomeOptions {
    return needsBecome(become, this.loginUser);
  }

  async put(content: Buffer | string, dest: string, options: PutOptions = {}): Promise<void> {
    const data = Buffer.from(content);
    if (this.privileged(options.become)) {
      await this.installPrivileged(data, data.length, dest, options);
      return;
    }
    await writeFileAtomically(dest, data, this.localWriteOptions(options));
  }

  async putFile(localPath: string, dest: string, options: PutOptions = {}): Promise<void> {
    if (this.privileged(options.become)) {
      const { size } = await fs.stat(localPath);
      await this.installPrivileged(createReadStream(localPath), size, dest, options);
      return;
    }
    await writeFileAtomically(dest, createReadStream(localPath), this.localWriteOptions(options));
  }

  private localWriteOptions(options: PutOptions): Parameters<typeof writeFileAtomically>[2] {
    return {
      mode: options.mode ?? DEFAULT_FILE_MODE,
      uid: options.owner !== undefined ? resolveUid(options.owner) : undefined,
      gid: options.group !== undefined ? resolveGid(options.group) : undefined,
      createParents: options.createParents,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    };
  }

  private async installPrivileged(
    content: Buffer | Readable,
    size: number,
    dest: string,
    options: PutOptions,
  ): Promise<void> {
    const script = installFromStdinScript({
      dest,
      expectedSize: size,
      mode: options.mode ?? DEFAULT_FILE_MODE,
      owner: options.owner,
      group: options.group,
      createParents: options.createParents !== false,
    });
    const result = await this.run(script, { become: options.become, stdin: content, signal: options.signal });
    if (result.rc !== 0) throw new Error(`writing ${dest} failed: ${result.stderr.toString('utf8').trim() || `exit ${result.rc}`}`);
    const orphaned = orphanedFromListing(dest, result.stdout.toString('utf8'));
    if (orphaned.length > 0) await this.run(`rm -f -- ${orphaned.map(shellQuote).join(' ')}`, { become: options.become });
  }

  async get(path: string, options: { readonly become?: BecomeOptions } = {}): Promise<Buffer> {
    if (!this.privileged(options.become)) return fs.readFile(path);
    const result = await this.run(`cat -- ${shellQuote(path)}`, { become: options.become });
    if (result.rc !== 0) throw new Error(`reading ${path} failed: ${result.stderr.toString('utf8').trim() || `exit ${result.rc}`}`);
    return result.stdout;
  }

  async getFile(path: string, localPath: string, options: { readonly become?: BecomeOptions } = {}): Promise<void> {
    const source = this.privileged(options.become) ? await this.get(path, options) : createReadStream(path);
    await writeFileAtomically(localPath, source, { mode: 0o600 });
  }

  async stat(path: string, options: StatOptions = {}): Promise<FileStat> {
    if (this.privileged(options.become)) {
      const result = await this.run(statScript(path, options.checksum === true), { become: options.become });
      if (result.rc !== 0) throw new Error(`stat ${path} failed: ${result.stderr.toString('utf8').trim()}`);
      return parseStatOutput(result.stdout.toString('utf8'), path);
    }
    return statLocally(path, options.checksum === true);
  }

  async close(): Promise<void> {
    // Nothing held open between calls.
  }
}

/** What the shell probe finds on a host, found here without starting a process. */
async function controllerShell(): Promise<string> {
  for (const candidate of [process.env.SHELL ?? '', '/bin/bash']) {
    if (!candidate.startsWith('/')) continue;
    try {
      if ((await fs.stat(candidate)).isFile()) {
        await fs.access(candidate, fsConstants.X_OK);
        return candidate;
      }
    } catch {
      // Missing or not executable: try the next.
    }
  }
  return '/bin/sh';
}

function currentUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.getuid?.() === 0 ? 'root' : String(process.getuid?.() ?? 'root');
  }
}

async function statLocally(path: string, checksum: boolean): Promise<FileStat> {
  let isSymlink = false;
  try {
    isSymlink = (await fs.lstat(path)).isSymbolicLink();
  } catch (error) {
    if (isMissing(error)) return { exists: false };
    throw error;
  }
  let info;
  try {
    info = await fs.stat(path);
  } catch (error) {
    if (isMissing(error)) return { exists: false };
    throw error;
  }
  return {
    exists: true,
    isDirectory: info.isDirectory(),
    isSymlink,
    mode: info.mode & 0o7777,
    size: info.size,
    uid: info.uid,
    gid: info.gid,
    owner: userName(info.uid) ?? String(info.uid),
    group: groupName(info.gid) ?? String(info.gid),
    ...(checksum && info.isFile() ? { sha256: await sha256OfFile(path) } : {}),
  };
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
