/**
 * `npm run bench:ssh`: kplay over SSH against a real sshd on loopback (figures only, nothing
 * asserted except that every run did the work it claims).
 *   W1 10 hosts x 50 `command: true`          W2 50 hosts x 10 `command: true`
 *   W3 50 x 1 KiB files copied to 10 hosts    W4 a 200-line template to 10 hosts x 10 tasks
 *   W5 gather facts on 50 hosts               (W3 and W4 run twice: all change, then nothing does)
 * W1, W2 and W5 run kplay with `connector.session: exec` and `persistent` (docs/connectors.md#persistent-sessions).
 * W3 and W4 are compared with the raw SFTP floor: writes in run 1, lstat + read-back checks in run 2
 * (the exec floor of one `sha256sum` per file is printed beside it).
 * Each figure is compared with the raw ssh2 floor measured in the same run, and with tuned Ansible
 * and Ansible + Mitogen when ansible-playbook is installed (playbooks in bench/).
 * Environment: KPLAY_BENCH_ONLY=W1,W3  KPLAY_BENCH_REPEAT=3 (best of N for floor and kplay)
 * KPLAY_BENCH_PEERS=none (skip Ansible).
 */
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchSshLogin, BenchSshTarget, ansibleInventory, benchTargets, kplayInventory } from '../../bench/inventory';
import { SshdHarness, sshdAvailable, startSshd } from '../harness/sshd';
import { AnsiblePeer, AnsibleRun, BENCH_DIR, ansiblePeers, findAnsible, runAnsible } from './ssh/ansible-runs';
import { FloorFile, FloorTarget, FloorTiming, sequentialCommands, sequentialSftpAtomicWrites, sequentialSftpChecks, sequentialSftpWrites, sessionCommands, timeFloor } from './ssh/floor';
import { BUILT_CLI, HostStats, KplayRun, runKplayChild, runKplayInProcess, totals } from './ssh/kplay-runs';
import { bestOf, floorRatio, kib, line, speedup } from './ssh/report';
import {
  W3_FILES,
  W3_FILE_SIZE,
  W4_TASKS,
  W4_VARS,
  captureFactScript,
  countRewritten,
  fileIdentities,
  resetHostDirs,
  w3Content,
  w3FileName,
  w4FileName,
  w4Rendered,
  writeW3Sources,
} from './ssh/workload-data';

const REPEAT = Math.max(1, Number(process.env.KPLAY_BENCH_REPEAT ?? 3));
const ONLY = process.env.KPLAY_BENCH_ONLY?.split(',').map((id) => id.trim().toUpperCase());
const FLOOR_TARGET = 1.5;
/** Issue 16: persistent sessions against the same exec floor. */
const W1_PERSISTENT_TARGET = 0.35;
const W2_PERSISTENT_TARGET = 0.5;
const W5_PERSISTENT_TARGET = 1.0;
/** Issue 16: W3 and W4 against the raw SFTP floor of the same work (writes in run 1, checks in run 2). */
const FILE_SFTP_TARGET = 1.3;

interface Bench {
  readonly sshd: SshdHarness;
  readonly scratch: string;
  readonly login: BenchSshLogin;
  readonly privateKey: Buffer;
  readonly knownHosts: string;
  readonly peers: readonly AnsiblePeer[];
}

let verificationFailed = false;

function fail(message: string): void {
  verificationFailed = true;
  console.log(`    VERIFICATION FAILED: ${message}`);
}

function floorTargets(bench: Bench, targets: readonly BenchSshTarget[]): FloorTarget[] {
  return targets.map((target) => ({ address: target.address, port: bench.login.port, user: bench.login.user, privateKey: bench.privateKey }));
}

function writeInventories(bench: Bench, targets: readonly BenchSshTarget[]): { kplay: string; kplayPersistent: string; ansible: string } {
  const kplay = join(bench.scratch, `inventory-${targets.length}.yaml`);
  const kplayPersistent = join(bench.scratch, `inventory-${targets.length}-persistent.yaml`);
  const ansible = join(bench.scratch, `inventory-${targets.length}.ini`);
  writeFileSync(kplay, kplayInventory(targets, bench.login, 'exec'));
  writeFileSync(kplayPersistent, kplayInventory(targets, bench.login, 'persistent'));
  writeFileSync(ansible, ansibleInventory(targets, bench.login));
  return { kplay, kplayPersistent, ansible };
}

