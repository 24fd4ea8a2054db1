import type { BecomeOptions, Connector } from '../connectors/types';

/** Hands out the (pooled) connector of an inventory host. */
export interface ConnectorConfigSource {
  connectorFor(host: string): Promise<Connector>;
  /**
   * The privilege change of a task on `host` that does not set `become` itself: the host's
   * `connector.sudo` (`docs/connectors.md#sudo-for-every-command`); none when absent.
   */
  defaultBecome?(host: string): BecomeOptions | undefined;
  closeAll(): Promise<void>;
}
