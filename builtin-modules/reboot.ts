/**
 * `reboot`: reboots the host and returns once it runs again on a new boot — the boot id read
 * before differs from the one read after — and `test_command` succeeds there. The connection that
 * the reboot drops is re-established by the connector, so the next task simply goes on.
 */
import { type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, validatedArgs } from '../engine/modules/module-api';
import type { RebootArguments } from './arguments';
import { attempt, durationArg, elapsedSince, pause } from './lib/host-wait';

type Args = Exclude<RebootArguments, null>;

const ARGUMENTS = moduleSchema('reboot');
/** Between two looks at a host that is not back yet. */
const POLL_MS = 1000;

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = validatedArgs<Args>(ctx, ARGUMENTS, { args: ctx.args ?? {} });
  const rebootTimeoutMs = durationArg(args.reboot_timeout, 'reboot_timeout');
  const connectTimeoutMs = durationArg(args.connect_timeout, 'connect_timeout');
  const postRebootDelayMs = durationArg(args.post_reboot_delay, 'post_reboot_delay');
  if (ctx.checkMode) return { changed: true, msg: `would reboot ${ctx.host}`, data: { rebooted: false, elapsed: 0 } };

  const connector = await ctx.connector();
  const limits = { limitMs: connectTimeoutMs, signal: ctx.signal };
  const before = await attempt(connector, args.boot_time_command, limits);
  if (!before.ok) return failure(`cannot read the boot id before rebooting: ${before.reason}`);
  const oldBoot = before.stdout.trim();
  if (oldBoot === '') return failure(`"${args.boot_time_command}" printed nothing; it must print something that changes on every boot`);

  const start = Date.now();
  // The connection may drop before the command's exit status arrives: only a clear refusal fails.
  const issued = await attempt(connector, args.reboot_command, { ...limits, ...(ctx.become !== undefined ? { become: ctx.become } : {}) });
  if (!issued.ok && issued.permanent) return failure(`the reboot command failed: ${issued.reason}`);
  if (!issued.ok && /exited with status/.test(issued.reason)) return failure(`the reboot command failed: ${issued.reason}`);

  const deadline = start + rebootTimeoutMs;
  let last = 'the old boot still answers';
  for (;;) {
    if (ctx.signal.aborted) return failure('aborted while waiting for the host to come back');
    const now = await attempt(connector, args.boot_time_command, limits);
    if (now.ok && now.stdout.trim() !== '' && now.stdout.trim() !== oldBoot) break;
    if (!now.ok && now.permanent) return failure(`the host came back but refuses the connection: ${now.reason}`);
    last = now.ok ? 'the old boot still answers' : now.reason;
    if (Date.now() + POLL_MS > deadline) return failure(`${ctx.host} did not come back within ${rebootTimeoutMs / 1000} s (last: ${last})`);
    await pause(POLL_MS, ctx.signal);
  }

  await pause(postRebootDelayMs, ctx.signal);
  for (;;) {
    const test = await attempt(connector, args.test_command, { ...limits, ...(ctx.become !== undefined ? { become: ctx.become } : {}) });
    if (test.ok) break;
    if (test.permanent || Date.now() + POLL_MS > deadline) return failure(`the host rebooted but "${args.test_command}" did not succeed: ${test.reason}`);
    await pause(POLL_MS, ctx.signal);
  }
  return { changed: true, msg: `rebooted ${ctx.host}`, data: { rebooted: true, elapsed: elapsedSince(start) } };
}

function failure(msg: string): ModuleResult {
  return { changed: false, failed: true, msg, data: { rebooted: false } };
}

export const rebootModule: ModuleDefinition = {
  name: 'reboot',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Reboot the host and wait until it runs again on a new boot.',
  run,
};
