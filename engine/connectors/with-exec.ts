/**
 * A connector whose `exec` is replaced and whose other methods pass through: the one way the
 * executor decorates command execution (output bounds, the -vvv command trace) without knowing
 * the connector's kind.
 */
import type { Connector } from './types';

export function withExec(connector: Connector, exec: Connector['exec']): Connector {
  return {
    kind: connector.kind,
    hostName: connector.hostName,
    ...(connector.capabilities !== undefined ? { capabilities: connector.capabilities } : {}),
    connect: () => connector.connect(),
    exec,
    put: (content, dest, options) => connector.put(content, dest, options),
    putFile: (localPath, dest, options) => connector.putFile(localPath, dest, options),
    get: (path, options) => connector.get(path, options),
    getFile: (path, localPath, options) => connector.getFile(path, localPath, options),
    stat: (path, options) => connector.stat(path, options),
    close: () => connector.close(),
  };
}
