import { type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, validatedArgs } from '../engine/modules/module-api';
import type { ResultArguments } from './arguments';

const ARGUMENTS = moduleSchema('result');

/**
 * Merges into the run's result document (the report's `detail`). kplay renders the values of the
 * mapping one by one instead of KubeKey's whole-JSON-text rendering, so double quotes inside
 * templates work (docs/compatibility.md).
 */
async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const value = ctx.renderValue(validatedArgs<ResultArguments>(ctx, ARGUMENTS, { render: false }));
  ctx.runtime.mergeResult(value);
  return { changed: false, stdout: 'success' };
}

export const resultModule: ModuleDefinition = {
  name: 'result',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Add values to the run\'s result document (the report\'s "detail").',
  run,
};
