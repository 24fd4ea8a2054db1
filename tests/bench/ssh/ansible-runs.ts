/**
 * Runs the peer playbooks of bench/ansible with ansible-playbook: tuned (pipelining,
 * ControlPersist, forks = hosts) and with Mitogen's mitogen_linear strategy. Wall time includes
 * starting ansible-playbook, as a user would see it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HostStats } from './kplay-runs';

export const BENCH_DIR = join(__dirname, '..', '..', '..', 'bench');

export interface AnsiblePeer {
  readonly label: string;
  /** Directory-safe name. */
  readonly slug: string;
  /** How many times faster kplay should be on W1, W2 and W5 (issue 4). */
  readonly targetSpeedup: number;
  /** Extra environment selecting the strategy. */
  readonly env: Readonly<Record<string, string>>;
}

export interface AnsibleInstall {
  /** First line of `ansible-playbook --version`. */
  readonly version: string;
  /** `ansible python module location`: Mitogen is installed next to it. */
  readonly moduleDir?: string;
}

export function findAnsible(): AnsibleInstall | undefined {
  const probe = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return undefined;
  const moduleDir = /ansible python module location = (\S+)/.exec(probe.stdout)?.[1];
  return { version: probe.stdout.split('\n')[0].trim(), ...(moduleDir !== undefined ? { moduleDir } : {}) };
}

/**
 * Mitogen's strategy plugins, looked up beside the Python package ansible-playbook itself uses
 * (Debian's ansible-mitogen or a pip install into the same site-packages); asking `python3`
 * could find another interpreter.
 */
export function mitogenStrategyDir(ansible: AnsibleInstall): string | undefined {
  if (ansible.moduleDir === undefined) return undefined;
  const dir = join(dirname(ansible.moduleDir), 'ansible_mitogen', 'plugins', 'strategy');
  return existsSync(join(dir, 'mitogen_linear.py')) ? dir : undefined;
}

export function ansiblePeers(ansible: AnsibleInstall): AnsiblePeer[] {
  const peers: AnsiblePeer[] = [{ label: 'ansible (tuned)', slug: 'ansible', targetSpeedup: 20, env: {} }];
  const mitogen = mitogenStrategyDir(ansible);
  if (mitogen) {
    peers.push({
      label: 'ansible + mitogen',
      slug: 'mitogen',
      targetSpeedup: 10,
      env: { ANSIBLE_STRATEGY_PLUGINS: mitogen, ANSIBLE_STRATEGY: 'mitogen_linear' },
    });
  }
  return peers;
}

export interface AnsibleRun {
  readonly code: number;
  readonly ms: number;
  readonly stats: Readonly<Record<string, HostStats>>;
  readonly output: string;
}

/** PLAY RECAP lines: `h01 : ok=50 changed=50 unreachable=0 failed=0 …`. */
export function parseRecap(output: string): Record<string, HostStats> {
  const stats: Record<string, HostStats> = {};
  const recap = output.slice(output.lastIndexOf('PLAY RECAP'));
  for (const match of recap.matchAll(/^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm)) {
    stats[match[1]] = { ok: Number(match[2]), changed: Number(match[3]), unreachable: Number(match[4]), failed: Number(match[5]) };
  }
  return stats;
}

/** Ends the ControlPersist masters of a run so the next run starts cold, like kplay's. */
function stopControlMasters(controlDir: string): void {
  for (const name of readdirSync(controlDir)) {
    spawnSync('ssh', ['-o', `ControlPath=${join(controlDir, name)}`, '-O', 'exit', 'bench-host'], { stdio: 'ignore' });
  }
}

export async function runAnsible(
  peer: AnsiblePeer,
  playbook: string,
  inventoryFile: string,
  forks: number,
  extraVars: Readonly<Record<string, string>>,
  scratch: string,
): Promise<AnsibleRun> {
  const controlDir = mkdtempSync(join(scratch, 'cp-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ANSIBLE_CONFIG: join(BENCH_DIR, 'ansible.cfg'),
    ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
    ANSIBLE_LOCAL_TEMP: join(scratch, 'ansible-local'),
    ANSIBLE_NOCOLOR: '1',
    ...peer.env,
  };
  delete env.SSH_AUTH_SOCK;
  const args = [join(BENCH_DIR, 'ansible', playbook), '-i', inventoryFile, '-f', String(forks), '-e', JSON.stringify(extraVars)];
  const started = process.hrtime.bigint();
  const result = await new Promise<{ code: number; output: string }>((resolve, reject) => {
    const child = spawn('ansible-playbook', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, output }));
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  stopControlMasters(controlDir);
  rmSync(controlDir, { recursive: true, force: true });
  return { code: result.code, ms, stats: parseRecap(result.output), output: result.output };
}