function kplayArgs(bench: Bench, playbook: string, inventory: string, forks: number, vars: Readonly<Record<string, string>>): string[] {
  return [
    'run',
    join(BENCH_DIR, 'kplay', `${playbook}.yaml`),
    '-i',
    inventory,
    '--known-hosts',
    bench.knownHosts,
    '--forks',
    String(forks),
    '--workdir',
    join(bench.scratch, 'work'),
    ...Object.entries(vars).flatMap(([name, value]) => ['-e', `${name}=${value}`]),
  ];
}

function checkSucceeded(label: string, run: { readonly code: number; readonly output: string; readonly stats: Readonly<Record<string, HostStats>> }, hosts: number): void {
  const sum = totals(run.stats);
  if (run.code !== 0 || Object.keys(run.stats).length < hosts || sum.failed > 0 || sum.unreachable > 0) {
    fail(`${label} exit=${run.code} hosts=${Object.keys(run.stats).length}/${hosts} failed=${sum.failed} unreachable=${sum.unreachable}\n${run.output.slice(-1500)}`);
  }
}

/** Loads (and, under ts-node, compiles) the engine once, so no measured run pays for it. */
async function warmUp(bench: Bench): Promise<void> {
  const targets = benchTargets(bench.sshd.hosts, 2);
  const inventories = writeInventories(bench, targets);
  const run = await runKplayInProcess(kplayArgs(bench, 'w2', inventories.kplay, 2, {}), join(bench.scratch, 'report.json'));
  checkSucceeded('warm-up', run, 2);
}

/** `12.3 ms CPU/task-host` of the controller process: unlike wall time, barely moved by other load. */
function cpuPer(cpuMs: number | undefined, units: number): string {
  return cpuMs === undefined ? '' : `   controller CPU ${(cpuMs / units).toFixed(2)} ms/task-host`;
}

/**
 * W1, W2, W5: the same commands on every host, no state on the hosts. Floor, in-process and CLI
 * runs alternate, so a burst of load from elsewhere hits all three alike; each keeps its best.
 */
async function commandWorkload(
  bench: Bench,
  id: string,
  title: string,
  hostCount: number,
  playbook: string,
  floorCommands: readonly string[],
  persistentTarget: number,
): Promise<void> {
  console.log(`\n${id}  ${title}`);
  const targets = benchTargets(bench.sshd.hosts, hostCount);
  const inventories = writeInventories(bench, targets);
  const args = kplayArgs(bench, playbook, inventories.kplay, hostCount, {});
  const persistentArgs = kplayArgs(bench, playbook, inventories.kplayPersistent, hostCount, {});
  const report = join(bench.scratch, 'report.json');
  const floors: FloorTiming[] = [];
  const sessionFloors: FloorTiming[] = [];
  const forkFloors: FloorTiming[] = [];
  const inProcessRuns: KplayRun[] = [];
  const persistentRuns: KplayRun[] = [];
  const childRuns: KplayRun[] = [];
  for (let attempt = 0; attempt < REPEAT; attempt++) {
    floors.push(await timeFloor(floorTargets(bench, targets), sequentialCommands(() => floorCommands)));
    sessionFloors.push(await timeFloor(floorTargets(bench, targets), sessionCommands(() => floorCommands, false)));
    forkFloors.push(await timeFloor(floorTargets(bench, targets), sessionCommands(() => floorCommands, true)));
    inProcessRuns.push(await runKplayInProcess(args, report));
    checkSucceeded('kplay in-process', inProcessRuns[attempt], hostCount);
    persistentRuns.push(await runKplayInProcess(persistentArgs, report));
    checkSucceeded('kplay in-process, persistent sessions', persistentRuns[attempt], hostCount);
    childRuns.push(await runKplayChild(args, report));
    checkSucceeded('kplay CLI', childRuns[attempt], hostCount);
  }
  const floor = bestOf(floors);
  const inProcess = bestOf(inProcessRuns);
  const persistent = bestOf(persistentRuns);
  const child = bestOf(childRuns);
  const units = hostCount * floorCommands.length;

  line('raw ssh2 floor', floor.ms, `(${floorCommands.length} exec per host, hosts in parallel)${cpuPer(floor.cpuMs, units)}`);
  const sessionFloor = bestOf(sessionFloors);
  const forkFloor = bestOf(forkFloors);
  line('raw session floor', sessionFloor.ms, `${floorRatio(sessionFloor.ms, floor.ms)}   (one bash per host reading commands, \`bash -c\` each)${cpuPer(sessionFloor.cpuMs, units)}`);
  line('raw session floor, fork only', forkFloor.ms, `${floorRatio(forkFloor.ms, floor.ms)}   (the same, commands evaluated in a subshell: no exec)`);
  line('kplay exec (in-process, runCli)', inProcess.ms, `${floorRatio(inProcess.ms, floor.ms, FLOOR_TARGET)}${cpuPer(inProcess.cpuMs, units)}`);
  line('kplay persistent (in-process)', persistent.ms, `${floorRatio(persistent.ms, floor.ms, persistentTarget)}${cpuPer(persistent.cpuMs, units)}`);
  line('kplay exec (CLI child process)', child.ms, `${floorRatio(child.ms, floor.ms)}   (includes node start)`);
  for (const peer of bench.peers) {
    const run = await runAnsible(peer, `${playbook}.yml`, inventories.ansible, hostCount, {}, bench.scratch);
    checkSucceeded(peer.label, run, hostCount);
    line(peer.label, run.ms, speedup(run.ms, child.ms, floor.ms, peer.targetSpeedup));
  }
}

