import { parseArgs } from 'node:util';
import { DEFAULT_MIN_TMP_MIB, ExitCode, formatDiagnostic, formatDoctorJson as formatJson, formatDoctorTable as formatTable, runDoctor } from '../../engine';
import type { CommandIO } from '../io';
import { optionErrorLine } from '../../cluster/commands/option-error';

export const DOCTOR_HELP = `Usage: kplay doctor -i INVENTORY [options]

Check every host of an inventory in parallel, with the connector settings kplay run uses:
connect (refused / timed out / name not resolved), host key (known / recorded / CHANGED),
authentication (methods and keys tried), a shell round trip and its latency, sudo (for
non-root users, with connector.sudo_password when set) and free space in /tmp.
Prints a table with a fix for each problem.

Options:
  -i, --inventory FILE       inventory (kind: Inventory); default: localhost only
  -c, --config FILE          config (kind: Config); connector settings in it apply as in a run
  -l, --limit PATTERN        check only these hosts (a:b, a:!b, web*, ~regex)
      --known-hosts FILE     known-hosts file new host keys are recorded in (default ~/.kplay/known_hosts)
      --min-tmp-space MIB    /tmp must have at least this many MiB free (default ${DEFAULT_MIN_TMP_MIB})
      --output FORMAT        text (default) or json

Exit codes: 0 every check passed, 2 a check failed, 3 a host was unreachable (cannot connect,
host key or authentication failed), 4 invalid inventory, 5 bad options.

Examples:
  kplay doctor -i inventory.yaml
  kplay doctor -i inventory.yaml -c config.yaml --limit 'node1:node2'
  kplay doctor -i inventory.yaml --output json --min-tmp-space 2048
`;

export const DOCTOR_OPTIONS = {
  inventory: { type: 'string', short: 'i' },
  config: { type: 'string', short: 'c' },
  limit: { type: 'string', short: 'l' },
  'known-hosts': { type: 'string' },
  'min-tmp-space': { type: 'string' },
  output: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function doctorCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: false, options: DOCTOR_OPTIONS });
  } catch (error) {
    io.stderr.write(optionErrorLine('doctor', error, DOCTOR_OPTIONS));
    return ExitCode.badOptions;
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(DOCTOR_HELP);
    return ExitCode.ok;
  }
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') {
    io.stderr.write(`kplay doctor: --output must be text or json, got "${output}"\n`);
    return ExitCode.badOptions;
  }
  const minTmp = values['min-tmp-space'] === undefined ? DEFAULT_MIN_TMP_MIB : Number(values['min-tmp-space']);
  if (!Number.isInteger(minTmp) || minTmp < 0) {
    io.stderr.write(`kplay doctor: --min-tmp-space must be a whole number of MiB, got "${values['min-tmp-space']}"\n`);
    return ExitCode.badOptions;
  }

  const outcome = await runDoctor({
    ...(values.inventory !== undefined ? { inventoryFile: values.inventory } : {}),
    ...(values.config !== undefined ? { configFile: values.config } : {}),
    ...(values.limit !== undefined ? { limit: values.limit } : {}),
    ...(values['known-hosts'] !== undefined ? { knownHostsFile: values['known-hosts'] } : {}),
    minTmpMiB: minTmp,
  });
  if (outcome.kind === 'invalid') {
    for (const d of outcome.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
    io.stderr.write('kplay doctor: the inventory, config or --limit has problems; nothing was checked\n');
    return ExitCode.invalidInput;
  }
  io.stdout.write(output === 'json' ? formatJson(outcome.hosts) : formatTable(outcome.hosts));
  return outcome.exitCode;
}
