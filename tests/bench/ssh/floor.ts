/**
 * The raw ssh2 floor: what the same work costs with nothing but ssh2 — one connection per host
 * (Nagle off, no host key check, no engine), the host's steps run back to back, hosts in
 * parallel. Connecting and closing are part of the measured time, as they are for kplay.
 */
import { createHash } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { Client, SFTPWrapper } from 'ssh2';

export interface FloorTarget {
  readonly address: string;
  readonly port: number;
  readonly user: string;
  readonly privateKey: Buffer;
}

/** One host's work on its open connection. */
export type HostWork = (client: Client, hostIndex: number) => Promise<void>;

function connectRaw(target: FloorTarget): Promise<Client> {
  return new Promise((resolve, reject) => {
    const sock = tcpConnect({ host: target.address, port: target.port });
    sock.setNoDelay(true);
    const client = new Client();
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.connect({ sock, username: target.user, privateKey: target.privateKey, readyTimeout: 30_000 });
  });
}

function closeRaw(client: Client): Promise<void> {
  return new Promise((resolve) => {
    client.once('close', () => resolve());
    client.end();
  });
}

export interface FloorTiming {
  readonly ms: number;
  /** CPU time of this process (the ssh2 client side only). */
  readonly cpuMs: number;
}

/** Wall time of connect + work + close on every target at once. */
export async function timeFloor(targets: readonly FloorTarget[], work: HostWork): Promise<FloorTiming> {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    targets.map(async (target, index) => {
      const client = await connectRaw(target);
      try {
        await work(client, index);
      } finally {
        await closeRaw(client);
      }
    }),
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export interface RawExecResult {
  readonly code: number | null;
  readonly stdoutBytes: number;
}

/** Runs one command on its own channel and waits until the channel closes. */
export function rawExec(client: Client, command: string): Promise<RawExecResult> {
  return new Promise((resolve, reject) => {
    client.exec(command, (error, channel) => {
      if (error) return reject(error);
      let code: number | null = null;
      let stdoutBytes = 0;
      channel.on('data', (chunk: Buffer) => (stdoutBytes += chunk.length));
      channel.stderr.on('data', () => undefined);
      channel.on('exit', (exitCode: number | null) => (code = exitCode));
      channel.on('close', () => resolve({ code, stdoutBytes }));
    });
  });
}

/** Sequential commands per host; fails loudly if one does not succeed, so the floor is real work. */
export function sequentialCommands(commandsFor: (hostIndex: number) => readonly string[]): HostWork {
  return async (client, hostIndex) => {
    for (const command of commandsFor(hostIndex)) {
      const result = await rawExec(client, command);
      if (result.code !== 0) throw new Error(`floor command failed (exit ${result.code}): ${command.slice(0, 60)}`);
    }
  };
}

/**
 * Sequential commands per host through one long-lived bash reading them from its stdin, with
 * nothing else: each command is started as `bash -c` (the shell exec mode would start), or only
 * evaluated in a forked subshell when `forkOnly` (no exec at all). The lowest cost a persistent
 * session can reach, without framing, process groups or the engine.
 */
export function sessionCommands(commandsFor: (hostIndex: number) => readonly string[], forkOnly: boolean): HostWork {
  const loop = forkOnly
    ? 'while IFS= read -r c; do (eval "$c"); echo "kplay-floor $?"; done'
    : 'while IFS= read -r c; do bash -c "$c"; echo "kplay-floor $?"; done';
  return (client, hostIndex) =>
    new Promise((resolve, reject) => {
      client.exec(`exec bash -c '${loop}'`, (error, channel) => {
        if (error) return reject(error);
        const commands = [...commandsFor(hostIndex)];
        let seen = '';
        const next = (): void => {
          const command = commands.shift();
          if (command === undefined) channel.end();
          else channel.write(`${command}\n`);
        };
        channel.on('data', (chunk: Buffer) => {
          seen += chunk.toString('latin1');
          for (let newline = seen.indexOf('\n'); newline >= 0; newline = seen.indexOf('\n')) {
            const reply = seen.slice(0, newline);
            seen = seen.slice(newline + 1);
            if (!reply.startsWith('kplay-floor ')) continue;
            if (reply !== 'kplay-floor 0') return reject(new Error(`session floor command failed: ${reply}`));
            next();
          }
        });
        channel.stderr.on('data', () => undefined);
        channel.on('close', () => (commands.length === 0 ? resolve() : reject(new Error('session floor shell ended early'))));
        next();
      });
    });
}

function openSftp(client: Client): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => client.sftp((error, sftp) => (error ? reject(error) : resolve(sftp))));
}

