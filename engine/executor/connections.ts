import type { Connector } from '../connectors/types';

/** Hands out the (pooled) connector of an inventory host. */
export interface ConnectorConfigSource {
  connectorFor(host: string): Promise<Connector>;
  closeAll(): Promise<void>;
}
