/**
 * `prometheus`: an instant PromQL query through the host's prometheus connector, formatted as
 * raw / value / table / indented JSON. Queries only read, so check mode runs them too.
 */
import { type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, validatedArgs } from '../engine/modules/module-api';
import type { PrometheusArguments } from './arguments';

const ARGUMENTS = moduleSchema('prometheus');

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const { query, format, time } = validatedArgs<PrometheusArguments>(ctx, ARGUMENTS);
  const connector = await ctx.connector();
  const promql = connector.capabilities?.promql;
  if (promql === undefined) {
    return {
      changed: false,
      failed: true,
      stdout: 'failed',
      stderr: 'failed to get connector',
      msg: `the prometheus module needs a host whose connector type is prometheus; ${connector.hostName} uses ${connector.kind}`,
    };
  }
  const answer = await promql.query({ query, ...(time ? { time } : {}), ...(format ? { format } : {}) }, ctx.signal);
  if (!answer.ok) return { changed: false, failed: true, stdout: '', stderr: answer.message, msg: answer.message, data: { query, url: promql.url } };
  return { changed: false, stdout: answer.text, stderr: '', data: { query, url: promql.url } };
}

export const prometheusModule: ModuleDefinition = {
  name: 'prometheus',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Run an instant PromQL query through the host\'s prometheus connector (formats raw, value, table, indented JSON).',
  run,
};
