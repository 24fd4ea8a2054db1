import { type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, validatedArgs } from '../engine/modules/module-api';
import type { FailArguments } from './arguments';

const ARGUMENTS = moduleSchema('fail');

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = validatedArgs<FailArguments>(ctx, ARGUMENTS);
  const msg = typeof args === 'string' ? args : (args?.msg ?? 'Failed as requested from task');
  return { changed: false, failed: true, msg, stdout: 'failed', stderr: msg };
}

export const failModule: ModuleDefinition = {
  name: 'fail',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Fail the host with a message (Ansible\'s fail).',
  run,
};
