/**
 * A fleet of Debian hosts for tests: systemd-nspawn containers booted with systemd as PID 1 on a
 * private bridge, each with its own copy-on-write root (overlayfs over the cached image), host
 * name, machine-id, address and SSH host key. Root logs in with the fleet's key; the `kplay`
 * user logs in with the same key (or its password) and has password sudo.
 *
 * Stopping is by PID: nspawn gets SIGTERM (the host powers off), anything left in the host's
 * cgroup gets SIGKILL, then mounts, cgroups, links and files go. A fleet owned by a process is
 * also torn down when that process exits or is interrupted, and by the next run if it was killed.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupPids, cgroupRoots, createCgroups, hostCgroupDirs } from './cgroups';
import { debootstrapAvailable, ensureImage } from './image';
import { bridgeName, createBridge, gatewayAddress, hostAddress, hostVeth, networkdFile, usedSlots } from './network';
import { childrenOf, processAlive, sleep } from './procs';
import { FLEET_SUDO_USER } from './recipe';
import { claimSlot, destroyFleet, destroyHost, FleetState, HostState, saveState, sweepOrphans } from './state';

export interface FleetHost {
  readonly name: string;
  readonly address: string;
  readonly machine: string;
}

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Fleet {
  readonly slot: number;
  readonly bridge: string;
  /** The controller's address on the fleet bridge (hosts reach the controller here). */
  readonly gateway: string;
  readonly hosts: readonly FleetHost[];
  readonly clientKeyPath: string;
  readonly knownHostsFile: string;
  readonly sudoUser: { readonly name: string; readonly password: string };
  readonly dir: string;
  host(name: string): FleetHost;
  /** Runs a shell command on a host over SSH (as root unless `user` is given). */
  exec(host: string, command: string, options?: { user?: string; timeoutMs?: number }): Promise<ExecResult>;
  /** Cuts (down) or restores (up) a host's link to the bridge, as if its cable were pulled. */
  setLink(host: string, state: 'up' | 'down'): void;
  /** Waits until the host's systemd reports running/degraded (e.g. after its link came back). */
  waitReady(host: string, timeoutMs?: number): Promise<void>;
  /** Reboots a host (`systemctl reboot`) and waits until it runs again with a new boot id. */
  reboot(host: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface FleetOptions {
  /** Host names; default node1..nodeN. */
  readonly names?: readonly string[];
  readonly hosts?: number;
  /** Keep the fleet after this process exits (the CLI); default: torn down with the process. */
  readonly detached?: boolean;
  readonly log?: (line: string) => void;
  readonly bootTimeoutMs?: number;
}

/** Why this machine cannot run the fleet, or null when it can. */
export function fleetUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'the fleet needs Linux';
  if (process.getuid?.() !== 0) return 'the fleet needs root (systemd-nspawn, mounts, bridges)';
  for (const tool of ['systemd-nspawn', 'ip', 'ssh', 'ssh-keygen']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is not installed (apt-get install systemd-container iproute2 openssh-client)`;
    }
  }
  if (!debootstrapAvailable()) return 'debootstrap is not installed (apt-get install debootstrap)';
  if (!readFileSync('/proc/filesystems', 'utf8').includes('overlay')) return 'the kernel has no overlayfs';
  if (cgroupRoots().length === 0) return 'no systemd or unified cgroup hierarchy is mounted';
  return null;
}

const live = new Set<FleetState>();
let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const destroyAll = (): void => {
    for (const state of live) {
      try {
        destroyFleet(state);
      } catch {
        // Best effort on the way out; the next run's sweep finishes the job.
      }
    }
    live.clear();
  };
  process.once('exit', destroyAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      destroyAll();
      process.kill(process.pid, signal);
    });
  }
}

function sshArgs(fleet: { clientKeyPath: string; knownHostsFile: string }, timeoutSeconds: number): string[] {
  return [
    '-i', fleet.clientKeyPath,
    '-o', 'BatchMode=yes',
    '-o', `UserKnownHostsFile=${fleet.knownHostsFile}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `ConnectTimeout=${timeoutSeconds}`,
    '-o', 'LogLevel=ERROR',
  ];
}

