/**
 * CPU time the harness's sshd processes spent, sessions included: each sshd listener reaps its
 * per-connection processes (which reap their shells), so a listener's own plus its children's
 * times in /proc/PID/stat cover everything a run cost on the "hosts" once its connections closed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const TICKS_PER_SECOND = 100;

/** The listeners' PIDs, from the PidFile each harness sshd writes into its temp dir. */
export function sshdListenerPids(tempDir: string, processes: number): number[] {
  const pids: number[] = [];
  for (let index = 0; index < processes; index++) {
    const path = join(tempDir, `sshd.${index}.pid`);
    if (existsSync(path)) pids.push(Number(readFileSync(path, 'utf8').trim()));
  }
  return pids;
}

/** utime + stime + cutime + cstime of the listeners, ms. */
export function sshdCpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields 14–17 (utime, stime, cutime, cstime); the command name (field 2) may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // A listener that is gone adds nothing.
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Waits until the listeners' CPU total stops growing (the run's sessions were reaped), at most `limitMs`. */
export async function settledSshdCpuMs(pids: readonly number[], limitMs = 10_000): Promise<number> {
  const deadline = Date.now() + limitMs;
  let last = sshdCpuMs(pids);
  for (;;) {
    await sleep(300);
    const now = sshdCpuMs(pids);
    if (now === last || Date.now() > deadline) return now;
    last = now;
  }
}
