/**
 * Starts a throw-away OpenSSH server for integration tests: loopback addresses only, its own host
 * and client keys in a temp dir, stopped by PID. Asked for `users` (and running as root) it also
 * creates a password-protected sudo user (login shell bash, like a cloud image's default user)
 * and a user without sudo rights, named for this server only and removed again by `stop()`.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../helpers/ports';

export const SSHD_PATH = '/usr/sbin/sshd';

export interface TestUser {
  readonly name: string;
  readonly password: string;
}

export interface SshdHarness {
  readonly port: number;
  /** 127.0.0.2, 127.0.0.3, … one per requested host (past 250 hosts: 127.0.1.2, …, see `loopbackHostAddress`). */
  readonly hosts: readonly string[];
  /** User the client key logs in as (root when the tests run as root). */
  readonly user: string;
  readonly clientKeyPath: string;
  /** Host key fingerprints by key type, `SHA256:…`. */
  readonly hostKeyFingerprints: Readonly<Record<string, string>>;
  /** known_hosts content trusting this server on every host address. */
  readonly knownHostsFile: string;
  /** Line for one host, e.g. to pre-seed a file. */
  knownHostsLine(host: string): string;
  /** Non-root user with a password, bash as login shell and password-protected sudo rights (`users`, root only). */
  readonly becomeUser?: TestUser;
  /** Non-root user with a password, /bin/sh as login shell and no sudo rights (`users`, root only). */
  readonly noSudoUser?: TestUser;
  readonly tempDir: string;
  /** Kills the server and every session process it started (simulates a host going away). */
  kill(): Promise<void>;
  /** Starts the server again with the same keys, addresses and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function sshdAvailable(): boolean {
  return existsSync(SSHD_PATH);
}

export interface SshdOptions {
  /** How many loopback addresses (hosts) to listen on; default 1, at most `MAX_HARNESS_HOSTS`. */
  readonly hosts?: number;
  /**
   * Create `becomeUser` and `noSudoUser` (only when running as root). They cost a few useradd
   * calls, so suites that log in as root only leave this off.
   */
  readonly users?: boolean;
  /** sshd's MaxSessions (channels at once per connection); default 10, as sshd's own default. */
  readonly maxSessions?: number;
}

/** Names unique to one harness, so parallel test files never share (or remove) each other's users. */
function testUsers(): { become: TestUser; noSudo: TestUser } {
  const tag = randomBytes(4).toString('hex');
  return {
    become: { name: `kpsudo${tag}`, password: `kplay-Test-pw-1-${tag}` },
    noSudo: { name: `kpnosudo${tag}`, password: `kplay-Test-pw-2-${tag}` },
  };
}

/**
 * A user of this machine (root only) with a password and `shell` as login shell, who can log in
 * to the harness's sshd with its client key; `removeTestUser` deletes it again.
 */
export function createTestUser(prefix: string, shell: string): TestUser {
  const tag = randomBytes(4).toString('hex');
  const user = { name: `${prefix}${tag}`, password: `kplay-Test-pw-3-${tag}` };
  createUser(user, shell, false);
  return user;
}

export function removeTestUser(user: TestUser): void {
  removeUser(user);
}

function sudoersFile(user: TestUser): string {
  return `/etc/sudoers.d/${user.name}`;
}