interface FileWorkloadSpec {
  readonly id: string;
  readonly title: string;
  readonly hostCount: number;
  readonly playbook: string;
  readonly fileNames: readonly string[];
  /** Bytes each host must end up with in each file. */
  readonly contentFor: (hostName: string, fileName: string) => Buffer;
  readonly vars: Readonly<Record<string, string>>;
}

interface PairResult {
  readonly first: { readonly ms: number; readonly changed: number; readonly bytesSent?: number; readonly cpuMs?: number };
  readonly second: { readonly ms: number; readonly changed: number; readonly bytesSent?: number; readonly cpuMs?: number; readonly rewritten: number };
}

/** Runs a file workload twice on fresh destinations and verifies both runs on disk. */
async function runPair(
  spec: FileWorkloadSpec,
  targets: readonly BenchSshTarget[],
  destRoot: string,
  label: string,
  run: () => Promise<{
    readonly ms: number;
    readonly code: number;
    readonly output: string;
    readonly stats: Readonly<Record<string, HostStats>>;
    readonly bytesSent?: number;
    readonly cpuMs?: number;
  }>,
): Promise<PairResult> {
  const hostNames = targets.map((target) => target.name);
  resetHostDirs(destRoot, hostNames);
  const paths = hostNames.flatMap((host) => spec.fileNames.map((file) => join(destRoot, host, file)));
  const expected = targets.length * spec.fileNames.length;

  const first = await run();
  checkSucceeded(`${label} run 1`, first, targets.length);
  for (const host of hostNames) {
    for (const file of spec.fileNames) {
      const path = join(destRoot, host, file);
      if (!existsSync(path) || !readFileSync(path).equals(spec.contentFor(host, file))) return failPair(`${label} run 1 left wrong content in ${path}`);
    }
  }
  const firstChanged = totals(first.stats).changed;
  if (firstChanged !== expected) fail(`${label} run 1 reported changed=${firstChanged}, expected ${expected}`);
  const before = fileIdentities(paths);

  const second = await run();
  checkSucceeded(`${label} run 2`, second, targets.length);
  const secondChanged = totals(second.stats).changed;
  const rewritten = countRewritten(before, fileIdentities(paths));
  if (secondChanged !== 0) fail(`${label} run 2 reported changed=${secondChanged}, expected 0`);
  if (rewritten !== 0) fail(`${label} run 2 rewrote ${rewritten} of ${expected} files`);
  return {
    first: { ms: first.ms, changed: firstChanged, bytesSent: first.bytesSent, cpuMs: first.cpuMs },
    second: { ms: second.ms, changed: secondChanged, bytesSent: second.bytesSent, cpuMs: second.cpuMs, rewritten },
  };
}