function execSsh(args: readonly string[], timeoutMs: number): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile('ssh', args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 255) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function writeHostFiles(merged: string, host: HostState, all: readonly HostState[], hostKeyDir: string, clientPub: string): string {
  const etc = join(merged, 'etc');
  writeFileSync(join(etc, 'hostname'), `${host.name}\n`);
  writeFileSync(join(etc, 'machine-id'), `${randomBytes(16).toString('hex')}\n`);
  writeFileSync(
    join(etc, 'hosts'),
    ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback', ...all.map((h) => `${h.address} ${h.name}`), ''].join('\n'),
  );
  mkdirSync(join(etc, 'systemd/network'), { recursive: true });
  writeFileSync(join(etc, 'systemd/network/10-kplay-fleet.network'), networkdFile(host.address));
  const key = join(hostKeyDir, 'ssh_host_ed25519_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', host.name, '-f', key]);
  writeFileSync(join(etc, 'ssh/ssh_host_ed25519_key'), readFileSync(key), { mode: 0o600 });
  const hostPub = readFileSync(`${key}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  writeFileSync(join(etc, 'ssh/ssh_host_ed25519_key.pub'), `${hostPub}\n`, { mode: 0o644 });
  const passwd = readFileSync(join(etc, 'passwd'), 'utf8');
  const userLine = passwd.split('\n').find((line) => line.startsWith(`${FLEET_SUDO_USER.name}:`));
  const [uid, gid] = userLine ? [Number(userLine.split(':')[2]), Number(userLine.split(':')[3])] : [0, 0];
  for (const [home, owner] of [[join(merged, 'root'), [0, 0]], [join(merged, 'home', FLEET_SUDO_USER.name), [uid, gid]]] as const) {
    const sshDir = join(home, '.ssh');
    mkdirSync(sshDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(sshDir, 'authorized_keys'), clientPub, { mode: 0o600 });
    chownSync(sshDir, owner[0], owner[1]);
    chownSync(join(sshDir, 'authorized_keys'), owner[0], owner[1]);
  }
  return `${host.address} ${hostPub}`;
}

function startSupervisor(state: FleetState, host: HostState): number {
  const nspawn = [
    'systemd-nspawn', '--boot', '--register=no', '--keep-unit', '--quiet',
    `--machine=${host.machine}`, `--hostname=${host.name}`,
    `--network-bridge=${state.bridge}`, '--resolv-conf=off', '--link-journal=no', '--timezone=off',
    '--console=read-only', `--directory=${host.merged}`,
  ];
  // Joins the host's cgroups, then runs nspawn again whenever the host reboots (nspawn exits 133
  // on `systemctl reboot`, as systemd-nspawn@.service's RestartForceExitStatus expects).
  const script = [
    ...host.cgroups.map((dir) => `echo $$ > '${dir}/cgroup.procs'`),
    'while :; do',
    `  ${nspawn.map((arg) => `'${arg}'`).join(' ')}`,
    '  rc=$?',
    '  [ "$rc" -eq 133 ] || exit "$rc"',
    'done',
  ].join('\n');
  const log = openSync(join(host.dir, 'console.log'), 'a');
  const child = spawn('sh', ['-c', script], { stdio: ['ignore', log, log], detached: true });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start systemd-nspawn for ${host.name}`);
  return child.pid;
}