function createUser(user: TestUser, shell: string, sudo: boolean): void {
  execFileSync('useradd', ['-m', '-s', shell, user.name], { stdio: 'pipe' });
  execFileSync('chpasswd', [], { input: `${user.name}:${user.password}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
  if (sudo) {
    mkdirSync('/etc/sudoers.d', { recursive: true });
    writeFileSync(sudoersFile(user), `Defaults:${user.name} lecture=never\n${user.name} ALL=(ALL:ALL) ALL\n`, { mode: 0o440 });
  }
}

function removeUsers(users: { become: TestUser; noSudo: TestUser }): void {
  removeUser(users.become);
  removeUser(users.noSudo);
}

function removeUser(user: TestUser): void {
  rmSync(sudoersFile(user), { force: true });
  try {
    // -f: a session process of the user may still be exiting.
    execFileSync('userdel', ['-f', '-r', user.name], { stdio: 'ignore' });
  } catch {
    // Already gone, or only its mail spool was missing (userdel then exits non-zero).
  }
}

function fingerprintOfPublicKey(line: string): { type: string; blob: string; fingerprint: string } {
  const [type, blob] = line.trim().split(/\s+/);
  const digest = createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '');
  return { type, blob, fingerprint: `SHA256:${digest}` };
}

function waitForPort(host: string, port: number, deadline: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = createConnection({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd did not start listening on ${host}:${port}`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

/** Addresses per 127.0.x block: .2–.251, so the first 250 hosts keep their 127.0.0.x addresses. */
const HOSTS_PER_BLOCK = 250;
/** 127.0.0.x … 127.0.39.x: enough for the scale benchmark with room to spare. */
export const MAX_HARNESS_HOSTS = HOSTS_PER_BLOCK * 40;

/**
 * Address of harness host `index`: 127.0.0.2–251 for the first 250, then 127.0.1.2–251 and so on
 * (never .0, .1 or .255 of a block, which some systems give other meanings, e.g. 127.0.1.1 in
 * Debian's /etc/hosts). All of 127/8 is routed to `lo` on Linux, so no address needs setting up.
 */
export function loopbackHostAddress(index: number): string {
  return `127.0.${Math.floor(index / HOSTS_PER_BLOCK)}.${(index % HOSTS_PER_BLOCK) + 2}`;
}

export async function startSshd(options: SshdOptions = {}): Promise<SshdHarness> {
  const hostCount = options.hosts ?? 1;
  if (!Number.isInteger(hostCount) || hostCount < 1 || hostCount > MAX_HARNESS_HOSTS) throw new Error(`hosts must be 1..${MAX_HARNESS_HOSTS}`);
  const isRoot = process.getuid?.() === 0;
  const tempDir = mkdtempSync(join(tmpdir(), 'kplay-sshd-'));
  // Session users read the authorized keys file themselves.
  chmodSync(tempDir, 0o755);
  const hosts = Array.from({ length: hostCount }, (_, index) => loopbackHostAddress(index));
  const port = await freeLoopbackPort();

  const hostKey = join(tempDir, 'ssh_host_ed25519_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  const clientKeyPath = join(tempDir, 'client_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kplay-test', '-f', clientKeyPath]);
  const authorizedKeys = join(tempDir, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${clientKeyPath}.pub`), { mode: 0o644 });
  const hostPublic = fingerprintOfPublicKey(readFileSync(`${hostKey}.pub`, 'utf8'));

  const users = isRoot && options.users === true ? testUsers() : undefined;
  if (users !== undefined) {
    try {
      createUser(users.become, '/bin/bash', true);
      createUser(users.noSudo, '/bin/sh', false);
    } catch (error) {
      removeUsers(users);
      rmSync(tempDir, { recursive: true, force: true });
      throw error;
    }
  }
  // Debian's sshd refuses to start without its privilege separation directory.
  if (isRoot) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  // OpenSSH listens on at most 16 addresses per process (MAX_LISTEN_SOCKS), so larger host sets
  // are served by several sshd processes sharing the port, keys and settings.
  const groups: string[][] = [];
  for (let start = 0; start < hosts.length; start += LISTEN_ADDRESSES_PER_SSHD) groups.push(hosts.slice(start, start + LISTEN_ADDRESSES_PER_SSHD));
  const configPaths = groups.map((group, index) => {
    const configPath = join(tempDir, `sshd_config.${index}`);
    writeFileSync(
      configPath,
      [
        ...group.map((host) => `ListenAddress ${host}:${port}`),
        `HostKey ${hostKey}`,
        `PidFile ${join(tempDir, `sshd.${index}.pid`)}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        'StrictModes no',
        'UsePAM no',
        'PermitRootLogin yes',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        `MaxSessions ${options.maxSessions ?? 10}`,
        'MaxStartups 200',
        'MaxAuthTries 20',
        'UseDNS no',
        'PrintMotd no',
        'AllowTcpForwarding yes',
        // root's ~/.bashrc here runs a slow init that bash would source for every command.
        'SetEnv SHLVL=1',
        'Subsystem sftp internal-sftp',
        `LogLevel ${process.env.KPLAY_SSHD_LOGLEVEL ?? 'ERROR'}`,
        '',
      ].join('\n'),
    );
    return { configPath, group };
  });

  let children: ChildProcess[] = [];
  const launchOne = async (configPath: string, group: readonly string[], index: number): Promise<ChildProcess> => {
    const logFile = join(tempDir, `sshd.${index}.log`);
    const started = spawn(SSHD_PATH, ['-D', '-f', configPath, '-E', logFile], { stdio: 'ignore', detached: true });
    const exited = new Promise<never>((_, reject) =>
      started.once('exit', (code) => reject(new Error(`sshd exited with ${code}: ${readLog(logFile)}`))),
    );
    exited.catch(() => undefined);
    const deadline = Date.now() + 60_000;
    try {
      await Promise.race([Promise.all([waitForPort(group[0], port, deadline), waitForPort(group[group.length - 1], port, deadline)]), exited]);
    } catch (error) {
      await killProcessGroup(started);
      throw error;
    }
    return started;
  };
  const launch = async (): Promise<void> => {
    const started = await Promise.allSettled(configPaths.map(({ configPath, group }, index) => launchOne(configPath, group, index)));
    children = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failed = started.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) {
      await killGroup();
      throw failed.reason;
    }
  };
  const killGroup = async (): Promise<void> => {
    const running = children;
    children = [];
    await Promise.all(running.map(killProcessGroup));
  };

  // A kill issued while a restart is still launching would find no children and kill nothing, so
  // lifecycle operations run one after another.
  let lifecycle: Promise<unknown> = Promise.resolve();
  const serialized = (operation: () => Promise<void>): Promise<void> => {
    const next = lifecycle.then(operation, operation);
    lifecycle = next.catch(() => undefined);
    return next;
  };

  try {
    await launch();
  } catch (error) {
    if (users !== undefined) removeUsers(users);
    rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
  const knownHostsLine = (host: string): string => `[${host}]:${port} ${hostPublic.type} ${hostPublic.blob}`;
  const knownHostsFile = join(tempDir, 'known_hosts');
  writeFileSync(knownHostsFile, hosts.map((host) => `${knownHostsLine(host)}\n`).join(''));

  return {
    port,
    hosts,
    user: isRoot ? 'root' : userInfo().username,
    clientKeyPath,
    hostKeyFingerprints: { [hostPublic.type]: hostPublic.fingerprint },
    knownHostsFile,
    knownHostsLine,
    becomeUser: users?.become,
    noSudoUser: users?.noSudo,
    tempDir,
    kill: () => serialized(killGroup),
    restart: () =>
      serialized(async () => {
        await killGroup();
        await launch();
      }),
    stop: () =>
      serialized(async () => {
        await killGroup();
        if (users !== undefined) removeUsers(users);
        rmSync(tempDir, { recursive: true, force: true });
      }),
  };
}

const LISTEN_ADDRESSES_PER_SSHD = 16;

/** PIDs of every live descendant of `root`, from /proc (children first found, deepest last). */
function descendantsOf(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/PID/stat is the parent PID; the command name (field 2) may contain spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(afterName[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const [pid, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

/**
 * Kills an sshd listener and everything it started. Per-connection sshd processes call setsid(),
 * so they are found through the process tree rather than the listener's process group.
 */
async function killProcessGroup(running: ChildProcess): Promise<void> {
  if (running.pid === undefined || running.exitCode !== null || running.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => running.once('exit', () => resolve()));
  for (const pid of [running.pid, ...descendantsOf(running.pid)]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await gone;
}

function readLog(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').slice(-2000);
  } catch {
    return '';
  }
}
