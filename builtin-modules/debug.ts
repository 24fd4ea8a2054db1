import { GoValue, isMap, marshalJson, ModuleArgumentError, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, renderMarkingUnknown, showingUnknown, validatedArgs } from '../engine/modules/module-api';
import type { DebugArguments } from './arguments';

/** `var: .a.b` looks up a dotted path (no pipelines), as KubeKey does. */
function lookupPath(view: GoValue, raw: string): GoValue {
  let path = raw.trim();
  if (path.startsWith('{{') && path.endsWith('}}')) path = path.slice(2, -2).trim();
  if (path === '') throw new ModuleArgumentError('variable path cannot be empty');
  if (!path.startsWith('.')) throw new ModuleArgumentError(`variable path must start with '.': "${path}"`);
  let current: GoValue = view;
  for (const key of path.slice(1).split('.')) {
    if (!isMap(current) || !(key in current)) throw new ModuleArgumentError(`cannot find variable "${path.slice(1)}"`);
    current = current[key];
  }
  return current;
}

/** Check mode's unknown values show as `(unknown in check mode: …)` (docs/cli.md#unknown-values-in-check-mode). */
function format(value: GoValue): string {
  const shown = showingUnknown(value);
  if (typeof shown === 'string') return shown;
  return marshalJson(shown ?? null, { escapeHtml: false, indent: '  ' });
}

const ARGUMENTS = moduleSchema('debug');

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  // `var` is a variable path and a non-string `msg` is printed as written: nothing is pre-rendered.
  const args = validatedArgs<DebugArguments>(ctx, ARGUMENTS, { render: false });
  let value: GoValue;
  if (args.var !== undefined && args.var !== null) {
    value = typeof args.var === 'string' ? lookupPath(ctx.vars, args.var) : args.var;
  } else if (args.msg !== undefined) {
    value = typeof args.msg === 'string' ? renderMarkingUnknown(args.msg, ctx.vars, ctx.task.pos.file).text : args.msg;
  } else {
    throw new ModuleArgumentError('either "msg" or "var" must be specified');
  }
  const text = format(value);
  ctx.log('debug', text);
  return { changed: false, stdout: text, msg: text };
}

export const debugModule: ModuleDefinition = {
  name: 'debug',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Print a message or a variable.',
  run,
};
