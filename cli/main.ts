#!/usr/bin/env node
import { ExitCode, packageVersion, withCode } from '../engine';
import { commandTable, helpText } from './commands';
import { processIO, quietOnBrokenPipe, type CommandIO } from './io';

/** Runs one kplay invocation and returns its exit code; `main` below wires it to the process. */
export async function runCli(argv: readonly string[], io: CommandIO = processIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(helpText());
    return first === undefined ? ExitCode.badOptions : ExitCode.ok;
  }
  if (first === '--version' || first === 'version') {
    io.stdout.write(`kplay ${packageVersion()}\n`);
    return ExitCode.ok;
  }
  const command = commandTable.find((c) => c.name === first);
  if (command === undefined) {
    io.stderr.write(`kplay: ${withCode(`unknown command "${first}"`, 'KP-CLI-001')}\n\n${helpText()}`);
    return ExitCode.badOptions;
  }
  return command.run(rest, io);
}

if (require.main === module) {
  quietOnBrokenPipe();
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`kplay: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = ExitCode.internal;
    },
  );
}
