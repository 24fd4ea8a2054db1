import { conditionTemplate, isTemplateText, isTrueOutput, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, validatedArgs } from '../engine/modules/module-api';
import type { AssertArguments } from './arguments';

/**
 * Each `that` item is rendered once as text; when the result is no longer template text it is
 * wrapped in `{{ }}` and evaluated (`docs/templates.md#when-failed_when-assertthat-boolean-arguments`), so both `.a | eq 1` and `{{ .a | eq 1 }}`
 * work.
 */
function holds(ctx: ModuleContext, item: string): boolean {
  if (isTemplateText(item)) {
    const once = ctx.render(item);
    if (isTrueOutput(once)) return true;
    if (isTemplateText(once)) return isTrueOutput(ctx.render(once));
    return isTrueOutput(ctx.render(conditionTemplate(once.trim())));
  }
  return isTrueOutput(ctx.render(conditionTemplate(item)));
}

const ARGUMENTS = moduleSchema('assert');

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  // `that` holds conditions, evaluated one by one below, not values to render up front.
  const args = validatedArgs<AssertArguments>(ctx, ARGUMENTS, { raw: ['that'] });
  const items = (Array.isArray(args.that) ? args.that : [args.that]).map(String);
  for (const item of items) {
    if (!holds(ctx, item)) {
      const failMsg = args.fail_msg ?? args.msg ?? `Assertion failed: ${item}`;
      return { changed: false, failed: true, msg: failMsg, stdout: 'failed', stderr: failMsg };
    }
  }
  const success = args.success_msg ?? 'All assertions passed';
  return { changed: false, stdout: success, msg: success };
}

export const assertModule: ModuleDefinition = {
  name: 'assert',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Fail unless every condition in "that" is true.',
  run,
};