function failPair(message: string): PairResult {
  fail(message);
  return { first: { ms: Number.NaN, changed: -1 }, second: { ms: Number.NaN, changed: -1, rewritten: -1 } };
}

function bestPair(pairs: readonly PairResult[]): PairResult {
  return {
    first: bestOf(pairs.map((pair) => pair.first)),
    second: { ...bestOf(pairs.map((pair) => pair.second)), rewritten: Math.max(...pairs.map((pair) => pair.second.rewritten)) },
  };
}

async function fileWorkload(bench: Bench, spec: FileWorkloadSpec): Promise<void> {
  console.log(`\n${spec.id}  ${spec.title}`);
  const targets = benchTargets(bench.sshd.hosts, spec.hostCount);
  const inventories = writeInventories(bench, targets);
  const floorHosts = floorTargets(bench, targets);
  const floorRoot = join(bench.scratch, 'dest', 'floor');
  const floorPath = (hostIndex: number, file: string): string => join(floorRoot, targets[hostIndex].name, file);
  const floorFiles = (hostIndex: number): FloorFile[] =>
    spec.fileNames.map((file) => ({ path: floorPath(hostIndex, file), data: spec.contentFor(targets[hostIndex].name, file) }));
  const contentBytes = targets.reduce((sum, _target, index) => sum + floorFiles(index).reduce((bytes, file) => bytes + file.data.length, 0), 0);

  const kplayVars = (destRoot: string): Record<string, string> => ({ ...spec.vars, bench_dest: destRoot });
  const report = join(bench.scratch, 'report.json');
  const inProcessRoot = join(bench.scratch, 'dest', 'kplay');
  const inProcessArgs = kplayArgs(bench, spec.playbook, inventories.kplay, spec.hostCount, kplayVars(inProcessRoot));
  const childRoot = join(bench.scratch, 'dest', 'kplay-cli');
  const childArgs = kplayArgs(bench, spec.playbook, inventories.kplay, spec.hostCount, kplayVars(childRoot));
  const writeFloors: FloorTiming[] = [];
  const atomicFloors: FloorTiming[] = [];
  const sftpCheckFloors: FloorTiming[] = [];
  const checkFloors: FloorTiming[] = [];
  const inProcessPairs: PairResult[] = [];
  const childPairs: PairResult[] = [];
  // Alternated like the command workloads, for the same reason.
  for (let attempt = 0; attempt < REPEAT; attempt++) {
    resetHostDirs(floorRoot, targets.map((target) => target.name));
    writeFloors.push(await timeFloor(floorHosts, sequentialSftpWrites(floorFiles)));
    sftpCheckFloors.push(await timeFloor(floorHosts, sequentialSftpChecks(floorFiles)));
    resetHostDirs(floorRoot, targets.map((target) => target.name));
    atomicFloors.push(await timeFloor(floorHosts, sequentialSftpAtomicWrites(floorFiles)));
    checkFloors.push(await timeFloor(floorHosts, sequentialCommands((index) => spec.fileNames.map((file) => `sha256sum -- ${floorPath(index, file)}`))));
    inProcessPairs.push(await runPair(spec, targets, inProcessRoot, 'kplay in-process', () => runKplayInProcess(inProcessArgs, report)));
    childPairs.push(await runPair(spec, targets, childRoot, 'kplay CLI', () => runKplayChild(childArgs, report)));
  }
  const writeFloor = bestOf(writeFloors);
  const atomicFloor = bestOf(atomicFloors);
  const sftpCheckFloor = bestOf(sftpCheckFloors);
  const checkFloor = bestOf(checkFloors).ms;
  const inProcess = bestPair(inProcessPairs);
  const child = bestPair(childPairs);

  const peerPairs: Array<{ peer: AnsiblePeer; pair: PairResult }> = [];
  for (const peer of bench.peers) {
    const destRoot = join(bench.scratch, 'dest', peer.slug);
    const pair = await runPair(spec, targets, destRoot, peer.label, (): Promise<AnsibleRun> =>
      runAnsible(peer, `${spec.playbook}.yml`, inventories.ansible, spec.hostCount, { ...spec.vars, bench_dest: destRoot }, bench.scratch),
    );
    peerPairs.push({ peer, pair });
  }

  const files = targets.length * spec.fileNames.length;
  console.log(`  run 1 (every file changes; ${files} files, ${kib(contentBytes)} of content)`);
  line('raw SFTP writes floor', writeFloor.ms, `(one SFTP session per host, files in sequence)${cpuPer(writeFloor.cpuMs, files)}`);
  line(
    'raw SFTP atomic-write floor',
    atomicFloor.ms,
    `${floorRatio(atomicFloor.ms, writeFloor.ms)}   (lstat, temp file, write+mode+close at once, rename: kplay's requests, no engine)${cpuPer(atomicFloor.cpuMs, files)}`,
  );
  line('kplay (in-process, runCli)', inProcess.first.ms, `${floorRatio(inProcess.first.ms, writeFloor.ms, FILE_SFTP_TARGET)}   changed=${inProcess.first.changed}   sent ${kib(inProcess.first.bytesSent ?? 0)}${cpuPer(inProcess.first.cpuMs, files)}`);
  line('kplay (CLI child process)', child.first.ms, `${floorRatio(child.first.ms, writeFloor.ms)}   changed=${child.first.changed}`);
  for (const { peer, pair } of peerPairs) line(peer.label, pair.first.ms, `${speedup(pair.first.ms, child.first.ms, writeFloor.ms)}   changed=${pair.first.changed}`);

  console.log('  run 2 (nothing changes: no file content may be sent again)');
  line('raw SFTP check floor', sftpCheckFloor.ms, `(lstat + open/read/close + sha256 per file, one SFTP session per host)${cpuPer(sftpCheckFloor.cpuMs, files)}`);
  line('raw exec floor (sha256sum per file)', checkFloor, `(write floor ${(writeFloor.ms / 1000).toFixed(2)} s)`);
  const secondDetail = (pair: PairResult): string => `changed=${pair.second.changed}   files rewritten=${pair.second.rewritten}/${files}`;
  line(
    'kplay (in-process, runCli)',
    inProcess.second.ms,
    `${floorRatio(inProcess.second.ms, sftpCheckFloor.ms, FILE_SFTP_TARGET)}, ${(inProcess.second.ms / checkFloor).toFixed(2)}x exec floor   ${secondDetail(inProcess)}   ` +
      `sent ${kib(inProcess.second.bytesSent ?? 0)} (run 1: ${kib(inProcess.first.bytesSent ?? 0)})${cpuPer(inProcess.second.cpuMs, files)}`,
  );
  line('kplay (CLI child process)', child.second.ms, `${floorRatio(child.second.ms, sftpCheckFloor.ms)}, ${(child.second.ms / checkFloor).toFixed(2)}x exec floor   ${secondDetail(child)}`);
  for (const { peer, pair } of peerPairs) line(peer.label, pair.second.ms, `${speedup(pair.second.ms, child.second.ms, checkFloor)}   ${secondDetail(pair)}`);
  const sentAgain = inProcess.second.bytesSent ?? 0;
  if (sentAgain >= contentBytes) fail(`kplay run 2 sent ${kib(sentAgain)}, at least the ${kib(contentBytes)} of content`);
}

