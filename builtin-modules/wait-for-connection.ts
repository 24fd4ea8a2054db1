/**
 * `wait_for_connection`: retries `test_command` on the host until it succeeds — for a host that
 * something else (a command, the controller) rebooted or is still booting. Read-only, so it
 * waits in check mode too.
 */
import { type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, validatedArgs } from '../engine/modules/module-api';
import type { WaitForConnectionArguments } from './arguments';
import { attempt, durationArg, elapsedSince, pause } from './lib/host-wait';

type Args = Exclude<WaitForConnectionArguments, null>;

const ARGUMENTS = moduleSchema('wait_for_connection');

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = validatedArgs<Args>(ctx, ARGUMENTS, { args: ctx.args ?? {} });
  const timeoutMs = durationArg(args.timeout, 'timeout');
  const delayMs = durationArg(args.delay, 'delay');
  const sleepMs = durationArg(args.sleep, 'sleep');
  const connectTimeoutMs = durationArg(args.connect_timeout, 'connect_timeout');
  const start = Date.now();
  const deadline = start + timeoutMs;
  await pause(delayMs, ctx.signal);
  const connector = await ctx.connector();
  for (;;) {
    if (ctx.signal.aborted) return { changed: false, failed: true, msg: 'aborted while waiting for the connection' };
    const answer = await attempt(connector, args.test_command, { limitMs: connectTimeoutMs, signal: ctx.signal });
    if (answer.ok) return { changed: false, data: { elapsed: elapsedSince(start) } };
    if (answer.permanent || Date.now() + sleepMs > deadline) {
      return { changed: false, failed: true, msg: `${ctx.host} did not answer within ${timeoutMs / 1000} s: ${answer.reason}`, data: { elapsed: elapsedSince(start) } };
    }
    await pause(sleepMs, ctx.signal);
  }
}

export const waitForConnectionModule: ModuleDefinition = {
  name: 'wait_for_connection',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Wait until the host answers a command over its connection.',
  run,
};
