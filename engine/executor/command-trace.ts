/**
 * -vvv: every command a module runs, as it goes to the host (docs/cli.md#verbosity). The
 * connector tells the command line through `onCommand`; this wrapper hands it on, and the task
 * runner emits it as a `log` event of kind `command`, redacted like every other value.
 */
import type { Connector, ExecOptions, ExecResult } from '../connectors/types';

export function traceCommands(connector: Connector, onCommand: (commandLine: string) => void): Connector {
  return {
    kind: connector.kind,
    hostName: connector.hostName,
    ...(connector.capabilities !== undefined ? { capabilities: connector.capabilities } : {}),
    connect: () => connector.connect(),
    exec: (command: string, options: ExecOptions = {}): Promise<ExecResult> =>
      connector.exec(command, {
        ...options,
        onCommand: (line) => {
          onCommand(line);
          options.onCommand?.(line);
        },
      }),
    put: (content, dest, options) => connector.put(content, dest, options),
    putFile: (localPath, dest, options) => connector.putFile(localPath, dest, options),
    get: (path, options) => connector.get(path, options),
    getFile: (path, localPath, options) => connector.getFile(path, localPath, options),
    stat: (path, options) => connector.stat(path, options),
    close: () => connector.close(),
  };
}
