import { moduleSchema, validatedArgs } from '../engine/modules/args';
import type { FailArguments } from './arguments';
import type { ModuleContext, ModuleDefinition, ModuleResult } from '../engine/modules/types';

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
