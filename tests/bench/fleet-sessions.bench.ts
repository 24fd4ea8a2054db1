/**
 * `npm run bench:fleet`: persistent sessions against exec channels on real systemd hosts (the
 * fleet: systemd-nspawn containers with sshd, PAM and logind, as on a typical server), where an
 * SSH session costs what it costs in production. 3 hosts × 50 `command: true` (W1's playbook):
 * the raw ssh2 exec floor, the raw session floor, and kplay in both `connector.session` modes, as
 * root and as a sudo user with `connector.sudo: true` (every command through sudo, as KubeKey
 * runs). Figures only; each run is checked to have done its work.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fleet, fleetUnavailableReason, startFleet } from '../harness/fleet/fleet';
import { BENCH_DIR } from './ssh/ansible-runs';
import { FloorTarget, FloorTiming, sequentialCommands, sessionCommands, timeFloor } from './ssh/floor';
import { KplayRun, runKplayInProcess, totals } from './ssh/kplay-runs';
import { bestOf, floorRatio, line } from './ssh/report';

const HOSTS = 3;
const COMMANDS = 50;
const REPEAT = Math.max(1, Number(process.env.KPLAY_BENCH_REPEAT ?? 3));

type Mode = 'exec' | 'persistent';

function inventory(fleet: Fleet, mode: Mode, sudo: boolean): string {
  const lines = ['apiVersion: kubekey.kubesphere.io/v1', 'kind: Inventory', 'spec:', '  hosts:'];
  fleet.hosts.forEach((host, index) => {
    const login = sudo
      ? `user: "${fleet.sudoUser.name}", password: "${fleet.sudoUser.password}", sudo: true`
      : `user: root, private_key: "${fleet.clientKeyPath}"`;
    lines.push(`    h${index + 1}:`, `      connector: { type: ssh, host: "${host.address}", port: 22, ${login}, session: ${mode} }`);
  });
  lines.push('  groups:', '    bench:', `      hosts: [${fleet.hosts.map((_, index) => `h${index + 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

function checked(label: string, run: KplayRun): KplayRun {
  const sum = totals(run.stats);
  if (run.code !== 0 || Object.keys(run.stats).length !== HOSTS || sum.failed > 0 || sum.unreachable > 0 || sum.ok < HOSTS * COMMANDS) {
    throw new Error(`${label}: exit ${run.code}, ${JSON.stringify(sum)}\n${run.output.slice(-1500)}`);
  }
  return run;
}

async function main(): Promise<void> {
  const reason = fleetUnavailableReason();
  if (reason) {
    console.log(`skipped: ${reason}`);
    return;
  }
  console.log(`kplay fleet session benchmark (node ${process.version}, ${cpus().length} CPUs, best of ${REPEAT})`);
  const scratch = mkdtempSync(join(tmpdir(), 'kplay-bench-fleet-'));
  const fleet = await startFleet({ hosts: HOSTS });
  try {
    console.log(`fleet: ${fleet.hosts.map((host) => `${host.name} ${host.address}`).join(', ')} (systemd, sshd with PAM)`);
    console.log(`load average at start: ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
    const privateKey = readFileSync(fleet.clientKeyPath);
    const targets: FloorTarget[] = fleet.hosts.map((host) => ({ address: host.address, port: 22, user: 'root', privateKey }));
    const commands = Array<string>(COMMANDS).fill('true');
    const playbook = join(BENCH_DIR, 'kplay', 'w1.yaml');
    const report = join(scratch, 'report.json');
    const args = (mode: Mode, sudo: boolean): string[] => {
      const file = join(scratch, `inventory-${mode}-${sudo ? 'sudo' : 'root'}.yaml`);
      writeFileSync(file, inventory(fleet, mode, sudo));
      return ['run', playbook, '-i', file, '--known-hosts', fleet.knownHostsFile, '--forks', String(HOSTS), '--workdir', join(scratch, 'work')];
    };
    const floors: FloorTiming[] = [];
    const sessionFloors: FloorTiming[] = [];
    const runs: Record<string, KplayRun[]> = {};
    const variants: [string, Mode, boolean][] = [
      ['kplay exec, root', 'exec', false],
      ['kplay persistent, root', 'persistent', false],
      ['kplay exec, sudo user', 'exec', true],
      ['kplay persistent, sudo user', 'persistent', true],
    ];
    for (let attempt = 0; attempt < REPEAT; attempt++) {
      floors.push(await timeFloor(targets, sequentialCommands(() => commands)));
      sessionFloors.push(await timeFloor(targets, sessionCommands(() => commands, false)));
      for (const [label, mode, sudo] of variants) (runs[label] ??= []).push(checked(label, await runKplayInProcess(args(mode, sudo), report)));
    }
    const floor = bestOf(floors);
    console.log(`\n${HOSTS} fleet hosts x ${COMMANDS} \`command: true\``);
    line('raw ssh2 exec floor (root)', floor.ms, `(${COMMANDS} exec per host, hosts in parallel)`);
    const sessionFloor = bestOf(sessionFloors);
    line('raw session floor (root)', sessionFloor.ms, floorRatio(sessionFloor.ms, floor.ms));
    for (const [label] of variants) {
      const best = bestOf(runs[label]);
      line(label, best.ms, floorRatio(best.ms, floor.ms, label.includes('persistent, root') ? 0.35 : undefined));
    }
    console.log(`\nload average at end: ${loadavg().map((n) => n.toFixed(1)).join(' ')}`);
  } finally {
    await fleet.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
