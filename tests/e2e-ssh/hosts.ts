/**
 * Where the SSH end-to-end suites find their hosts. The suites are written once against
 * `SshHosts` and run on two providers: the loopback sshd harness (127.0.0.x aliases of this
 * machine, one shared file system) and the fleet (separate systemd hosts, tests/harness/fleet).
 * Whatever a suite checks on "the hosts" goes through here, because on the fleet each host has
 * its own files and processes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { SshdHarness, startSshd } from '../harness/sshd';
import { describeWithSshd, sessionSetting } from '../harness/ssh-connectors';
import { Fleet, startFleet } from '../harness/fleet/fleet';
import { describeFleet } from '../fleet/fleet-skip';

export interface Login {
  readonly name: string;
  readonly password: string;
}

/** A file on a host: octal mode and content. */
export interface HostFile {
  readonly mode: string;
  readonly content: Buffer;
}

export interface SshHosts {
  readonly kind: 'loopback' | 'fleet';
  /** Host addresses, one per host asked for. */
  readonly addresses: readonly string[];
  readonly port: number;
  /** The key login of `connector()` (root on the fleet; root on loopback when the tests run as root). */
  readonly user: string;
  readonly knownHostsFile: string;
  /** A non-root login with password sudo, when this provider has one. */
  readonly sudoUser?: Login;
  /** Connector settings that log in to host `index` with the provider's key. */
  connector(index: number, extra?: Record<string, unknown>): Record<string, unknown>;
  /** How known_hosts names host `index` (`[addr]:port`, or `addr` on port 22). */
  knownHostsName(index: number): string;
  /** The SHA256 fingerprint of host `index`'s ed25519 host key. */
  hostKeyFingerprint(index: number): string;
  /** Makes `dir` exist on every host (the controller's temp dir exists on loopback already). */
  prepare(dir: string): Promise<void>;
  /** Files below `root` on every host together, by path relative to `root` (hosts write below their own names). */
  files(root: string): Promise<Record<string, HostFile>>;
  /** The file at `path` on host `index` (its content and owner), or undefined. */
  stat(index: number, path: string): Promise<{ uid: number; gid: number; content: string } | undefined>;
  /** The command lines of every process on host `index`. */
  processes(index: number): Promise<string>;
  stop(): Promise<void>;
}

export interface HostsProvider {
  readonly name: 'loopback' | 'fleet';
  /** `describe` when the provider can run here, else skipped with its reason. */
  describe(name: string, body: () => void): void;
  start(count: number): Promise<SshHosts>;
  /** How long starting may take (the fleet may build its image first). */
  readonly startTimeoutMs: number;
}

/** path → "mode sha256", the comparable form of `files()`. */
export function fingerprints(files: Record<string, HostFile>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([path, file]) => [path, `${file.mode} ${createHash('sha256').update(file.content).digest('hex')}`]),
  );
}

function localFiles(root: string): Record<string, HostFile> {
  const out: Record<string, HostFile> = {};
  if (!existsSync(root)) return out;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    out[relative(root, path)] = { mode: (statSync(path).mode & 0o7777).toString(8), content: readFileSync(path) };
  }
  return out;
}

function fingerprintOf(publicKeyBlob: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(publicKeyBlob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

function loopbackHosts(sshd: SshdHarness): SshHosts {
  return {
    kind: 'loopback',
    addresses: sshd.hosts,
    port: sshd.port,
    user: sshd.user,
    knownHostsFile: sshd.knownHostsFile,
    ...(sshd.becomeUser ? { sudoUser: sshd.becomeUser } : {}),
    connector: (index, extra = {}) => ({ type: 'ssh', host: sshd.hosts[index], port: sshd.port, user: sshd.user, private_key: sshd.clientKeyPath, ...sessionSetting(), ...extra }),
    knownHostsName: (index) => `[${sshd.hosts[index]}]:${sshd.port}`,
    hostKeyFingerprint: () => sshd.hostKeyFingerprints['ssh-ed25519'],
    prepare: () => Promise.resolve(),
    files: (root) => Promise.resolve(localFiles(root)),
    stat: (_index, path) => {
      if (!existsSync(path)) return Promise.resolve(undefined);
      const st = statSync(path);
      return Promise.resolve({ uid: st.uid, gid: st.gid, content: readFileSync(path, 'utf8') });
    },
    processes: () => Promise.resolve(execFileSync('ps', ['-eo', 'args']).toString()),
    stop: () => sshd.stop(),
  };
}

function fleetHosts(fleet: Fleet, count: number): SshHosts {
  const hosts = fleet.hosts.slice(0, count);
  const knownHosts = readFileSync(fleet.knownHostsFile, 'utf8').split('\n');
  const run = async (index: number, command: string): Promise<string> => {
    const result = await fleet.exec(hosts[index].name, command);
    if (result.code !== 0) throw new Error(`${hosts[index].name}: ${command}: exit ${result.code}: ${result.stderr}`);
    return result.stdout;
  };
  return {
    kind: 'fleet',
    addresses: hosts.map((host) => host.address),
    port: 22,
    user: 'root',
    knownHostsFile: fleet.knownHostsFile,
    sudoUser: fleet.sudoUser,
    connector: (index, extra = {}) => ({ type: 'ssh', host: hosts[index].address, port: 22, user: 'root', private_key: fleet.clientKeyPath, ...sessionSetting(), ...extra }),
    knownHostsName: (index) => hosts[index].address,
    hostKeyFingerprint: (index) => {
      const line = knownHosts.find((l) => l.startsWith(`${hosts[index].address} `));
      if (!line) throw new Error(`no known_hosts line for ${hosts[index].address}`);
      return fingerprintOf(line.split(/\s+/)[2]);
    },
    prepare: async (dir) => {
      await Promise.all(hosts.map((_host, index) => run(index, `mkdir -p -m 0700 '${dir}'`)));
    },
    files: async (root) => {
      const out: Record<string, HostFile> = {};
      // One line per file: path, mode, base64 content (test paths hold no tabs or newlines).
      const script = `[ -d '${root}' ] || exit 0; cd '${root}' && find . -type f | while IFS= read -r f; do printf '%s\\t%s\\t' "\${f#./}" "$(stat -c %a "$f")"; base64 -w0 "$f"; echo; done`;
      for (let index = 0; index < hosts.length; index++) {
        for (const line of (await run(index, script)).split('\n').filter(Boolean)) {
          const [path, mode, data] = line.split('\t');
          if (out[path] !== undefined) throw new Error(`${path} exists below ${root} on two hosts`);
          out[path] = { mode, content: Buffer.from(data ?? '', 'base64') };
        }
      }
      return out;
    },
    stat: async (index, path) => {
      const text = await run(index, `[ -f '${path}' ] || exit 0; stat -c '%u %g' '${path}'; cat '${path}'`);
      if (text === '') return undefined;
      const newline = text.indexOf('\n');
      const [uid, gid] = text.slice(0, newline).split(' ').map(Number);
      return { uid, gid, content: text.slice(newline + 1) };
    },
    processes: (index) => run(index, 'ps -eo args'),
    stop: () => fleet.stop(),
  };
}

export const loopback: HostsProvider = {
  name: 'loopback',
  describe: describeWithSshd,
  start: async (count) => loopbackHosts(await startSshd({ hosts: count, users: true })),
  startTimeoutMs: 120_000,
};

export const fleet: HostsProvider = {
  name: 'fleet',
  describe: describeFleet,
  start: async (count) => fleetHosts(await startFleet({ hosts: count }), count),
  startTimeoutMs: 600_000,
};
