/**
 * How a module reaches a host. Local and SSH connectors implement the same interface, so modules
 * and the executor never know which one they hold.
 */

import { KplayError, type ErrorCode } from '../core/errors';

export type BecomeMethod = 'sudo' | 'su';

export interface BecomeOptions {
  readonly method: BecomeMethod;
  /** Target user; default root. */
  readonly user: string;
  /** Sent on stdin, never on a command line and never printed. */
  readonly password?: string;
}

export interface ExecOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The shell that runs `command` (`<shell> -c <command>`): a path, or `login` (LOGIN_SHELL) for
   * the login user's shell as KubeKey picks it (`docs/connectors.md#the-shell-commands-run-in`).
   * Default /bin/sh.
   */
  readonly shell?: string;
  readonly stdin?: string | Buffer;
  /** Kills the command (and reports `timedOut`) when it runs longer. */
  readonly timeoutMs?: number;
  readonly become?: BecomeOptions;
  readonly signal?: AbortSignal;
  readonly onStdout?: (chunk: Buffer) => void;
  readonly onStderr?: (chunk: Buffer) => void;
  /**
   * Keep at most this many bytes of each stream in the result (the callbacks still see every
   * byte); unbounded when absent.
   */
  readonly maxOutputBytes?: number;
  /**
   * Told the command line exactly as it goes to the host (`/bin/sh -c …`, wrapped in sudo/su and
   * timeout when asked), before it starts: what -vvv shows. A become password is never in it
   * (it goes on stdin).
   */
  readonly onCommand?: (commandLine: string) => void;
}

export interface ExecResult {
  readonly rc: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  /** Set when the command was killed because `timeoutMs` passed. */
  readonly timedOut?: boolean;
  /** The limit that killed it (the task's `timeout` or the connector's `command_timeout`). */
  readonly timeoutMs?: number;
  /** Signal name when the command died from one. */
  readonly signal?: string;
  /** Set when `maxOutputBytes` cut a stream: the bytes each stream really produced. */
  readonly outputBytes?: { readonly stdout: number; readonly stderr: number };
  /** Where the full output went when it was cut (set by whoever streamed it to a file). */
  readonly stdoutFile?: string;
  readonly stderrFile?: string;
}

export interface FileStat {
  readonly exists: boolean;
  readonly isDirectory?: boolean;
  readonly isSymlink?: boolean;
  /** Permission bits (e.g. 0o644). */
  readonly mode?: number;
  readonly size?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly owner?: string;
  readonly group?: string;
  /** Hex sha256 of a regular file's content, computed on the host; set when asked for. */
  readonly sha256?: string;
}

export interface PutOptions {
  /** Permission bits applied before the file becomes visible at `dest`. */
  readonly mode?: number;
  readonly owner?: string;
  readonly group?: string;
  readonly become?: BecomeOptions;
  /** Create missing parent directories. Default true. */
  readonly createParents?: boolean;
  /** Aborting it stops the transfer; its temp file is removed. */
  readonly signal?: AbortSignal;
}

export interface StatOptions {
  readonly checksum?: boolean;
  readonly become?: BecomeOptions;
  /**
   * The size of the content the caller will compare with: when the file's size differs, its
   * content differs too, and a connector may leave `sha256` out instead of computing it.
   */
  readonly expectedSize?: number;
  /**
   * False when the caller needs no owner/group names (uid and gid are always reported), so a
   * connector may answer from a file-transfer stat without running a command on the host.
   * Default true.
   */
  readonly accountNames?: boolean;
}

/** A PromQL instant query: the query, an optional evaluation time, the answer's format. */
export interface PromQlQuery {
  readonly query: string;
  readonly time?: string;
  /** raw (default), value, table or json. */
  readonly format?: string;
}

/** The formatted answer, or why there is none (a bad query, an HTTP error status, …). */
export type PromQlAnswer = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

export interface PromQlCapability {
  /** The server's base URL, for results and messages. */
  readonly url: string;
  /** Throws ConnectionError when the server cannot be reached at all. */
  query(query: PromQlQuery, signal?: AbortSignal): Promise<PromQlAnswer>;
}

/**
 * Abilities beyond commands and files that some connector types have. Modules look a capability
 * up here instead of testing a connector's class, so a connector registered by a program can
 * offer the same ability.
 */
export interface ConnectorCapabilities {
  readonly promql?: PromQlCapability;
}

export interface Connector {
  /** `local`, `ssh`, … */
  readonly kind: string;
  /** The inventory host this connector serves. */
  readonly hostName: string;
  readonly capabilities?: ConnectorCapabilities;
  /** Opens the connection; later calls reuse it. Idempotent. */
  connect(): Promise<void>;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /**
   * Writes `content` to `dest` atomically: a temporary file in dest's directory, then mode and
   * owner, then rename. A failure never leaves a partial `dest`.
   */
  put(content: Buffer | string, dest: string, options?: PutOptions): Promise<void>;
  /** Same as `put`, streaming from a controller file. */
  putFile(localPath: string, dest: string, options?: PutOptions): Promise<void>;
  get(path: string, options?: { readonly become?: BecomeOptions }): Promise<Buffer>;
  /** Streams a host file to a controller path atomically (temp + rename on the controller). */
  getFile(path: string, localPath: string, options?: { readonly become?: BecomeOptions }): Promise<void>;
  stat(path: string, options?: StatOptions): Promise<FileStat>;
  close(): Promise<void>;
}

export type ConnectionErrorKind =
  | 'refused'
  | 'timeout'
  | 'dns'
  | 'auth'
  | 'host-key-changed'
  | 'host-key-unknown'
  | 'dropped'
  | 'become'
  | 'other';

const CONNECTION_CODES: Readonly<Record<ConnectionErrorKind, ErrorCode>> = {
  refused: 'KP-CONN-001',
  timeout: 'KP-CONN-002',
  dns: 'KP-CONN-003',
  auth: 'KP-CONN-004',
  'host-key-changed': 'KP-CONN-005',
  'host-key-unknown': 'KP-CONN-006',
  dropped: 'KP-CONN-007',
  become: 'KP-CONN-008',
  other: 'KP-CONN-009',
};

/** A host could not be reached or used; the executor reports the host `unreachable`. */
export class ConnectionError extends KplayError {
  constructor(
    readonly kind: ConnectionErrorKind,
    message: string,
    readonly hostName: string,
  ) {
    super(CONNECTION_CODES[kind], message);
    this.name = 'ConnectionError';
  }
}
