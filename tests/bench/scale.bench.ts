/**
 * `npm run bench:scale` (issue 16 item 4): the built kplay CLI over 500 SSH hosts on loopback
 * (127.0.0.2–251 and 127.0.1.2–251, 16 addresses per sshd process) × 5 `echo` commands with
 * `--forks 100`, once per `connector.session` mode (docs/connectors.md#persistent-sessions).
 * Prints the child's peak RSS against the 500 MiB target, wall time, connections/s and results/s,
 * and fails (exit 1) when a run did not return exactly 5 good results per host.
 * Environment: KPLAY_SCALE_HOSTS=500  KPLAY_SCALE_FORKS=100  KPLAY_SCALE_MODES=exec,persistent
 * KPLAY_SCALE_FIRST_CONTACT=1 (start from an empty known_hosts: every host key is recorded, as on
 * a first run against a new fleet with the default `host_key_checking: accept-new`).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchTargets, kplayInventory } from '../../bench/inventory';
import { sshdAvailable, startSshd } from '../harness/sshd';
import { MeasuredRun, runMeasuredChild } from './scale/measured-child';
import { settledSshdCpuMs, sshdCpuMs, sshdListenerPids } from './scale/sshd-cpu';
import { SCALE_COMMANDS, scaleReportProblems, writeScalePlaybook } from './scale/workload';

const HOSTS = Number(process.env.KPLAY_SCALE_HOSTS ?? 500);
const FORKS = Number(process.env.KPLAY_SCALE_FORKS ?? 100);
const MODES = (process.env.KPLAY_SCALE_MODES ?? 'exec,persistent').split(',').map((mode) => mode.trim());
const FIRST_CONTACT = process.env.KPLAY_SCALE_FIRST_CONTACT === '1';
const RSS_TARGET_MIB = 500;

const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' ');
const perSecond = (count: number, ms: number | undefined): string => (ms === undefined || !(ms > 0) ? 'n/a' : (count / (ms / 1000)).toFixed(1));

/** `c1 410 ms, c2 95 ms, …`: the median time one host took for each task, from the report. */
function medianHostTimes(reportText: string): string {
  const byTask = new Map<string, number[]>();
  for (const result of (JSON.parse(reportText) as { tasks?: { task: string; duration_ms: number }[] }).tasks ?? []) {
    byTask.set(result.task, [...(byTask.get(result.task) ?? []), result.duration_ms]);
  }
  return [...byTask]
    .map(([task, times]) => {
      const sorted = [...times].sort((a, b) => a - b);
      return `${task} ${sorted[Math.floor(sorted.length / 2)]} ms`;
    })
    .join(', ');
}

function printRun(mode: string, run: MeasuredRun, loadBefore: string, sshdMs: number): void {
  const rssMib = run.peakRssKib / 1024;
  console.log(`\n  connector.session: ${mode}   (load average before: ${loadBefore}, after: ${load()})`);
  console.log(`    peak RSS       ${rssMib.toFixed(1)} MiB (${run.rssSource})   target < ${RSS_TARGET_MIB} MiB: ${rssMib < RSS_TARGET_MIB ? 'met' : 'MISSED'}`);
  console.log(`    wall           ${(run.wallMs / 1000).toFixed(2)} s (node start to exit)`);
  console.log(
    `    connections/s  ${perSecond(HOSTS, run.connectSpanMs)}   (${run.connectionsOpened} opened, at most ${run.peakConnections} at once; first to last connection ${run.connectSpanMs === undefined ? 'n/a' : `${(run.connectSpanMs / 1000).toFixed(2)} s`})`,
  );
  console.log(
    `    results/s      ${perSecond(run.results, run.resultSpanMs)}   (${run.results} results, first task start to last result ${(run.resultSpanMs / 1000).toFixed(2)} s; ${perSecond(run.results, run.wallMs)} over the wall time)`,
  );
  console.log(`    tasks          ${run.taskMs.map((ms) => (ms / 1000).toFixed(2)).join(' s, ')} s   (the first one connects every host)`);
  // CPU time barely moves with other load, unlike the rates above: the comparable cost per result.
  const cpuPer = (ms: number | undefined): string => (ms === undefined ? 'n/a' : `${(ms / run.results).toFixed(2)} ms`);
  console.log(`    CPU/result     kplay ${cpuPer(run.cpuMs)}, sshd + sessions ${cpuPer(sshdMs)}   (totals ${((run.cpuMs ?? Number.NaN) / 1000).toFixed(1)} s, ${(sshdMs / 1000).toFixed(1)} s)`);
}

