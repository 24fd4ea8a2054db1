/**
 * Which variables are secret, and the connector's secrets kept out of templates
 * (docs/security.md#connector-secrets-and-templates).
 */
import { isSecretName } from '../core/secret-names';
import { isMap, type GoMap, type GoValue } from '../core/values';

/** What a masked value prints as, everywhere. */
export const REDACTED = '********';

/** Variable names whose values reporters must mask (engine/core/secret-names.ts). */
export function isSecretVariableName(name: string): boolean {
  return isSecretName(name);
}

/**
 * `connector.private_key` may hold the path of a key file rather than the key: a single-line
 * absolute or home-relative path is not a secret, and errors name it.
 */
export function isKeyFilePath(keyName: string, value: string): boolean {
  return /private_key$/i.test(keyName) && !value.includes('\n') && /^(\/|~\/)/.test(value) && !value.includes('PRIVATE KEY');
}

/**
 * The `connector` map as templates see it: every secret setting (password, sudo_password,
 * private_key_content, a prometheus token, those of a `proxy_jump` map) replaced by the marker.
 * The connector itself reads the real values from the variable store, never through a template.
 * Returns the same map when it holds no secret.
 */
export function maskConnectorSecrets(connector: GoValue): GoValue {
  if (!isMap(connector)) return connector;
  let out: GoMap | undefined;
  for (const key of Object.keys(connector)) {
    const value = connector[key];
    const masked = maskSetting(key, value);
    if (masked !== value) {
      out ??= { ...connector };
      out[key] = masked;
    }
  }
  return out ?? connector;
}

function maskSetting(key: string, value: GoValue): GoValue {
  if (isSecretVariableName(key)) {
    if (typeof value === 'string') return isKeyFilePath(key, value) ? value : REDACTED;
    if (isMap(value) || Array.isArray(value) || value === null || value === undefined || typeof value === 'boolean') return maskConnectorSecrets(value);
    return REDACTED;
  }
  // proxy_jump maps and prometheus headers are connector maps of their own.
  if (isMap(value)) return maskConnectorSecrets(value);
  return value;
}
