import { readFile } from 'node:fs/promises';
import { isMap, loadYaml, ModuleArgumentError, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, renderTyped, validatedArgs } from '../engine/modules/module-api';
import type { IncludeVarsArguments } from './arguments';

const ARGUMENTS = moduleSchema('include_vars');

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = validatedArgs<IncludeVarsArguments>(ctx, ARGUMENTS);
  const rel = (typeof args === 'string' ? args : args.file).trim();
  if (rel === '') throw new ModuleArgumentError('include_vars: the file path is empty');
  if (!/\.ya?ml$/.test(rel)) throw new ModuleArgumentError(`include_vars: "${rel}" must end in .yaml or .yml`);
  const file = ctx.runtime.projectPath('vars', rel);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ModuleArgumentError(`include_vars: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const loaded = loadYaml(text, file, { schema: 'project' });
  const problem = loaded.diagnostics.find((d) => d.severity === 'error');
  if (problem !== undefined) throw new ModuleArgumentError(`${problem.pos.file}:${problem.pos.line}:${problem.pos.col}: ${problem.message}`);
  if (!isMap(loaded.value)) throw new ModuleArgumentError(`include_vars: ${file} must hold a mapping`);
  const rendered = renderTyped(loaded.value, ctx.vars, file);
  if (isMap(rendered)) ctx.runtime.mergeHostVars(ctx.host, rendered);
  return { changed: false, stdout: 'success', msg: `loaded ${file}` };
}

export const includeVarsModule: ModuleDefinition = {
  name: 'include_vars',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Load variables from a YAML file (relative paths read the role\'s vars/ directory).',
  run,
};
