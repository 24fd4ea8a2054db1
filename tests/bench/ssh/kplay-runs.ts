/**
 * Runs kplay two ways: in-process through runCli (compared with the in-process ssh2 floor: neither
 * pays for starting a process) and as a child process of the built CLI (compared with
 * ansible-playbook, whose wall time includes starting Python). The in-process run also counts the
 * bytes kplay writes to its SSH sockets, to prove a no-change run transfers no file content.
 */
import { spawn } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../../cli/main';

export const BUILT_CLI = join(__dirname, '..', '..', '..', 'dist', 'cli', 'main.js');

export interface HostStats {
  readonly ok: number;
  readonly changed: number;
  readonly failed: number;
  readonly unreachable: number;
}

export interface KplayRun {
  readonly code: number;
  readonly ms: number;
  /** Per host, from the --report file. */
  readonly stats: Readonly<Record<string, HostStats>>;
  /** Bytes written to SSH sockets (in-process runs only). */
  readonly bytesSent?: number;
  /** CPU time of this process during the run (in-process runs only): load-independent cost. */
  readonly cpuMs?: number;
  readonly output: string;
}

function readStats(reportFile: string): Record<string, HostStats> {
  if (!existsSync(reportFile)) return {};
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { stats?: Record<string, HostStats> };
  return report.stats ?? {};
}

/** Sums the bytes written to every client socket opened while `body` runs. */
async function countingSocketBytes<T>(body: () => Promise<T>): Promise<{ value: T; bytes: number }> {
  const sockets: Socket[] = [];
  const onSocket = (message: unknown): void => {
    const socket = (message as { socket?: Socket }).socket;
    if (socket) sockets.push(socket);
  };
  subscribe('net.client.socket', onSocket);
  try {
    const value = await body();
    return { value, bytes: sockets.reduce((sum, socket) => sum + socket.bytesWritten, 0) };
  } finally {
    unsubscribe('net.client.socket', onSocket);
  }
}

export async function runKplayInProcess(args: readonly string[], reportFile: string): Promise<KplayRun> {
  let output = '';
  const capture = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      output += chunk.toString();
      done();
    },
  });
  rmSync(reportFile, { force: true });
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const { value: code, bytes } = await countingSocketBytes(() =>
    runCli([...args, '--report', reportFile], { stdin: process.stdin, stdout: capture, stderr: capture }),
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  return { code, ms, stats: readStats(reportFile), bytesSent: bytes, cpuMs: (cpu.user + cpu.system) / 1000, output };
}

export function runKplayChild(args: readonly string[], reportFile: string): Promise<KplayRun> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    // Only the inventory's key: an agent or ~/.ssh keys of the machine must not change the result.
    delete env.SSH_AUTH_SOCK;
    rmSync(reportFile, { force: true });
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BUILT_CLI, ...args, '--report', reportFile], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ code: code ?? -1, ms, stats: readStats(reportFile), output });
    });
  });
}

export function totals(stats: Readonly<Record<string, HostStats>>): HostStats {
  const sum = { ok: 0, changed: 0, failed: 0, unreachable: 0 };
  for (const host of Object.values(stats)) {
    sum.ok += host.ok;
    sum.changed += host.changed;
    sum.failed += host.failed;
    sum.unreachable += host.unreachable;
  }
  return sum;
}
