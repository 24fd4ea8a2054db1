import { GoValue, isList, isMap } from '../core/values';

export const REDACTED = '********';

const SECRET_NAME = /password|passwd|token|secret|private_key/i;

/** Variable names whose values never appear in any output, report or journal. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Replaces known secret values in text. Secrets are learnt from variables whose names look
 * secret (connector passwords and keys, anything named *password*, *token*, …) wherever they
 * are defined or set.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Walks a value and remembers every string under a secret-looking key. */
  learnFrom(value: GoValue, underSecretKey = false, keyName = ''): void {
    if (typeof value === 'string') {
      if (underSecretKey && !isKeyFilePath(keyName, value)) this.addSecret(value);
      return;
    }
    if (isList(value)) {
      for (const v of value) this.learnFrom(v, underSecretKey, keyName);
    } else if (isMap(value)) {
      for (const key of Object.keys(value)) this.learnFrom(value[key], underSecretKey || isSecretName(key), key);
    }
  }

  addSecret(secret: string): void {
    // Very short values would redact ordinary text ("a", "1"); they are not worth hiding.
    if (secret.length < 3 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.pattern = undefined;
  }

  redact(text: string): string {
    if (this.secrets.size === 0 || text === '') return text;
    if (this.pattern === undefined) {
      const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return text.replace(this.pattern, REDACTED);
  }

  /** Redacts every string inside a value (and whole values under secret-looking keys). */
  redactValue(value: GoValue, underSecretKey = false): GoValue {
    if (typeof value === 'string') return underSecretKey ? REDACTED : this.redact(value);
    if (isList(value)) return value.map((v) => this.redactValue(v, underSecretKey));
    if (isMap(value)) {
      const out: Record<string, GoValue> = {};
      for (const key of Object.keys(value)) out[key] = this.redactValue(value[key], underSecretKey || isSecretName(key));
      return out;
    }
    return value;
  }
}

/**
 * `connector.private_key` holds the path of a key file, not the key: error messages must be able
 * to name the files tried, so a single-line absolute or home-relative path stays visible.
 */
function isKeyFilePath(keyName: string, value: string): boolean {
  return /private_key$/i.test(keyName) && !value.includes('\n') && /^(\/|~\/)/.test(value) && !value.includes('PRIVATE KEY');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
