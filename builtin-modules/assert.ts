import { argMap, conditionTemplate, isList, isTemplateText, isTrueOutput, ModuleArgumentError, type ModuleContext, type ModuleDefinition, type ModuleResult, optionalString } from '../engine/modules/module-api';

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

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = argMap(ctx);
  const raw = args.that;
  let items: string[];
  if (typeof raw === 'string') items = [raw];
  else if (typeof raw === 'boolean') items = [String(raw)];
  else if (isList(raw) && raw.every((v) => typeof v === 'string' || typeof v === 'boolean')) items = raw.map(String);
  else throw new ModuleArgumentError('"that" must be a string or a list of strings');
  for (const item of items) {
    if (!holds(ctx, item)) {
      const failMsg = optionalString(ctx, args, 'fail_msg') ?? optionalString(ctx, args, 'msg') ?? `Assertion failed: ${item}`;
      return { changed: false, failed: true, msg: failMsg, stdout: 'failed', stderr: failMsg };
    }
  }
  const success = optionalString(ctx, args, 'success_msg') ?? 'All assertions passed';
  return { changed: false, stdout: success, msg: success };
}

export const assertModule: ModuleDefinition = {
  name: 'assert',
  checkMode: 'full',
  summary: 'Fail unless every condition in "that" is true.',
  run,
};
