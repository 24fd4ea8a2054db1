import { argMap, type ModuleContext, type ModuleDefinition, type ModuleResult, optionalString } from '../engine/modules/module-api';

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const msg = typeof ctx.args === 'string' ? ctx.render(ctx.args) : (optionalString(ctx, argMap(ctx), 'msg') ?? 'Failed as requested from task');
  return { changed: false, failed: true, msg, stdout: 'failed', stderr: msg };
}

export const failModule: ModuleDefinition = {
  name: 'fail',
  checkMode: 'full',
  summary: 'Fail the host with a message (Ansible\'s fail).',
  run,
};
