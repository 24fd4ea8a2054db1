/**
 * `kplay doctor`: checks every inventory host in parallel with the same connector settings
 * `kplay run` would use, and decides the exit code.
 */
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { buildConnectorConfig } from '../connectors/config';
import { controllerIdentity } from '../connectors/select';
import { ExitCode } from '../core/exit-codes';
import { LOCALHOST, loadInventory } from '../inventory/inventory';
import { loadConfig } from '../inventory/config';
import { applyLimit } from '../inventory/patterns';
import type { GoMap } from '../core/values';
import { VariableStore } from '../variables/store';
import type { Diagnostic } from '../core/source';
import { CheckHostOptions, checkHost } from './check-host';
import { summarize } from './format';
import { HostDiagnosis, fail, skip } from './types';

export interface DoctorOptions {
  readonly inventoryFile?: string;
  /** Config (kind: Config): its connector settings apply as they do in a run. */
  readonly configFile?: string;
  /** Check only these hosts (`--limit` syntax). */
  readonly limit?: string;
  readonly knownHostsFile?: string;
  /** Default ~/.ssh/known_hosts; consulted, never written. */
  readonly readOnlyKnownHostsFiles?: readonly string[];
  readonly homeDir?: string;
  readonly agentSocket?: string;
  readonly minTmpMiB?: number;
}

export type DoctorOutcome =
  | { readonly kind: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'done'; readonly hosts: readonly HostDiagnosis[]; readonly exitCode: number };

export const DEFAULT_MIN_TMP_MIB = 1024;

function asMap(value: unknown): GoMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as GoMap) : {};
}

/** Mirrors the executor: become uses `sudo_password`, falling back to `password`. */
function sudoPasswordOf(connector: GoMap): string | undefined {
  if (typeof connector.sudo_password === 'string') return connector.sudo_password;
  return typeof connector.password === 'string' ? connector.password : undefined;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorOutcome> {
  const loaded = loadInventory(options.inventoryFile);
  if (loaded.inventory === undefined || loaded.diagnostics.some((d) => d.severity === 'error')) {
    return { kind: 'invalid', diagnostics: loaded.diagnostics };
  }
  const inventory = loaded.inventory;
  const configLoaded = loadConfig(options.configFile);
  if (configLoaded.config === undefined) return { kind: 'invalid', diagnostics: configLoaded.diagnostics };
  const store = new VariableStore(inventory, configLoaded.config);
  const home = options.homeDir ?? homedir();
  // The implicit localhost of every inventory is not worth checking unless it was listed.
  let hostNames = inventory.hostNames.filter((h) => h !== LOCALHOST || inventory.definesHost(h) || options.inventoryFile === undefined);
  if (options.limit !== undefined) {
    const limited = applyLimit(hostNames, options.limit, inventory);
    if (limited.error !== undefined) return { kind: 'invalid', diagnostics: [{ pos: { file: '--limit', line: 0, col: 0 }, severity: 'error', code: 'KP-CLI-001', message: `--limit ${options.limit}: ${limited.error}` }] };
    hostNames = limited.hosts;
  }
  const base: Omit<CheckHostOptions, 'sudoPassword'> = {
    knownHostsFile: options.knownHostsFile ?? join(home, '.kplay', 'known_hosts'),
    readOnlyKnownHostsFiles: options.readOnlyKnownHostsFiles ?? [join(home, '.ssh', 'known_hosts')],
    homeDir: home,
    ...(options.agentSocket !== undefined ? { agentSocket: options.agentSocket } : {}),
    minTmpMiB: options.minTmpMiB ?? DEFAULT_MIN_TMP_MIB,
    controller: controllerIdentity(),
    localUser: userInfo().username,
  };

  const hosts = await Promise.all(
    hostNames.map(async (host): Promise<HostDiagnosis> => {
      const connector = asMap(store.connector(host));
      let config;
      try {
        config = buildConnectorConfig(host, connector, { resolveHost: (name) => store.connector(name) });
        // as in a run: the implicit localhost is the controller, reached locally
        if (host === LOCALHOST && !inventory.definesHost(host)) config = { ...config, type: 'local' };
      } catch (error) {
        const message = (error as Error).message;
        return {
          host,
          address: '?',
          connector: '?',
          checks: { connect: fail('bad config', message, 'fix the connector settings of this host in the inventory'), hostKey: skip(), auth: skip(), shell: skip(), sudo: skip(), tmp: skip() },
          unreachable: true,
        };
      }
      return checkHost(host, config, { ...base, sudoPassword: sudoPasswordOf(connector) });
    }),
  );
  const summary = summarize(hosts);
  const exitCode = summary.unreachable > 0 ? ExitCode.hostUnreachable : summary.failed > 0 ? ExitCode.hostFailed : ExitCode.ok;
  return { kind: 'done', hosts, exitCode };
}
