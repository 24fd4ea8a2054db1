/**
 * -vvv: every command a module runs, as it goes to the host (docs/cli.md#verbosity). The
 * connector tells the command line through `onCommand`; this wrapper hands it on, and the task
 * runner emits it as a `log` event of kind `command`, redacted like every other value.
 */
import type { Connector, ExecOptions } from '../connectors/types';
import { withExec } from '../connectors/with-exec';

export function traceCommands(connector: Connector, onCommand: (commandLine: string) => void): Connector {
  return withExec(connector, (command: string, options: ExecOptions = {}) =>
    connector.exec(command, {
      ...options,
      onCommand: (line) => {
        onCommand(line);
        options.onCommand?.(line);
      },
    }),
  );
}
