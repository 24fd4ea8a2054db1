import { isMap, isUnknown, listFromText, ModuleArgumentError, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, renderTyped, Unknown, UnknownValueError, validatedArgs } from '../engine/modules/module-api';
import type { AddHostvarsArguments } from './arguments';

const ARGUMENTS = moduleSchema('add_hostvars');

/**
 * Renders `vars` once with the executing host's view and gives the same values to every target.
 * `vars` is rendered here, not by validatedArgs, so that check mode's unknown values are stored
 * as such (docs/cli.md#unknown-values-in-check-mode) instead of making the task unknown.
 */
async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = validatedArgs<AddHostvarsArguments>(ctx, ARGUMENTS, { raw: ['vars'] });
  const patterns = (listFromText(args.hosts) ?? []).filter((p) => p !== '');
  if (patterns.length === 0) throw new ModuleArgumentError('"hosts" must be a host pattern or a list of them');
  const rendered = renderTyped(args.vars, ctx.vars, ctx.task.pos.file);
  // All of vars unknown: there is nothing to store, the task itself is unknown.
  if (isUnknown(rendered)) throw new UnknownValueError(rendered);
  if (!isMap(rendered)) throw new ModuleArgumentError('"vars" must be a mapping');
  if (Object.keys(rendered).length === 0) throw new ModuleArgumentError('"vars" must be a non-empty mapping');
  // An unknown value says which variable it is, so whatever reads it later can name it.
  for (const key of Object.keys(rendered)) {
    const value = rendered[key];
    if (isUnknown(value)) rendered[key] = new Unknown(`.${key}: set by add_hostvars from ${value.reason}`);
  }
  const targets = ctx.runtime.resolveHosts(patterns);
  if (targets.length === 0) throw new ModuleArgumentError(`"hosts" matched no host: ${patterns.join(', ')}`);
  for (const target of targets) ctx.runtime.mergeHostVars(target, rendered);
  return { changed: false, stdout: 'success', msg: `variables set on ${targets.join(', ')}` };
}

export const addHostvarsModule: ModuleDefinition = {
  name: 'add_hostvars',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Set variables on other hosts (host patterns), rendered once on this host.',
  run,
};
