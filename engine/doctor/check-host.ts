/**
 * Runs every doctor check on one host, in order: connect → host key → auth (one SSH handshake),
 * then a shell round trip, sudo, and free space in /tmp. A failed step marks the later ones
 * as not reached instead of failing them again.
 */
import { ConnectorConfig } from '../connectors/config';
import { LocalConnector } from '../connectors/local/local-connector';
import { ControllerIdentity, selectConnectorKind } from '../connectors/select';
import { KnownHosts } from '../connectors/ssh/known-hosts';
import type { SshConnector as SshConnectorClass } from '../connectors/ssh/ssh-connector';
import { BecomeOptions, ConnectionError, Connector } from '../connectors/types';
import { authFix, changedKeyFix, connectFix, shellFix, sudoFix, tmpFix, unknownKeyFix } from './fixes';
import { ObservingKnownHosts } from './observing-known-hosts';
import { CheckName, CheckResult, HostDiagnosis, fail, pass, skip } from './types';

export interface CheckHostOptions {
  readonly knownHostsFile: string;
  readonly readOnlyKnownHostsFiles: readonly string[];
  /** Home directory for default keys; '' disables them. */
  readonly homeDir?: string;
  /** ssh-agent socket; '' disables the agent. */
  readonly agentSocket?: string;
  /** /tmp must have at least this much free space. */
  readonly minTmpMiB: number;
  readonly controller: ControllerIdentity;
  /** Sudo password from `connector.sudo_password` (falls back to `connector.password`). */
  readonly sudoPassword?: string;
  /** Login user of the local connector. */
  readonly localUser: string;
}

/** Bounds each probe command, so one hung host cannot stall the whole report. */
const PROBE_TIMEOUT_MS = 15_000;
const SHELL_TOKEN = 'kplay-doctor';

type Checks = Record<CheckName, CheckResult>;

export async function checkHost(hostName: string, config: ConnectorConfig, options: CheckHostOptions): Promise<HostDiagnosis> {
  const kind = selectConnectorKind(hostName, config, options.controller);
  if (kind === 'local') return checkLocal(hostName, config, options);
  if (kind !== 'ssh') {
    const notSsh = skip(`${kind} connector`);
    return {
      host: hostName,
      address: kind,
      connector: kind,
      checks: { connect: notSsh, hostKey: skip(), auth: skip(), shell: skip(), sudo: skip(), tmp: skip() },
      unreachable: false,
    };
  }
  return checkSsh(hostName, config, options);
}

async function checkLocal(hostName: string, config: ConnectorConfig, options: CheckHostOptions): Promise<HostDiagnosis> {
  const connector = new LocalConnector(hostName, { password: config.password });
  const checks: Checks = { connect: pass('local'), hostKey: skip(), auth: skip(), shell: skip(), sudo: skip(), tmp: skip() };
  try {
    await probeSession(connector, options.localUser, 'this machine', options, checks);
  } finally {
    await connector.close();
  }
  return { host: hostName, address: 'local', connector: 'local', checks, unreachable: false };
}

async function checkSsh(hostName: string, config: ConnectorConfig, options: CheckHostOptions): Promise<HostDiagnosis> {
  const user = config.user ?? 'root';
  const address = `${user}@${config.host}:${config.port}`;
  const knownHosts = new ObservingKnownHosts({ writableFile: options.knownHostsFile, readOnlyFiles: options.readOnlyKnownHostsFiles });
  const common = { homeDir: options.homeDir, agentSocket: options.agentSocket };
  // ssh2 costs ~70 ms to load; the public API exports doctor, and runs that never check an SSH
  // host should not pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  const { SshConnector } = require('../connectors/ssh/ssh-connector') as { SshConnector: typeof SshConnectorClass };
  const jump = config.proxyJump
    ? new SshConnector(`${hostName} (proxy_jump)`, config.proxyJump, {
        ...common,
        knownHosts: new KnownHosts({ writableFile: options.knownHostsFile, readOnlyFiles: options.readOnlyKnownHostsFiles }),
      })
    : undefined;
  const connector = new SshConnector(hostName, config, { ...common, knownHosts, jump, reconnectTimeoutMs: 0 });
  const checks: Checks = { connect: skip(), hostKey: skip(), auth: skip(), shell: skip(), sudo: skip(), tmp: skip() };
  try {
    const started = Date.now();
    try {
      await connector.connect();
    } catch (error) {
      recordConnectFailure(error, config, user, knownHosts, checks);
      return { host: hostName, address, connector: 'ssh', checks, unreachable: true };
    }
    checks.connect = pass(`${Date.now() - started} ms`);
    checks.hostKey = hostKeyPassed(config, knownHosts);
    checks.auth = pass(`as ${user}`);
    await probeSession(connector, user, config.host, options, checks);
  } finally {
    await connector.close();
    await jump?.close();
  }
  return { host: hostName, address, connector: 'ssh', checks, unreachable: false };
}

function hostKeyPassed(config: ConnectorConfig, knownHosts: ObservingKnownHosts): CheckResult {
  if (config.hostKeyChecking === 'off') return skip('off');
  return pass(knownHosts.recorded ? 'recorded' : 'known');
}

