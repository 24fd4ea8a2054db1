/**
 * One connector per inventory host for the whole run (and one per bastion), created on first use
 * and closed together at the end.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConnectorConfig } from './config';
import { LocalConnector } from './local/local-connector';
import { PrometheusConnector } from './prometheus/connector';
import { prometheusSettingsFrom } from './prometheus/settings';
import { ControllerIdentity, controllerIdentity, selectConnectorKind } from './select';
import { KnownHosts } from './ssh/known-hosts';
import type { StopPolicy } from './supervise';
import type { SshConnector } from './ssh/ssh-connector';
import { ConnectionError, Connector } from './types';

export { buildConnectorConfig } from './config';
export type { ConnectorConfig, HostKeyChecking } from './config';
export { selectConnectorKind } from './select';
export { LOGIN_SHELL } from './login-shell';
export { implicitBecome } from './implicit-sudo';
export { DEFAULT_STOP_GRACE_MS, type StopPolicy } from './supervise';

export type ConnectorFactory = (hostName: string, config: ConnectorConfig) => Connector;

/**
 * Connector types of the dialect beyond local and ssh that kplay ships. `prometheus` is one of
 * the dialect's connector types (docs/connectors.md), so it is part of the generic engine.
 */
export const defaultConnectorFactories: Readonly<Record<string, ConnectorFactory>> = {
  prometheus: (host, config) => new PrometheusConnector(host, prometheusSettingsFrom(config.settings, host)),
};

export interface ConnectionPoolOptions {
  /** Where accept-new records host keys. Default ~/.kplay/known_hosts. */
  readonly knownHostsFile?: string;
  /** false under --check: accepted keys are remembered for the run only. Default true. */
  readonly recordHostKeys?: boolean;
  /** Consulted but never written. Default ~/.ssh/known_hosts. */
  readonly readOnlyKnownHostsFiles?: readonly string[];
  /** Home directory for default keys (~/.ssh/id_*). */
  readonly homeDir?: string;
  /** ssh-agent socket; default SSH_AUTH_SOCK; '' disables. */
  readonly agentSocket?: string;
  readonly maxChannelsPerHost?: number;
  readonly reconnectTimeoutMs?: number;
  readonly becomeTimeoutMs?: number;
  /** Connector types beyond local and ssh, by `connector.type`; default defaultConnectorFactories. */
  readonly factories?: Readonly<Record<string, ConnectorFactory>>;
  readonly controller?: ControllerIdentity;
  /** The run's interruption: pending SSH handshakes are abandoned at once when it aborts. */
  readonly signal?: AbortSignal;
  /** How interrupted commands are stopped: TERM to their process group, KILL after the grace period. */
  readonly stop?: StopPolicy;
}

export class ConnectionPool {
  private readonly connectors = new Map<string, Connector>();
  private readonly jumps = new Map<string, SshConnector>();
  private readonly knownHosts: KnownHosts;
  private controller?: ControllerIdentity;

  constructor(private readonly options: ConnectionPoolOptions = {}) {
    const home = options.homeDir ?? homedir();
    this.knownHosts = new KnownHosts({
      writableFile: options.knownHostsFile ?? join(home, '.kplay', 'known_hosts'),
      readOnlyFiles: options.readOnlyKnownHostsFiles ?? [join(home, '.ssh', 'known_hosts')],
      persist: options.recordHostKeys ?? true,
    });
    this.controller = options.controller;
  }

  get(hostName: string, config: ConnectorConfig): Connector {
    const existing = this.connectors.get(hostName);
    if (existing) return existing;
    const created = this.create(hostName, config);
    this.connectors.set(hostName, created);
    return created;
  }

  private create(hostName: string, config: ConnectorConfig): Connector {
    this.controller ??= controllerIdentity();
    const factories = this.options.factories ?? defaultConnectorFactories;
    const kind = selectConnectorKind(hostName, config, this.controller, new Set(Object.keys(factories)));
    if (kind === 'local') {
      return new LocalConnector(hostName, {
        password: config.password,
        commandTimeoutMs: config.commandTimeoutMs,
        ...(config.shell !== undefined ? { shell: config.shell } : {}),
        ...(this.options.stop !== undefined ? { stop: this.options.stop } : {}),
      });
    }
    if (kind === 'ssh') return this.ssh(hostName, config);
    const factory = factories[kind];
    if (!factory) throw new ConnectionError('other', `connector type ${kind} is not available for host ${hostName}`, hostName);
    return factory(hostName, config);
  }

  private ssh(hostName: string, config: ConnectorConfig): SshConnector {
    // ssh2 costs ~130 ms to load; runs that only touch the controller never pay it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    const { SshConnector: Ssh } = require('./ssh/ssh-connector') as typeof import('./ssh/ssh-connector');
    return new Ssh(hostName, config, {
      knownHosts: this.knownHosts,
      homeDir: this.options.homeDir,
      agentSocket: this.options.agentSocket,
      maxChannels: this.options.maxChannelsPerHost,
      reconnectTimeoutMs: this.options.reconnectTimeoutMs,
      becomeTimeoutMs: this.options.becomeTimeoutMs,
      jump: config.proxyJump ? this.jump(config.proxyJump) : undefined,
      ...(this.options.signal !== undefined ? { signal: this.options.signal } : {}),
      ...(this.options.stop !== undefined ? { stop: this.options.stop } : {}),
    });
  }

  /** Bastions are shared by every host that names the same `user@host:port`. */
  private jump(config: ConnectorConfig): SshConnector {
    const key = `${config.user ?? 'root'}@${config.host}:${config.port}`;
    let jump = this.jumps.get(key);
    if (!jump) {
      jump = this.ssh(`${key} (proxy_jump)`, config);
      this.jumps.set(key, jump);
    }
    return jump;
  }

  async closeAll(): Promise<void> {
    const hosts = [...this.connectors.values()];
    this.connectors.clear();
    await Promise.allSettled(hosts.map((connector) => connector.close()));
    // Bastions last: the hosts' connections run through them.
    const jumps = [...this.jumps.values()];
    this.jumps.clear();
    await Promise.allSettled(jumps.map((connector) => connector.close()));
  }
}
