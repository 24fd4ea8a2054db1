import { findUnknown, type GoValue, isUnknown, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, renderTyped, Unknown, validatedArgs } from '../engine/modules/module-api';
import type { SetFactArguments } from './arguments';

const ARGUMENTS = moduleSchema('set_fact');

/**
 * Keys are set in alphabetical order, each rendered with a view that already holds the keys
 * before it (KubeKey's JSON round trip sorts them; keeping the order keeps playbooks portable).
 */
async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = validatedArgs<SetFactArguments>(ctx, ARGUMENTS, { render: false });
  let view = ctx.vars;
  const unknown: string[] = [];
  for (const key of Object.keys(args).sort()) {
    const value = named(key, renderTyped(args[key], view, ctx.task.pos.file));
    if (findUnknown(value) !== undefined) unknown.push(key);
    ctx.runtime.mergeHostVars(ctx.host, { [key]: value });
    view = { ...view, [key]: value };
  }
  // Check mode: a fact computed from a result that was not really produced is stored unknown.
  if (unknown.length > 0) return { changed: false, stdout: 'success', msg: `${unknown.join(', ')}: unknown in check mode` };
  return { changed: false, stdout: 'success' };
}

/** An unknown fact says which fact it is, so whatever reads it later can name it. */
function named(key: string, value: GoValue): GoValue {
  return isUnknown(value) ? new Unknown(`.${key}: set from ${value.reason}`) : value;
}

export const setFactModule: ModuleDefinition = {
  name: 'set_fact',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Set variables on the current host.',
  run,
};