function sftpWrite(sftp: SFTPWrapper, path: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => sftp.writeFile(path, data, { mode: 0o644 }, (error) => (error ? reject(error) : resolve())));
}

export interface FloorFile {
  readonly path: string;
  readonly data: Buffer;
}

/** One SFTP session per host, the host's files written one after another. */
export function sequentialSftpWrites(filesFor: (hostIndex: number) => readonly FloorFile[]): HostWork {
  return async (client, hostIndex) => {
    const sftp = await openSftp(client);
    for (const file of filesFor(hostIndex)) await sftpWrite(sftp, file.path, file.data);
    sftp.end();
  };
}

function sftpStep<T>(run: (done: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
}

/**
 * The least a run that changes nothing must do per file over SFTP: lstat it (type, mode, size),
 * read its bytes and compare their sha256 with the wanted content's: lstat, open, read, close,
 * each awaited, as plain ssh2 calls are. Fails loudly when a file is not what it should be, so the
 * floor is real work.
 */
export function sequentialSftpChecks(filesFor: (hostIndex: number) => readonly FloorFile[]): HostWork {
  return async (client, hostIndex) => {
    const sftp = await openSftp(client);
    for (const file of filesFor(hostIndex)) {
      const stats = await sftpStep<{ size: number; mode: number }>((done) => sftp.lstat(file.path, done));
      const handle = await sftpStep<Buffer>((done) => sftp.open(file.path, 'r', done));
      const buffer = Buffer.alloc(stats.size + 1);
      const bytesRead = await sftpStep<number>((done) => sftp.read(handle, buffer, 0, buffer.length, 0, (error, count) => done(error, count)));
      await sftpStep<void>((done) => sftp.close(handle, (error) => done(error, undefined)));
      const actual = createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex');
      if (actual !== createHash('sha256').update(file.data).digest('hex') || (stats.mode & 0o777) !== 0o644) {
        throw new Error(`floor check: ${file.path} is not the expected 0644 file`);
      }
    }
    sftp.end();
  };
}

/**
 * What an idempotent, atomic write needs at least, with nothing but ssh2: lstat the destination
 * (absent in run 1), create a temp file beside it, send its write, mode and close together, then
 * rename it over the destination. The same requests kplay sends, without the engine; shown to
 * split kplay's distance from the plain write floor into semantics and overhead.
 */
export function sequentialSftpAtomicWrites(filesFor: (hostIndex: number) => readonly FloorFile[]): HostWork {
  return async (client, hostIndex) => {
    const sftp = await openSftp(client);
    for (const file of filesFor(hostIndex)) {
      const absent = await new Promise<boolean>((resolve) => sftp.lstat(file.path, (error) => resolve(error !== undefined && error !== null)));
      if (!absent) throw new Error(`floor atomic write: ${file.path} exists already`);
      const temp = `${file.path}.floor-tmp`;
      const handle = await sftpStep<Buffer>((done) => sftp.open(temp, 'wx', { mode: 0o600 }, done));
      await Promise.all([
        sftpStep<void>((done) => sftp.write(handle, file.data, 0, file.data.length, 0, (error) => done(error, undefined))),
        sftpStep<void>((done) => sftp.fchmod(handle, 0o644, (error) => done(error, undefined))),
        sftpStep<void>((done) => sftp.close(handle, (error) => done(error, undefined))),
      ]);
      await sftpStep<void>((done) => sftp.ext_openssh_rename(temp, file.path, (error) => done(error, undefined)));
    }
    sftp.end();
  };
}
