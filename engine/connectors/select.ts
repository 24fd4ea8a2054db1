/** Connector selection rules (`docs/connectors.md#local-or-ssh`). */
import { hostname, networkInterfaces } from 'node:os';
import { ConnectorConfig } from './config';

/** The dialect's types, or a type a program registered (docs/library.md). */
export type ConnectorKind = 'local' | 'ssh' | 'kubernetes' | 'prometheus' | (string & {});

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
  registeredKinds: ReadonlySet<string> = EXPLICIT_KINDS,
): ConnectorKind {
  // An unknown type falls back to choosing by address, as in the dialect.
  if (config.type !== undefined && (EXPLICIT_KINDS.has(config.type) || registeredKinds.has(config.type))) return config.type;
  if (hostName === 'localhost' || hostName === controller.hostname) return 'local';
  // Textual comparison, as the dialect specifies: 127.0.0.2 is not "local" unless configured.
  if (controller.addresses.has(config.host)) return 'local';
  return 'ssh';
}
