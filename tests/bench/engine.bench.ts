/**
 * `npm run bench:engine`: engine throughput on local hosts (figures only, nothing asserted).
 *   E1 200 hosts × 50 debug tasks      E2 200 hosts × 20 `command: true`      E3 1,000 hosts × 10 debug
 * Prints task-host results per second, controller CPU per command task-host (the engine's own
 * overhead: child processes are not counted in process.cpuUsage), and peak RSS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { runCli as RunCli } from '../../cli/main';

// The built JavaScript is what users run; loading it (not the TypeScript through ts-node) keeps
// compilation out of the figures. `npm run bench:engine` builds first.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a path outside the TypeScript sources
const { runCli } = require('../../dist/cli/main.js') as { runCli: typeof RunCli };

function inventory(hosts: number): string {
  const lines = ['apiVersion: kubekey.kubesphere.io/v1', 'kind: Inventory', 'spec:', '  hosts:'];
  for (let i = 0; i < hosts; i++) lines.push(`    h${i}: { connector: { type: local }, idx: ${i} }`);
  lines.push('  groups:', '    bench:', `      hosts: [${Array.from({ length: hosts }, (_, i) => `h${i}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

function playbook(tasks: number, task: string): string {
  const lines = ['- hosts: [bench]', '  tasks:'];
  for (let i = 0; i < tasks; i++) lines.push(`    - name: t${i}`, `      ${task}`);
  return lines.join('\n') + '\n';
}

const sink = new Writable({ write: (_c, _e, cb) => cb() });

/** The floor for E2: the same commands spawned straight from node, 50 at a time. */
async function spawnFloorMs(count: number, parallel: number): Promise<number> {
  const { spawn } = await import('node:child_process');
  const one = () =>
    new Promise<void>((resolve) => {
      const child = spawn('/bin/sh', ['-c', 'true'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.on('close', () => resolve());
    });
  const t0 = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        next++;
        await one();
      }
    }),
  );
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function measure(name: string, hosts: number, tasks: number, task: string, isCommand: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-bench-'));
  try {
    writeFileSync(join(dir, 'inventory.yaml'), inventory(hosts));
    writeFileSync(join(dir, 'site.yaml'), playbook(tasks, task));
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const code = await runCli(['run', join(dir, 'site.yaml'), '-i', join(dir, 'inventory.yaml'), '--workdir', join(dir, 'work'), '--forks', '50'], {
      stdin: process.stdin,
      stdout: sink,
      stderr: process.stderr,
    });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const results = hosts * tasks;
    const cpuPer = (cpu.user + cpu.system) / 1000 / results;
    const rss = process.resourceUsage().maxRSS / 1024;
    let floor = '';
    if (isCommand) {
      const floorMs = await spawnFloorMs(results, 50);
      floor = `  floor(raw spawn)=${(floorMs / 1000).toFixed(2)}s ratio=${(wallMs / floorMs).toFixed(2)} engine overhead/command=${((wallMs - floorMs) / results).toFixed(2)}ms`;
    }
    console.log(
      `${name.padEnd(34)} exit=${code} wall=${(wallMs / 1000).toFixed(2)}s  ${Math.round(results / (wallMs / 1000))} results/s` +
        `${isCommand ? `  engine CPU/command=${cpuPer.toFixed(2)}ms` : `  CPU/result=${cpuPer.toFixed(3)}ms`}  peakRSS=${rss.toFixed(0)}MiB${floor}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`kplay engine benchmark (node ${process.version}, ${cpus().length} CPUs)`);
  await measure('E1 200 hosts x 50 debug', 200, 50, 'debug: { msg: "{{ .inventory_hostname }} {{ .idx }}" }', false);
  await measure('E2 200 hosts x 20 command: true', 200, 20, 'command: "true"', true);
  await measure('E3 1000 hosts x 10 debug', 1000, 10, 'debug: { msg: "{{ .inventory_hostname }}" }', false);
}

void main();
