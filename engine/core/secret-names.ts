/** Which names mark a value as secret (docs/security.md#what-is-a-secret): the one definition. */

const SECRET_NAME = /password|passwd|token|secret|private_key|api_?key|authorization/i;

/**
 * True for names containing password, passwd, token, secret, private_key, api_key / apikey or
 * authorization (any case; the last for HTTP headers such as the prometheus connector's).
 */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
