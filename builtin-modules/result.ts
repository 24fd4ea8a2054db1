import type { ModuleContext, ModuleDefinition, ModuleResult } from '../engine/modules/module-api';

/**
 * Merges into the run's result document (the report's `detail`). kplay renders the values of the
 * mapping one by one instead of KubeKey's whole-JSON-text rendering, so double quotes inside
 * templates work (docs/compatibility.md).
 */
async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const value = ctx.renderValue(ctx.args);
  ctx.runtime.mergeResult(value);
  return { changed: false, stdout: 'success' };
}

export const resultModule: ModuleDefinition = {
  name: 'result',
  checkMode: 'full',
  summary: 'Add values to the run\'s result document (the report\'s "detail").',
  run,
};
