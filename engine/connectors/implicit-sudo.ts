/**
 * `connector.sudo: true` (`docs/connectors.md#sudo-for-every-command`): every task on the host
 * runs through sudo as root unless the task says otherwise with `become`, the way KubeKey runs
 * every command (`sudo -E $SHELL -c …`). The password is the host's become password.
 */
import type { BecomeOptions } from './types';

type ConnectorMap = Readonly<Record<string, unknown>>;

function asMap(value: unknown): ConnectorMap | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ConnectorMap) : undefined;
}

/** The become password a host's `connector` settings give: `sudo_password`, else `password`. */
export function becomePasswordOf(connector: unknown): string | undefined {
  const map = asMap(connector);
  if (map === undefined) return undefined;
  return typeof map.sudo_password === 'string' ? map.sudo_password : typeof map.password === 'string' ? map.password : undefined;
}

/**
 * The privilege change a task gets when it does not set `become` itself: sudo to root when the
 * host's `connector.sudo` is true (a literal boolean; other types are ignored, as for every
 * connector key), else none.
 */
export function implicitBecome(connector: unknown): BecomeOptions | undefined {
  if (asMap(connector)?.sudo !== true) return undefined;
  const password = becomePasswordOf(connector);
  return { method: 'sudo', user: 'root', ...(password !== undefined ? { password } : {}) };
}
