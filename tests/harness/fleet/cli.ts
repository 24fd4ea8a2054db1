/**
 * Starts and stops a fleet by hand (see docs/testing.md):
 *   node -r ts-node/register/transpile-only tests/harness/fleet/cli.ts up 3 [name,name,…]
 *   … status | down [slot] | image | prune
 * A fleet started here outlives this command; `down` stops it (and any fleet whose test run died).
 */
import { join } from 'node:path';
import { fleetUnavailableReason, startFleet, stopFleetState } from './fleet';
import { ensureImage, pruneImages } from './image';
import { FLEET_CACHE_DIR, FLEET_SUDO_USER } from './recipe';
import { processAlive } from './procs';
import { FLEET_RUN_DIR, isOrphan, loadStates, sweepOrphans } from './state';

const log = (line: string): void => console.error(`fleet: ${line}`);

async function up(args: readonly string[]): Promise<void> {
  const count = Number(args[0] ?? '3');
  const names = args[1]?.split(',').filter(Boolean);
  if (!Number.isInteger(count) || count < 1) throw new Error('usage: up <number of hosts> [name,name,…]');
  if (names && names.length !== count) throw new Error(`${count} hosts but ${names.length} names`);
  const fleet = await startFleet({ hosts: count, names, detached: true, log });
  console.log(`fleet ${fleet.slot}: bridge ${fleet.bridge}, controller address ${fleet.gateway}`);
  for (const host of fleet.hosts) console.log(`  ${host.name}\t${host.address}`);
  const first = fleet.hosts[0];
  console.log(`key:         ${fleet.clientKeyPath}`);
  console.log(`known_hosts: ${fleet.knownHostsFile}`);
  console.log(`sudo user:   ${FLEET_SUDO_USER.name} / ${FLEET_SUDO_USER.password}`);
  console.log(`try:         ssh -i ${fleet.clientKeyPath} -o UserKnownHostsFile=${fleet.knownHostsFile} root@${first.address}`);
  console.log(`stop with:   node -r ts-node/register/transpile-only tests/harness/fleet/cli.ts down ${fleet.slot}`);
}

async function down(args: readonly string[]): Promise<void> {
  sweepOrphans(log);
  const wanted = args[0];
  for (const state of loadStates()) {
    if (wanted !== undefined && String(state.slot) !== wanted) continue;
    if (wanted === undefined && state.owner !== null && processAlive(state.owner)) {
      log(`fleet ${state.slot} belongs to running process ${state.owner}; name its slot to stop it anyway`);
      continue;
    }
    await stopFleetState(state);
    console.log(`fleet ${state.slot} stopped and removed`);
  }
}

function status(): void {
  const states = loadStates();
  if (states.length === 0) console.log(`no fleet (state under ${join(FLEET_RUN_DIR, 'fleets')})`);
  for (const state of states) {
    const owner = state.owner === null ? 'started by hand' : `owned by ${state.owner}${isOrphan(state) ? ' (dead: orphan)' : ''}`;
    console.log(`fleet ${state.slot}: bridge ${state.bridge}, ${owner}`);
    for (const host of state.hosts) {
      const running = host.supervisorPid !== undefined && processAlive(host.supervisorPid);
      console.log(`  ${host.name}\t${host.address}\t${running ? `running (pid ${host.supervisorPid})` : 'stopped'}`);
    }
  }
  console.log(`image cache: ${FLEET_CACHE_DIR}`);
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command !== 'status' && command !== 'prune') {
    const reason = fleetUnavailableReason();
    if (reason) throw new Error(`this machine cannot run the fleet: ${reason}`);
  }
  switch (command) {
    case 'up':
      return up(args);
    case 'down':
      return down(args);
    case 'status':
      return status();
    case 'image': {
      const image = await ensureImage(undefined, log);
      console.log(image.rootfs);
      return;
    }
    case 'prune':
      for (const name of pruneImages()) console.log(`removed ${join(FLEET_CACHE_DIR, name)}`);
      return;
    default:
      throw new Error('usage: cli.ts up <n> [names] | down [slot] | status | image | prune');
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
