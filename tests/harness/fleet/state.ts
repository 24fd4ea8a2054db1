/**
 * What a fleet made on this machine, written down before it is made, so that teardown — by the
 * test that started it, by a signal handler, or by the next run after a crash — can remove every
 * process, mount, cgroup, link and file by name and PID.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupPids, cgroupRoots, removeCgroupTree } from './cgroups';
import { deleteLink, hostVeth } from './network';
import { processAlive } from './procs';

export const FLEET_RUN_DIR = process.env.KPLAY_FLEET_RUN ?? '/var/tmp/kplay-fleet';

export interface HostState {
  readonly name: string;
  /** nspawn's machine name: unique on this machine, names the veth. */
  readonly machine: string;
  readonly address: string;
  readonly dir: string;
  readonly merged: string;
  readonly cgroups: readonly string[];
  /** The shell that runs (and after a reboot re-runs) systemd-nspawn for this host. */
  supervisorPid?: number;
}

export interface FleetState {
  readonly slot: number;
  /** PID of the process whose exit ends the fleet; null for a fleet started by hand. */
  readonly owner: number | null;
  readonly dir: string;
  readonly bridge: string;
  readonly cgroup: string;
  readonly hosts: HostState[];
}

export function fleetsDir(): string {
  return join(FLEET_RUN_DIR, 'fleets');
}

export function stateFile(dir: string): string {
  return join(dir, 'state.json');
}

export function saveState(state: FleetState): void {
  writeFileSync(stateFile(state.dir), `${JSON.stringify(state, null, 2)}\n`);
}

export function loadStates(): FleetState[] {
  if (!existsSync(fleetsDir())) return [];
  const states: FleetState[] = [];
  for (const name of readdirSync(fleetsDir())) {
    const file = stateFile(join(fleetsDir(), name));
    try {
      states.push(JSON.parse(readFileSync(file, 'utf8')) as FleetState);
    } catch {
      // A slot claimed by a process that died before writing its state: only the directory exists.
      const dir = join(fleetsDir(), name);
      states.push({ slot: Number(name), owner: null, dir, bridge: '', cgroup: '', hosts: [] });
    }
  }
  return states;
}

export function isOrphan(state: FleetState): boolean {
  return state.owner !== null && !processAlive(state.owner);
}

function isMounted(path: string): boolean {
  return readFileSync('/proc/self/mounts', 'utf8').split('\n').some((line) => line.split(' ')[1] === path);
}

function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Busy-waits (synchronously: usable from exit handlers) until a condition holds. */
function waitSync(done: () => boolean, ms: number): boolean {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) return false;
    execFileSync('sleep', ['0.1']);
  }
  return true;
}

/**
 * Forcefully removes one host: kills every process in its cgroups, unmounts its root, deletes its
 * veth, cgroups and files. Synchronous so that signal and exit handlers can run it.
 */
export function destroyHost(host: HostState): void {
  const pids = (): number[] => host.cgroups.flatMap(cgroupPids);
  if (host.supervisorPid !== undefined && processAlive(host.supervisorPid)) killAll([host.supervisorPid]);
  for (let round = 0; round < 20 && pids().length > 0; round++) {
    killAll(pids());
    waitSync(() => pids().length === 0, 500);
  }
  if (existsSync(host.merged) && isMounted(host.merged)) {
    try {
      execFileSync('umount', [host.merged], { stdio: 'pipe' });
    } catch {
      execFileSync('umount', ['-l', host.merged], { stdio: 'pipe' });
    }
  }
  deleteLink(hostVeth(host.machine));
  for (const dir of host.cgroups) removeCgroupTree(dir);
  const propagate = `/run/systemd/nspawn/propagate/${host.machine}`;
  if (existsSync(propagate)) {
    if (isMounted(propagate)) execFileSync('umount', ['-l', propagate], { stdio: 'pipe' });
    rmSync(propagate, { recursive: true, force: true });
  }
  rmSync(host.dir, { recursive: true, force: true });
}

/** Removes everything a fleet made; safe to call twice and on a half-made fleet. */
export function destroyFleet(state: FleetState): void {
  for (const host of state.hosts) destroyHost(host);
  if (state.bridge) deleteLink(state.bridge);
  if (state.cgroup) for (const root of cgroupRoots()) removeCgroupTree(join(root, state.cgroup));
  rmSync(state.dir, { recursive: true, force: true });
}

/** Tears down fleets whose owning process is gone (a crashed or killed test run). */
export function sweepOrphans(log: (line: string) => void = () => undefined): number {
  let swept = 0;
  for (const state of loadStates()) {
    if (!isOrphan(state)) continue;
    log(`removing fleet ${state.slot} left behind by process ${state.owner}`);
    destroyFleet(state);
    swept++;
  }
  return swept;
}

/** Claims a free network slot atomically (mkdir) among fleets of this machine. */
export function claimSlot(used: ReadonlySet<number>): { slot: number; dir: string } {
  mkdirSync(fleetsDir(), { recursive: true });
  for (let slot = 1; slot < 255; slot++) {
    if (used.has(slot)) continue;
    const dir = join(fleetsDir(), String(slot));
    try {
      mkdirSync(dir);
      return { slot, dir };
    } catch {
      // Taken by another fleet.
    }
  }
  throw new Error('no free 10.213.x.0/24 slot for a fleet');
}
