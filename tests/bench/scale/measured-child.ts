/**
 * Runs the built kplay CLI as a child process, as users do, and measures what `bench:scale`
 * prints: the child's peak RSS (GNU time's maximum resident set size, or /proc VmHWM sampled when
 * /usr/bin/time is not installed), wall time, how fast SSH connections to the test sshd opened
 * (client sockets in /proc/net/tcp) and how fast results arrived (the run journal's timestamps).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_CLI } from '../ssh/kplay-runs';

const GNU_TIME = '/usr/bin/time';
const SAMPLE_MS = 50;

export interface MeasuredRun {
  readonly code: number;
  readonly wallMs: number;
  /** Peak resident set size of the kplay process, KiB. */
  readonly peakRssKib: number;
  readonly rssSource: 'GNU time' | 'VmHWM sampled';
  /** CPU time (user + system) of the kplay process, when GNU time measured it. */
  readonly cpuMs?: number;
  /** Distinct client connections to the sshd port seen during the run. */
  readonly connectionsOpened: number;
  /** Most connections established at once. */
  readonly peakConnections: number;
  /** From the first connection seen to the moment `hosts` distinct connections had been seen; undefined if never. */
  readonly connectSpanMs?: number;
  /** host_result events in the journal, and the span from the first task_start to the last of them. */
  readonly results: number;
  readonly resultSpanMs: number;
  /** Each task's duration (task_end), in order: the first includes connecting every host. */
  readonly taskMs: readonly number[];
  readonly output: string;
}

/** `0100007F:1F90` → port 8080 (the address part is not needed). */
function portOf(hexAddress: string): number {
  return parseInt(hexAddress.slice(hexAddress.indexOf(':') + 1), 16);
}

/** Client sockets (remote port = sshd's) in state ESTABLISHED, as `local-remote` keys. */
function establishedTo(port: number): string[] {
  const keys: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n').slice(1)) {
      const fields = row.trim().split(/\s+/);
      if (fields.length < 4 || fields[3] !== '01' || portOf(fields[2]) !== port) continue;
      keys.push(`${fields[1]}-${fields[2]}`);
    }
  }
  return keys;
}

function vmHwmKib(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** host_result count, the span from the first task_start to the last host_result, task durations. */
function journalFigures(workDir: string): { results: number; spanMs: number; taskMs: number[] } {
  const runs = join(workDir, 'runs');
  const taskMs: number[] = [];
  if (!existsSync(runs)) return { results: 0, spanMs: Number.NaN, taskMs };
  let results = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const run of readdirSync(runs)) {
    const path = join(runs, run, 'events.jsonl');
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line === '') continue;
      const event = JSON.parse(line) as { type: string; time?: string; durationMs?: number };
      if (event.type === 'task_end' && event.durationMs !== undefined) taskMs.push(event.durationMs);
      if (event.time === undefined) continue;
      const at = Date.parse(event.time);
      if (event.type === 'task_start') first = Math.min(first, at);
      if (event.type === 'host_result') {
        results++;
        last = Math.max(last, at);
      }
    }
  }
  return { results, spanMs: last - first, taskMs };
}

/**
 * Runs `node dist/cli/main.js ...args` with `--workdir workDir` (fresh: its journal is read
 * afterwards) and measures it. `hosts` is how many connections make "all hosts connected".
 */
export function runMeasuredChild(args: readonly string[], workDir: string, sshdPort: number, hosts: number): Promise<MeasuredRun> {
  rmSync(workDir, { recursive: true, force: true });
  const env = { ...process.env };
  // Only the inventory's key: an agent of the machine must not change the result.
  delete env.SSH_AUTH_SOCK;
  const useTime = existsSync(GNU_TIME);
  const timeFile = join(`${workDir}.time`);
  rmSync(timeFile, { force: true });
  const kplay = [process.execPath, BUILT_CLI, ...args, '--workdir', workDir];
  const [command, ...argv] = useTime ? [GNU_TIME, '-f', '%M %U %S', '-o', timeFile, ...kplay] : kplay;

  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const seen = new Set<string>();
    let firstSeen: number | undefined;
    let allSeen: number | undefined;
    let peakConnections = 0;
    let sampledHwm = 0;
    const sample = (): void => {
      const now = performance.now();
      // A table that changes while it is read may list a socket twice.
      const open = new Set(establishedTo(sshdPort));
      peakConnections = Math.max(peakConnections, open.size);
      for (const key of open) seen.add(key);
      if (firstSeen === undefined && seen.size > 0) firstSeen = now;
      if (allSeen === undefined && seen.size >= hosts) allSeen = now;
      if (!useTime && child.pid !== undefined) sampledHwm = Math.max(sampledHwm, vmHwmKib(child.pid) ?? 0);
    };
    const timer = setInterval(sample, SAMPLE_MS);

    child.once('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearInterval(timer);
      const wallMs = performance.now() - started;
      // GNU time writes "Command exited with non-zero status N" first when it did.
      const timed = useTime ? (readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number) : [];
      rmSync(timeFile, { force: true });
      const journal = journalFigures(workDir);
      resolve({
        code: code ?? -1,
        wallMs,
        peakRssKib: useTime ? timed[0] : sampledHwm,
        rssSource: useTime ? 'GNU time' : 'VmHWM sampled',
        ...(useTime ? { cpuMs: (timed[1] + timed[2]) * 1000 } : {}),
        connectionsOpened: seen.size,
        peakConnections,
        connectSpanMs: firstSeen !== undefined && allSeen !== undefined ? allSeen - firstSeen : undefined,
        results: journal.results,
        resultSpanMs: journal.spanMs,
        taskMs: journal.taskMs,
        output,
      });
    });
  });
}