async function main(): Promise<void> {
  console.log(`kplay SSH benchmark (node ${process.version}, ${cpus().length} CPUs, best of ${REPEAT} for floor and kplay, peers run once)`);
  if (!sshdAvailable()) {
    console.log('skipped: /usr/sbin/sshd not installed (Debian openssh-server)');
    return;
  }
  if (!existsSync(BUILT_CLI)) {
    console.log(`missing ${BUILT_CLI}: run npm run build first (npm run bench:ssh does)`);
    process.exitCode = 1;
    return;
  }
  // Only the inventory's key counts, for kplay and the floor alike.
  delete process.env.SSH_AUTH_SOCK;
  const wanted = (id: string): boolean => ONLY === undefined || ONLY.includes(id);

  const ansible = process.env.KPLAY_BENCH_PEERS === 'none' ? undefined : findAnsible();
  const peers = ansible ? ansiblePeers(ansible) : [];
  if (process.env.KPLAY_BENCH_PEERS === 'none') console.log('peers: skipped (KPLAY_BENCH_PEERS=none)');
  else if (!ansible) console.log('peers: skipped: ansible-playbook not installed (Debian ansible-core; ansible-mitogen for Mitogen)');
  else console.log(`peers: ${ansible.version}; ${peers.map((peer) => peer.label).join(', ')}${peers.length < 2 ? ' (Mitogen not installed)' : ''}`);
  console.log('kplay CLI = node dist/cli/main.js as a child process, timed from spawn to exit (like ansible-playbook).');

  const sshd = await startSshd({ hosts: 50 });
  const scratch = mkdtempSync(join(tmpdir(), 'kplay-bench-ssh-'));
  chmodSync(scratch, 0o755);
  try {
    const knownHosts = join(scratch, 'known_hosts');
    copyFileSync(sshd.knownHostsFile, knownHosts);
    const bench: Bench = {
      sshd,
      scratch,
      login: { port: sshd.port, user: sshd.user, privateKeyPath: sshd.clientKeyPath },
      privateKey: readFileSync(sshd.clientKeyPath),
      knownHosts,
      peers,
    };
    console.log(`sshd: ${sshd.hosts.length} loopback hosts ${sshd.hosts[0]}…${sshd.hosts[sshd.hosts.length - 1]} port ${sshd.port}, login ${sshd.user}`);
    console.log(`load average at start: ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
    await warmUp(bench);

    if (wanted('W1')) await commandWorkload(bench, 'W1', '10 hosts x 50 `command: true`', 10, 'w1', Array(50).fill('true'), W1_PERSISTENT_TARGET);
    if (wanted('W2')) await commandWorkload(bench, 'W2', '50 hosts x 10 `command: true`', 50, 'w2', Array(10).fill('true'), W2_PERSISTENT_TARGET);
    if (wanted('W3')) {
      const source = join(scratch, 'w3-src');
      writeW3Sources(source);
      await fileWorkload(bench, {
        id: 'W3',
        title: `${W3_FILES} x ${W3_FILE_SIZE / 1024} KiB files copied to each of 10 hosts, run twice`,
        hostCount: 10,
        playbook: 'w3',
        fileNames: Array.from({ length: W3_FILES }, (_, index) => w3FileName(index)),
        contentFor: (_host, file) => w3Content(Number(file.slice(1, 3))),
        vars: { bench_src: source },
      });
    }
    if (wanted('W4')) {
      await fileWorkload(bench, {
        id: 'W4',
        title: `a 200-line template rendered to 10 hosts x ${W4_TASKS} tasks, run twice`,
        hostCount: 10,
        playbook: 'w4',
        fileNames: Array.from({ length: W4_TASKS }, (_, index) => w4FileName(index)),
        contentFor: (host) => w4Rendered(host),
        vars: { ...W4_VARS },
      });
    }
    if (wanted('W5')) {
      const factScript = await captureFactScript();
      await commandWorkload(bench, 'W5', 'gather facts on 50 hosts', 50, 'w5', [factScript], W5_PERSISTENT_TARGET);
    }
  } finally {
    await sshd.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`\nload average at end: ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
  console.log(
    `Targets (issue 16): kplay persistent <= ${W1_PERSISTENT_TARGET}x the exec floor on W1, <= ${W2_PERSISTENT_TARGET}x on W2, <= ${W5_PERSISTENT_TARGET}x on W5; ` +
      `kplay in-process <= ${FILE_SFTP_TARGET}x the SFTP floor on W3 and W4 (writes in run 1, checks in run 2).`,
  );
  console.log(
    `Targets (issue 4): <= ${FLOOR_TARGET}x the floor on W1, W2, W5; >= 20x faster than tuned Ansible and >= 10x faster than Ansible + Mitogen on W1, W2, W5.`,
  );
  if (verificationFailed) {
    console.log('Some runs did not do what they claim (see VERIFICATION FAILED above).');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