/** Sorts a failed handshake into the check it belongs to; the TCP connection got that far. */
function recordConnectFailure(
  error: unknown,
  config: ConnectorConfig,
  user: string,
  knownHosts: ObservingKnownHosts,
  checks: Checks,
): void {
  const message = error instanceof Error ? error.message : String(error);
  const kind = error instanceof ConnectionError ? error.kind : 'other';
  if (kind === 'host-key-changed') {
    checks.connect = pass('ok');
    const verdict = knownHosts.verdict;
    const where = verdict?.status === 'changed' ? verdict : { file: knownHosts.writableFile, line: 0 };
    checks.hostKey = fail('CHANGED', message, changedKeyFix(config, where.file, where.line));
    return;
  }
  if (kind === 'host-key-unknown') {
    checks.connect = pass('ok');
    checks.hostKey = fail('unknown', message, unknownKeyFix(config, knownHosts.writableFile));
    return;
  }
  if (kind === 'auth') {
    // An unreadable key or no method at all fails before any TCP connection is made.
    const reachedServer = /Permission denied/.test(message);
    checks.connect = reachedServer ? pass('ok') : skip();
    if (reachedServer) checks.hostKey = hostKeyPassed(config, knownHosts);
    checks.auth = fail('denied', message, authFix(config, user));
    return;
  }
  checks.connect = fail(kind === 'other' ? 'failed' : kind, message, connectFix(kind, config));
}

async function probeSession(connector: Connector, user: string, where: string, options: CheckHostOptions, checks: Checks): Promise<void> {
  checks.shell = await checkShell(connector, user, where);
  if (checks.shell.status === 'fail') return;
  checks.sudo = await checkSudo(connector, user, where, options.sudoPassword);
  checks.tmp = await checkTmp(connector, where, options.minTmpMiB);
}

async function checkShell(connector: Connector, user: string, where: string): Promise<CheckResult> {
  try {
    const started = process.hrtime.bigint();
    const result = await connector.exec(`echo ${SHELL_TOKEN}`, { timeoutMs: PROBE_TIMEOUT_MS });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.rc === 0 && result.stdout === `${SHELL_TOKEN}\n`) return pass(`${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`);
    const got = `rc ${result.rc}, stdout ${JSON.stringify(result.stdout.slice(0, 200))}, stderr ${JSON.stringify(result.stderr.slice(0, 200))}`;
    return fail('broken', `"echo ${SHELL_TOKEN}" did not come back as expected: ${got}`, shellFix(user, where));
  } catch (error) {
    return fail('failed', (error as Error).message, shellFix(user, where));
  }
}

async function checkSudo(connector: Connector, user: string, where: string, password: string | undefined): Promise<CheckResult> {
  if (user === 'root') return skip('root');
  if (password === undefined) {
    try {
      const result = await connector.exec('sudo -n true', { timeoutMs: PROBE_TIMEOUT_MS });
      if (result.rc === 0) return pass('no password');
      const message = result.stderr.trim() || `sudo -n true exited ${result.rc}`;
      return fail('no', `sudo as ${user} on ${where}: ${message}`, sudoFix(message, user, where));
    } catch (error) {
      return fail('failed', (error as Error).message, sudoFix((error as Error).message, user, where));
    }
  }
  const become: BecomeOptions = { method: 'sudo', user: 'root', password };
  try {
    const result = await connector.exec('id -u', { become, timeoutMs: PROBE_TIMEOUT_MS });
    if (result.rc === 0 && result.stdout.trim() === '0') return pass('password');
    return fail('no', `sudo as ${user} on ${where} ran, but not as root (id -u printed ${JSON.stringify(result.stdout.trim())})`, sudoFix('', user, where));
  } catch (error) {
    const message = (error as Error).message;
    return fail(/incorrect password/i.test(message) ? 'bad password' : 'no', message, sudoFix(message, user, where));
  }
}

/** `df -Pk` prints one POSIX line per file system: name, size, used, available (KiB), … */
export function parseDfAvailableKiB(output: string): number | undefined {
  const line = output.trim().split('\n')[1];
  const available = line?.trim().split(/\s+/)[3];
  return available !== undefined && /^\d+$/.test(available) ? Number(available) : undefined;
}

async function checkTmp(connector: Connector, where: string, minMiB: number): Promise<CheckResult> {
  try {
    const result = await connector.exec('df -Pk /tmp', { timeoutMs: PROBE_TIMEOUT_MS });
    const kib = result.rc === 0 ? parseDfAvailableKiB(result.stdout) : undefined;
    if (kib === undefined) return fail('unknown', `df -Pk /tmp failed: ${result.stderr.trim() || result.stdout.trim() || `exit ${result.rc}`}`);
    const mib = Math.floor(kib / 1024);
    const summary = mib >= 10 * 1024 ? `${Math.floor(mib / 1024)} GiB` : `${mib} MiB`;
    if (mib < minMiB) return fail(summary, `/tmp on ${where} has ${mib} MiB free, less than ${minMiB} MiB`, tmpFix(where, mib, minMiB));
    return pass(summary);
  } catch (error) {
    return fail('failed', (error as Error).message);
  }
}
