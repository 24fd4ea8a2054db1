/**
 * `prometheus`: an instant PromQL query through the host's prometheus connector, formatted as
 * raw / value / table / indented JSON. Queries only read, so check mode runs them too.
 */
import { moduleSchema, validatedArgs } from '../engine/modules/args';
import type { PrometheusArguments } from './arguments';
import { type ModuleContext, type ModuleDefinition, type ModuleResult } from '../engine/modules/types';
import { PrometheusRequestError } from '../engine/connectors/prometheus/client';
import { PrometheusConnector } from '../engine/connectors/prometheus/connector';
import { PrometheusFormatError } from '../engine/connectors/prometheus/format';

const ARGUMENTS = moduleSchema('prometheus');

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const { query, format, time } = validatedArgs<PrometheusArguments>(ctx, ARGUMENTS);
  const connector = await ctx.connector();
  if (!(connector instanceof PrometheusConnector)) {
    return {
      changed: false,
      failed: true,
      stdout: 'failed',
      stderr: 'failed to get connector',
      msg: `the prometheus module needs a host whose connector type is prometheus; ${connector.hostName} uses ${connector.kind}`,
    };
  }
  try {
    const stdout = await connector.run({ query, ...(time ? { time } : {}), ...(format ? { format } : {}) }, ctx.signal);
    return { changed: false, stdout, stderr: '', data: { query, url: connector.client.url } };
  } catch (error) {
    if (error instanceof PrometheusRequestError || error instanceof PrometheusFormatError) {
      return { changed: false, failed: true, stdout: '', stderr: error.message, msg: error.message, data: { query, url: connector.client.url } };
    }
    throw error;
  }
}

export const prometheusModule: ModuleDefinition = {
  name: 'prometheus',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Run an instant PromQL query through the host\'s prometheus connector (formats raw, value, table, indented JSON).',
  run,
};
