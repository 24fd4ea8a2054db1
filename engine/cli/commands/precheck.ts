import { ExitCode } from '../../exit-codes';
import type { CommandIO } from '../io';

/** Placeholder until the command lands; says so instead of pretending to work. */
export async function precheckCommand(_argv: readonly string[], io: CommandIO): Promise<number> {
  io.stderr.write('kplay precheck: not available in this version yet\n');
  return ExitCode.badOptions;
}
