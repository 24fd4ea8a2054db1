/**
 * One cgroup per fleet host, in every cgroup hierarchy systemd needs (the named `systemd` v1
 * hierarchy and/or the unified v2 one). systemd-nspawn with `--keep-unit --register=no` runs the
 * container in its caller's cgroup, and two containers sharing one would fight over it; it also
 * gives teardown the complete list of a host's processes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CANDIDATES = ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified'];

/** The hierarchies to place hosts in: the v1 name=systemd one and the v2 one, whichever exist. */
export function cgroupRoots(): string[] {
  const mounts = readFileSync('/proc/self/mounts', 'utf8');
  const roots = CANDIDATES.filter((dir) => mounts.includes(` ${dir} cgroup`));
  if (roots.length === 0 && / \/sys\/fs\/cgroup cgroup2 /.test(mounts)) roots.push('/sys/fs/cgroup');
  return roots;
}

export function hostCgroupDirs(fleetCgroup: string, machine: string): string[] {
  return cgroupRoots().map((root) => join(root, fleetCgroup, machine));
}

export function createCgroups(dirs: readonly string[]): void {
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
}

/** Every PID in a cgroup subtree. */
export function cgroupPids(dir: string): number[] {
  if (!existsSync(dir)) return [];
  const pids: number[] = [];
  const walk = (path: string): void => {
    try {
      for (const line of readFileSync(join(path, 'cgroup.procs'), 'utf8').split('\n')) if (line) pids.push(Number(line));
      for (const entry of readdirSync(path)) {
        const child = join(path, entry);
        if (statSync(child).isDirectory()) walk(child);
      }
    } catch {
      // Removed while walking.
    }
  };
  walk(dir);
  return pids;
}

/** Removes a cgroup subtree bottom-up; the processes in it must have exited. */
export function removeCgroupTree(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const child = join(dir, entry);
    try {
      if (statSync(child).isDirectory()) removeCgroupTree(child);
    } catch {
      // Already gone.
    }
  }
  try {
    rmdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
