/**
 * Chooses the authentication methods for one login (`docs/connectors.md#authentication-order`)
 * and remembers which were actually offered, so an auth failure can say what was tried.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { AnyAuthMethod, AuthenticationType, utils, type ParsedKey } from 'ssh2';
import { ConnectorConfig } from '../config';
import { isOutOfDescriptors, outOfDescriptors } from './dial';

export interface AuthAttempt {
  /** Shown in errors: `publickey with ~/.ssh/id_ed25519`, `password`, `agent`. */
  readonly label: string;
  readonly method: AnyAuthMethod;
}

export interface AuthPlan {
  readonly attempts: readonly AuthAttempt[];
  /** Labels of the attempts offered to the server so far. */
  readonly tried: string[];
  /** ssh2 `authHandler`: hands out the next attempt the server still accepts, or false. */
  readonly handler: (methodsLeft: AuthenticationType[] | null, partialSuccess: boolean | null) => AnyAuthMethod | false;
}

/** Default identity files, in the order OpenSSH and the dialect try them. */
export const DEFAULT_KEY_NAMES = ['id_ed25519', 'id_ecdsa', 'id_rsa', 'id_dsa'] as const;

export class AuthSetupError extends Error {}
/** The controller, not the host or the credentials, is at a limit (file descriptors). */
export class ControllerLimitError extends Error {}

export function displayPath(path: string, homeDir: string): string {
  return homeDir !== '' && path.startsWith(`${homeDir}/`) ? `~${path.slice(homeDir.length)}` : path;
}

function parsesAsPrivateKey(data: Buffer | string): string | undefined {
  const parsed = utils.parseKey(data);
  if (parsed instanceof Error) return parsed.message;
  const key: ParsedKey | undefined = Array.isArray(parsed) ? (parsed as ParsedKey[])[0] : parsed;
  return key && key.isPrivateKey() ? undefined : 'not a private key';
}

/** The key file's bytes, or why it cannot be read; running out of descriptors is thrown. */
async function readKeyFile(path: string): Promise<Buffer | NodeJS.ErrnoException> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if (isOutOfDescriptors(error)) throw new ControllerLimitError(`cannot read ${path}: ${outOfDescriptors(error.code ?? 'EMFILE')}`);
    return error as NodeJS.ErrnoException;
  }
}

function readFailure(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'no such file';
  if (error.code === 'EACCES') return 'permission denied';
  if (error.code === 'EISDIR') return 'it is a directory';
  return error.message;
}

export async function buildAuthPlan(
  config: ConnectorConfig,
  username: string,
  homeDir: string,
  agentSocket: string | undefined,
): Promise<AuthPlan> {
  const attempts: AuthAttempt[] = [];
  const addKey = (label: string, key: Buffer | string): void => {
    attempts.push({ label, method: { type: 'publickey', username, key } });
  };

  if (config.privateKeyContent !== undefined) {
    const problem = parsesAsPrivateKey(config.privateKeyContent);
    if (problem) throw new AuthSetupError(`connector.private_key_content cannot be used: ${problem}`);
    addKey('publickey with private_key_content', config.privateKeyContent);
  } else if (config.privateKey !== undefined) {
    const data = await readKeyFile(config.privateKey);
    if (!Buffer.isBuffer(data)) throw new AuthSetupError(`private key file ${config.privateKey} cannot be read: ${readFailure(data)}`);
    const problem = parsesAsPrivateKey(data);
    if (problem) throw new AuthSetupError(`private key file ${config.privateKey} cannot be used: ${problem}`);
    addKey(`publickey with ${displayPath(config.privateKey, homeDir)}`, data);
  } else if (homeDir !== '') {
    for (const name of DEFAULT_KEY_NAMES) {
      const path = join(homeDir, '.ssh', name);
      const data = await readKeyFile(path);
      // Missing, passphrase-protected or unparsable default keys are skipped, as ssh does.
      if (Buffer.isBuffer(data) && parsesAsPrivateKey(data) === undefined) addKey(`publickey with ${displayPath(path, homeDir)}`, data);
    }
  }
  if (agentSocket) attempts.push({ label: 'agent', method: { type: 'agent', username, agent: agentSocket } });
  if (config.password !== undefined) attempts.push({ label: 'password', method: { type: 'password', username, password: config.password } });

  const tried: string[] = [];
  let next = 0;
  const handler: AuthPlan['handler'] = (methodsLeft) => {
    while (next < attempts.length) {
      const attempt = attempts[next++];
      const allowedType = attempt.method.type === 'agent' ? 'publickey' : attempt.method.type;
      // methodsLeft is null before the server has told us anything.
      if (methodsLeft && !methodsLeft.includes(allowedType)) continue;
      tried.push(attempt.label);
      return attempt.method;
    }
    return false;
  };
  return { attempts, tried, handler };
}