async function main(): Promise<void> {
  if (!sshdAvailable()) {
    console.log('bench:scale skipped: /usr/sbin/sshd is not installed');
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'kplay-bench-scale-'));
  console.log(
    `bench:scale  ${HOSTS} hosts x ${SCALE_COMMANDS} commands, --forks ${FORKS}${FIRST_CONTACT ? ', empty known_hosts' : ''}   (${cpus().length} CPUs, node ${process.version})`,
  );
  const startedSshd = performance.now();
  const sshd = await startSshd({ hosts: HOSTS });
  const sshdProcesses = Math.ceil(HOSTS / 16);
  console.log(`  sshd: ${sshdProcesses} processes on port ${sshd.port}, ${sshd.hosts[0]}–${sshd.hosts[sshd.hosts.length - 1]} (started in ${((performance.now() - startedSshd) / 1000).toFixed(1)} s)`);
  let failed = false;
  try {
    const targets = benchTargets(sshd.hosts, HOSTS);
    const hostNames = targets.map((target) => target.name);
    const playbook = writeScalePlaybook(scratch, 'bench');
    const listeners = sshdListenerPids(sshd.tempDir, sshdProcesses);
    if (listeners.length !== sshdProcesses) throw new Error(`found ${listeners.length} of ${sshdProcesses} sshd PID files`);
    for (const mode of MODES) {
      if (mode !== 'exec' && mode !== 'persistent') throw new Error(`KPLAY_SCALE_MODES: unknown mode ${mode}`);
      const inventory = join(scratch, `inventory-${mode}.yaml`);
      writeFileSync(inventory, kplayInventory(targets, { port: sshd.port, user: sshd.user, privateKeyPath: sshd.clientKeyPath }, mode));
      const report = join(scratch, `report-${mode}.json`);
      rmSync(report, { force: true });
      const loadBefore = load();
      const knownHosts = FIRST_CONTACT ? join(scratch, `known_hosts-${mode}`) : sshd.knownHostsFile;
      const args = ['run', playbook, '-i', inventory, '--known-hosts', knownHosts, '--forks', String(FORKS), '--report', report];
      const sshdBefore = sshdCpuMs(listeners);
      const run = await runMeasuredChild(args, join(scratch, `work-${mode}`), sshd.port, HOSTS);
      printRun(mode, run, loadBefore, (await settledSshdCpuMs(listeners)) - sshdBefore);
      let problems: string[];
      try {
        const reportText = readFileSync(report, 'utf8');
        console.log(`    per host       ${medianHostTimes(reportText)}   (median, the first includes connecting)`);
        problems = scaleReportProblems(reportText, hostNames);
      } catch (error) {
        problems = [`no readable report: ${(error as Error).message}`];
      }
      if (run.code !== 0) problems.unshift(`exit code ${run.code}`);
      if (FIRST_CONTACT) {
        const recorded = existsSync(knownHosts) ? readFileSync(knownHosts, 'utf8').split('\n').filter((line) => line !== '').length : 0;
        if (recorded !== HOSTS) problems.push(`${recorded} host keys recorded, expected ${HOSTS}`);
      }
      if (problems.length === 0) {
        console.log(`    verified       exit 0, ${HOSTS} hosts x ${SCALE_COMMANDS} results, each once with its own output`);
      } else {
        failed = true;
        console.log(`    VERIFICATION FAILED (${problems.length} problems): ${problems.slice(0, 10).join('; ')}`);
        console.log(run.output.slice(-3000));
      }
    }
  } finally {
    await sshd.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
