import { argMap, isMap, ModuleArgumentError, type ModuleContext, type ModuleDefinition, type ModuleResult, optionalStringList } from '../engine/modules/module-api';

/** Renders `vars` once with the executing host's view and gives the same values to every target. */
async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = argMap(ctx);
  const patterns = optionalStringList(ctx, args, 'hosts');
  if (patterns === undefined || patterns.length === 0) throw new ModuleArgumentError('"hosts" must be a host pattern or a list of them');
  if (!isMap(args.vars) || Object.keys(args.vars).length === 0) throw new ModuleArgumentError('"vars" must be a non-empty mapping');
  const rendered = ctx.renderValue(args.vars);
  if (!isMap(rendered)) throw new ModuleArgumentError('"vars" must be a mapping');
  const targets = ctx.runtime.resolveHosts(patterns);
  if (targets.length === 0) throw new ModuleArgumentError(`"hosts" matched no host: ${patterns.join(', ')}`);
  for (const target of targets) ctx.runtime.mergeHostVars(target, rendered);
  return { changed: false, stdout: 'success', msg: `variables set on ${targets.join(', ')}` };
}

export const addHostvarsModule: ModuleDefinition = {
  name: 'add_hostvars',
  checkMode: 'full',
  summary: 'Set variables on other hosts (host patterns), rendered once on this host.',
  run,
};