async function waitForSystem(fleet: Fleet, host: HostState, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (host.supervisorPid !== undefined && !processAlive(host.supervisorPid)) {
      throw new Error(`${host.name}: systemd-nspawn exited; console: ${tail(join(host.dir, 'console.log'))}`);
    }
    const result = await fleet.exec(host.name, 'systemctl is-system-running', { timeoutMs: 5000 });
    last = (result.stdout || result.stderr).trim();
    if (/^(running|degraded)$/.test(result.stdout.trim())) return;
    await sleep(250);
  }
  throw new Error(`${host.name} (${host.address}) did not finish booting within ${timeoutMs} ms; last answer: ${last}; console: ${tail(join(host.dir, 'console.log'))}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-1500);
  } catch {
    return '(no console log)';
  }
}

async function stopHost(host: HostState, timeoutMs: number): Promise<void> {
  const supervisor = host.supervisorPid;
  if (supervisor !== undefined && processAlive(supervisor)) {
    // SIGTERM to nspawn powers the container off cleanly; the supervisor loop then ends.
    for (const nspawn of childrenOf(supervisor)) {
      try {
        process.kill(nspawn, 'SIGTERM');
      } catch {
        // Exited meanwhile.
      }
    }
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && (processAlive(supervisor) || host.cgroups.some((dir) => cgroupPids(dir).length > 0))) {
      await sleep(100);
    }
  }
  destroyHost(host);
}

/** Boots a fleet and resolves when every host's systemd is up and SSH answers. */
export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const log = options.log ?? (() => undefined);
  const reason = fleetUnavailableReason();
  if (reason) throw new Error(`cannot start a fleet: ${reason}`);
  const names = options.names ?? Array.from({ length: options.hosts ?? 3 }, (_, index) => `node${index + 1}`);
  if (names.length < 1 || names.length > 200) throw new Error('a fleet has 1..200 hosts');
  sweepOrphans(log);
  const image = await ensureImage(undefined, log);

  const { slot, dir } = claimSlot(usedSlots());
  const state: FleetState = {
    slot,
    owner: options.detached ? null : process.pid,
    dir,
    bridge: bridgeName(slot),
    cgroup: `kplay-fleet${slot}`,
    hosts: names.map((name, index) => {
      const machine = `kf${slot}n${index + 1}`;
      return {
        name,
        machine,
        address: hostAddress(slot, index),
        dir: join(dir, name),
        merged: join(dir, name, 'root'),
        cgroups: hostCgroupDirs(`kplay-fleet${slot}`, machine),
      };
    }),
  };
  saveState(state);
  // Until it is up, even a fleet meant to outlive this process is removed if this process ends.
  live.add(state);
  installExitHandlers();

  const clientKeyPath = join(dir, 'id_ed25519');
  const knownHostsFile = join(dir, 'known_hosts');
  const fleet: Fleet = {
    slot,
    bridge: state.bridge,
    gateway: gatewayAddress(slot),
    hosts: state.hosts.map(({ name, address, machine }) => ({ name, address, machine })),
    clientKeyPath,
    knownHostsFile,
    sudoUser: FLEET_SUDO_USER,
    dir,
    host(name) {
      const found = this.hosts.find((host) => host.name === name);
      if (!found) throw new Error(`no fleet host ${name}`);
      return found;
    },
    exec(name, command, execOptions = {}) {
      const host = this.host(name);
      const timeoutMs = execOptions.timeoutMs ?? 120_000;
      return execSsh([...sshArgs(this, Math.min(10, Math.ceil(timeoutMs / 1000))), `${execOptions.user ?? 'root'}@${host.address}`, command], timeoutMs);
    },
    setLink(name, linkState) {
      execFileSync('ip', ['link', 'set', hostVeth(this.host(name).machine), linkState], { stdio: 'pipe' });
    },
    async waitReady(name, timeoutMs = 120_000) {
      const host = state.hosts.find((candidate) => candidate.name === name);
      if (!host) throw new Error(`no fleet host ${name}`);
      await waitForSystem(fleet, host, timeoutMs);
    },
    async reboot(name, timeoutMs = 120_000) {
      const bootId = async (): Promise<string> => (await fleet.exec(name, 'cat /proc/sys/kernel/random/boot_id', { timeoutMs: 5000 })).stdout.trim();
      const before = await bootId();
      if (!before) throw new Error(`${name}: cannot read its boot id`);
      await fleet.exec(name, 'systemctl reboot', { timeoutMs: 10_000 });
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const now = await bootId();
        if (now && now !== before) break;
        if (Date.now() > deadline) throw new Error(`${name} did not come back from a reboot within ${timeoutMs} ms`);
        await sleep(250);
      }
      await fleet.waitReady(name, Math.max(1000, deadline - Date.now()));
    },
    async stop() {
      await Promise.all(state.hosts.map((host) => stopHost(host, 20_000)));
      destroyFleet(state);
      live.delete(state);
    },
  };

  try {
    createBridge(slot);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `kplay-fleet${slot}`, '-f', clientKeyPath]);
    const clientPub = readFileSync(`${clientKeyPath}.pub`, 'utf8');
    const knownHosts: string[] = [];
    for (const host of state.hosts) {
      for (const sub of ['upper', 'work', 'root', 'keys']) mkdirSync(join(host.dir, sub), { recursive: true });
      execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${image.rootfs},upperdir=${join(host.dir, 'upper')},workdir=${join(host.dir, 'work')}`, host.merged], { stdio: 'pipe' });
      chmodSync(host.merged, 0o755);
      knownHosts.push(writeHostFiles(host.merged, host, state.hosts, join(host.dir, 'keys'), clientPub));
      createCgroups(host.cgroups);
    }
    writeFileSync(knownHostsFile, `${knownHosts.join('\n')}\n`);
    for (const host of state.hosts) {
      host.supervisorPid = startSupervisor(state, host);
      saveState(state);
    }
    await Promise.all(state.hosts.map((host) => waitForSystem(fleet, host, options.bootTimeoutMs ?? 120_000)));
    log(`fleet ${slot} up: ${state.hosts.map((host) => `${host.name}=${host.address}`).join(' ')}`);
    if (options.detached) live.delete(state);
    return fleet;
  } catch (error) {
    await Promise.all(state.hosts.map((host) => stopHost(host, 5_000))).catch(() => undefined);
    destroyFleet(state);
    live.delete(state);
    throw error;
  }
}


/** Stops a fleet known only from its state file (the CLI's `down`, or another process's fleet). */
export async function stopFleetState(state: FleetState): Promise<void> {
  await Promise.all(state.hosts.map((host) => stopHost(host, 20_000)));
  destroyFleet(state);
}
