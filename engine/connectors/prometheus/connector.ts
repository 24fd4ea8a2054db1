/**
 * The `prometheus` connector: `exec` runs a PromQL query (the command text, or a JSON object of
 * query/time/format), so a plain `command:` task on such a host queries Prometheus. Files are not
 * supported. Registered by default (engine/connectors defaultConnectorFactories).
 */
import type { Connector, ConnectorCapabilities, ExecOptions, ExecResult, FileStat, PromQlAnswer } from '../types';
import { ConnectionError } from '../types';
import { PrometheusClient, PrometheusRequestError, type QueryParams } from './client';
import { formatQueryAnswer, PrometheusFormatError } from './format';
import type { PrometheusSettings } from './settings';

export interface CommandQuery extends QueryParams {
  readonly format?: string;
}

/** A JSON object's fields are the parameters (non-strings printed); anything else is the query. */
export function parseQueryCommand(command: string): CommandQuery {
  try {
    const doc = JSON.parse(command) as unknown;
    if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
        if (v !== null && v !== undefined) fields[k] = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : JSON.stringify(v);
      }
      return { query: fields.query ?? '', ...(fields.time ? { time: fields.time } : {}), ...(fields.format ? { format: fields.format } : {}) };
    }
  } catch {
    // a plain PromQL query
  }
  return { query: command };
}

export class PrometheusConnector implements Connector {
  readonly kind = 'prometheus';
  readonly client: PrometheusClient;
  readonly capabilities: ConnectorCapabilities;
  private connected = false;

  constructor(
    readonly hostName: string,
    settings: PrometheusSettings,
  ) {
    this.client = new PrometheusClient(settings);
    this.capabilities = { promql: { url: this.client.url, query: (query, signal) => this.answer(query, signal) } };
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    try {
      await this.client.checkBuildInfo();
    } catch (error) {
      throw new ConnectionError(error instanceof PrometheusRequestError && error.status !== undefined ? 'other' : 'refused', (error as Error).message, this.hostName);
    }
    this.connected = true;
  }

  /** Runs and formats one query; errors come back as text with rc 1, as a failed command. */
  async run(query: CommandQuery, signal?: AbortSignal): Promise<string> {
    await this.connect();
    if (query.query === '') throw new PrometheusRequestError('query parameter is required for Prometheus queries');
    const body = await this.client.query(query, signal);
    return formatQueryAnswer(body, query.format);
  }

  /** The promql capability: query failures come back as messages, unreachability throws. */
  private async answer(query: CommandQuery, signal?: AbortSignal): Promise<PromQlAnswer> {
    try {
      return { ok: true, text: await this.run(query, signal) };
    } catch (error) {
      if (error instanceof PrometheusRequestError || error instanceof PrometheusFormatError) return { ok: false, message: error.message };
      throw error;
    }
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const startedAt = new Date();
    try {
      const stdout = await this.run(parseQueryCommand(command), options.signal);
      return { rc: 0, stdout, stderr: '', startedAt, endedAt: new Date() };
    } catch (error) {
      if (error instanceof ConnectionError) throw error;
      if (error instanceof PrometheusRequestError || error instanceof PrometheusFormatError) {
        return { rc: 1, stdout: '', stderr: error.message, startedAt, endedAt: new Date() };
      }
      throw error;
    }
  }

  private unsupported(what: string): Promise<never> {
    return Promise.reject(new Error(`the prometheus connector of ${this.hostName} cannot ${what}`));
  }

  put(_content: Buffer | string, _dest: string): Promise<void> {
    return this.unsupported('write files');
  }

  putFile(_localPath: string, _dest: string): Promise<void> {
    return this.unsupported('write files');
  }

  get(_path: string): Promise<Buffer> {
    return this.unsupported('read files');
  }

  getFile(_path: string, _localPath: string): Promise<void> {
    return this.unsupported('read files');
  }

  stat(_path: string): Promise<FileStat> {
    return this.unsupported('stat files');
  }

  async close(): Promise<void> {
    this.connected = false;
  }
}
