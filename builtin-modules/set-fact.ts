import { type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, renderTyped, validatedArgs } from '../engine/modules/module-api';
import type { SetFactArguments } from './arguments';

const ARGUMENTS = moduleSchema('set_fact');

/**
 * Keys are set in alphabetical order, each rendered with a view that already holds the keys
 * before it (KubeKey's JSON round trip sorts them; keeping the order keeps playbooks portable).
 */
async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = validatedArgs<SetFactArguments>(ctx, ARGUMENTS, { render: false });
  let view = ctx.vars;
  for (const key of Object.keys(args).sort()) {
    const value = renderTyped(args[key], view, ctx.task.pos.file);
    ctx.runtime.mergeHostVars(ctx.host, { [key]: value });
    view = { ...view, [key]: value };
  }
  return { changed: false, stdout: 'success' };
}

export const setFactModule: ModuleDefinition = {
  name: 'set_fact',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Set variables on the current host.',
  run,
};
