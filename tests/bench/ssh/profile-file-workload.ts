/**
 * Profiling aid for the file workloads (not part of `npm run bench:ssh`): runs W3 or W4 in-process
 * against the test sshd, warm, and writes a CPU profile of one "all change" run and one "nothing
 * changes" run. Usage: node -r ts-node/register/transpile-only tests/bench/ssh/profile-file-workload.ts
 * w3|w4|PLAYBOOK.yaml OUT_DIR; KPLAY_PROFILE_SESSION=persistent|exec (default exec) picks the
 * connector.session the hosts get.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { benchTargets, kplayInventory } from '../../../bench/inventory';
import { startSshd } from '../../harness/sshd';
import { BENCH_DIR } from './ansible-runs';
import { runKplayInProcess, totals } from './kplay-runs';
import { W4_VARS, resetHostDirs, writeW3Sources } from './workload-data';

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

function sessionMode(): 'persistent' | 'exec' {
  const mode = process.env.KPLAY_PROFILE_SESSION ?? 'exec';
  if (mode !== 'persistent' && mode !== 'exec') throw new Error(`KPLAY_PROFILE_SESSION must be persistent or exec, got ${mode}`);
  return mode;
}

async function main(): Promise<void> {
  const workload = process.argv[2] ?? 'w3';
  const out = process.argv[3] ?? '.';
  mkdirSync(out, { recursive: true });
  delete process.env.SSH_AUTH_SOCK;
  const sshd = await startSshd({ hosts: 10 });
  const scratch = mkdtempSync(join(tmpdir(), 'kplay-profile-'));
  try {
    const knownHosts = join(scratch, 'known_hosts');
    copyFileSync(sshd.knownHostsFile, knownHosts);
    const targets = benchTargets(sshd.hosts, 10);
    const inventory = join(scratch, 'inventory.yaml');
    writeFileSync(inventory, kplayInventory(targets, { port: sshd.port, user: sshd.user, privateKeyPath: sshd.clientKeyPath }, sessionMode()));
    const source = join(scratch, 'src');
    writeW3Sources(source);
    const dest = join(scratch, 'dest');
    const vars = workload === 'w3' ? { bench_src: source } : { ...W4_VARS };
    const args = [
      'run', workload.endsWith('.yaml') ? workload : join(BENCH_DIR, 'kplay', `${workload}.yaml`), '-i', inventory, '--known-hosts', knownHosts, '--forks', '10',
      '--workdir', join(scratch, 'work'), ...Object.entries({ ...vars, bench_dest: dest }).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    ];
    const report = join(scratch, 'report.json');
    const session = new Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
    for (let round = 0; round < 3; round++) {
      resetHostDirs(dest, targets.map((target) => target.name));
      const profile = round === 2;
      if (profile) await post(session, 'Profiler.start');
      const first = await runKplayInProcess(args, report);
      if (profile) writeFileSync(join(out, `${basename(workload)}-run1.cpuprofile`), JSON.stringify((await post<{ profile: object }>(session, 'Profiler.stop')).profile));
      if (profile) await post(session, 'Profiler.start');
      const second = await runKplayInProcess(args, report);
      if (profile) writeFileSync(join(out, `${basename(workload)}-run2.cpuprofile`), JSON.stringify((await post<{ profile: object }>(session, 'Profiler.stop')).profile));
      console.log(`round ${round}: run 1 ${first.ms.toFixed(0)} ms cpu ${first.cpuMs?.toFixed(0)} changed=${totals(first.stats).changed}; run 2 ${second.ms.toFixed(0)} ms cpu ${second.cpuMs?.toFixed(0)} changed=${totals(second.stats).changed}`);
    }
    session.disconnect();
  } finally {
    await sshd.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
