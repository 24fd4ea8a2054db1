import { GoValue, isList, isMap } from '../template/values';

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
  learnFrom(value: GoValue, underSecretKey = false): void {
    if (typeof value === 'string') {
      if (underSecretKey) this.addSecret(value);
      return;
    }
    if (isList(value)) {
      for (const v of value) this.learnFrom(v, underSecretKey);
    } else if (isMap(value)) {
      for (const key of Object.keys(value)) this.learnFrom(value[key], underSecretKey || isSecretName(key));
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

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
