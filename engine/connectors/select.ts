/** Connector selection rules (`docs/connectors.md#local-or-ssh`). */
import { hostname, networkInterfaces } from 'node:os';
import { ConnectorConfig } from './config';

export type ConnectorKind = 'local' | 'ssh' | 'kubernetes' | 'prometheus';

const EXPLICIT_KINDS: ReadonlySet<string> = new Set(['local', 'ssh', 'kubernetes', 'prometheus']);

export interface ControllerIdentity {
  readonly hostname: string;
  readonly addresses: ReadonlySet<string>;
}

export function controllerIdentity(): ControllerIdentity {
  const addresses = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) addresses.add(entry.address);
  }
  return { hostname: hostname(), addresses };
}

export function selectConnectorKind(
  hostName: string,
  config: ConnectorConfig,
  controller: ControllerIdentity = controllerIdentity(),
): ConnectorKind {
  if (config.type !== undefined && EXPLICIT_KINDS.has(config.type)) return config.type as ConnectorKind;
  if (hostName === 'localhost' || hostName === controller.hostname) return 'local';
  // Textual comparison, as the dialect specifies: 127.0.0.2 is not "local" unless configured.
  if (controller.addresses.has(config.host)) return 'local';
  return 'ssh';
}
