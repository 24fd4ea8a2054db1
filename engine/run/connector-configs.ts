/**
 * The connector settings of each host, built from its `connector` variables (and, for a
 * `proxy_jump` naming an inventory host, that host's) each time a task asks for its connector.
 * Building them parses and checks every setting; the values they come from are frozen and only
 * replaced when a host's variables change, so a build is kept while every value it read is the
 * same object, and built again, with the same checks, as soon as one is not.
 */
import { buildConnectorConfig, type ConnectorConfig } from '../connectors';
import type { GoValue } from '../core/values';

interface Built {
  /** Each host whose `connector` value the build read, with that value. */
  readonly inputs: readonly (readonly [string, GoValue])[];
  readonly config: ConnectorConfig;
}

export class ConnectorConfigs {
  private readonly built = new Map<string, Built>();

  constructor(private readonly connectorOf: (host: string) => GoValue) {}

  configFor(host: string): ConnectorConfig {
    const kept = this.built.get(host);
    if (kept !== undefined && kept.inputs.every(([name, value]) => this.connectorOf(name) === value)) return kept.config;
    const inputs: (readonly [string, GoValue])[] = [[host, this.connectorOf(host)]];
    const config = buildConnectorConfig(host, inputs[0][1], {
      resolveHost: (name) => {
        const value = this.connectorOf(name);
        inputs.push([name, value]);
        return value;
      },
    });
    this.built.set(host, { inputs, config });
    return config;
  }
}
