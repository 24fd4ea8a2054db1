import { GoFloat, GoInt, GoValue, isList, isMap } from '../core/values';
import { isKeyFilePath, isSecretVariableName, REDACTED } from '../variables/secrets';
import { MIN_SECRET_LENGTH, secretForms } from './secret-forms';

export { REDACTED };

/** Longest `no_log` output learnt as a secret (docs/security.md#what-is-a-secret). */
export const NO_LOG_LEARN_CHARS = 4096;

/** Variable names whose values never appear in any output, report or journal. */
export function isSecretName(name: string): boolean {
  return isSecretVariableName(name);
}

/**
 * Replaces known secrets in text, in every spelling output may give them (docs/security.md#what-is-masked).
 * Secrets are learnt from variables whose names look secret (connector passwords and keys,
 * anything named *password*, *token*, …) wherever they are defined or set.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly forms = new Set<string>();
  private longest = 0;
  private pattern: RegExp | undefined;
  private bytePattern: RegExp | undefined;

  /** Walks a value and remembers every string under a secret-looking key. */
  learnFrom(value: GoValue, underSecretKey = false, keyName = ''): void {
    if (typeof value === 'string') {
      if (underSecretKey && !isKeyFilePath(keyName, value)) this.addSecret(value);
      return;
    }
    if (underSecretKey && (typeof value === 'number' || value instanceof GoInt || value instanceof GoFloat)) {
      // `db_password: 12345678` is a number to YAML but still a password once printed.
      this.addSecret(String(value instanceof GoInt || value instanceof GoFloat ? value.value : value));
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
    if (secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    for (const form of secretForms(secret)) {
      this.forms.add(form);
      this.longest = Math.max(this.longest, Buffer.byteLength(form));
    }
    this.pattern = undefined;
    this.bytePattern = undefined;
  }

  /**
   * Output of a `no_log` task: masked wherever a later task prints it (from its registered
   * variable), up to NO_LOG_LEARN_CHARS; longer output is too big to search for and is only
   * hidden in the task's own result.
   */
  learnHidden(text: string | undefined): void {
    if (text === undefined || text.length > NO_LOG_LEARN_CHARS || text.trim() === REDACTED) return;
    this.addSecret(text);
  }

  /** True once any secret is known; until then every text passes unchanged. */
  get active(): boolean {
    return this.forms.size > 0;
  }

  redact(text: string): string {
    if (this.forms.size === 0 || text === '') return text;
    this.pattern ??= alternation([...this.forms]);
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

  /**
   * Redacts every string of an event-like structure (plain objects and arrays; class instances
   * such as Go numbers pass as they are). Keys are kept: they are names, not values.
   */
  redactDeep<T>(value: T): T {
    if (this.forms.size === 0) return value;
    return this.deep(value) as T;
  }

  /**
   * Copy on write: a structure without a secret comes back as it is (every event passes here, and
   * nearly all of them hold none); one that holds a secret comes back as a copy, masked, with the
   * arrays and objects on the way to each masked string copied too and the original untouched.
   */
  private deep(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        const masked = this.deep(v);
        if (masked !== v && copy === undefined) copy = value.slice(0, i);
        copy?.push(masked);
      }
      return copy ?? value;
    }
    if (typeof value === 'object' && value !== null) {
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return value;
      const source = value as Record<string, unknown>;
      const keys = Object.keys(source);
      let copy: Record<string, unknown> | undefined;
      for (let i = 0; i < keys.length; i++) {
        const v = source[keys[i]];
        const masked = this.deep(v);
        if (masked !== v && copy === undefined) {
          copy = {};
          for (let j = 0; j < i; j++) copy[keys[j]] = source[keys[j]];
        }
        if (copy !== undefined) copy[keys[i]] = masked;
      }
      return copy ?? value;
    }
    return value;
  }

  /**
   * A redactor for a byte stream written as it arrives (the spill file of a long command output):
   * the bytes pass unchanged except for the masked secrets, whatever their encoding, and a secret
   * cut across two chunks is still found.
   */
  streamRedactor(): StreamRedactor {
    return new StreamRedactor(this);
  }

  /** @internal The byte-level pattern and the longest form, for StreamRedactor. */
  byteMatcher(): { pattern: RegExp; longest: number } | undefined {
    if (this.forms.size === 0) return undefined;
    this.bytePattern ??= alternation([...this.forms].map((f) => Buffer.from(f, 'utf8').toString('latin1')));
    return { pattern: this.bytePattern, longest: this.longest };
  }
}

const MARKER = Buffer.from(REDACTED);

/**
 * Holds back the last (longest form − 1) bytes of what it has seen, the most a secret that starts
 * there could still need from the next chunk. Works on latin1 strings, one character per byte,
 * so output that is not UTF-8 comes out byte for byte.
 */
export class StreamRedactor {
  private carry = '';

  constructor(private readonly redactor: Redactor) {}

  /** The bytes of `chunk` that are final now. */
  push(chunk: Buffer): Buffer {
    const matcher = this.redactor.byteMatcher();
    if (matcher === undefined && this.carry === '') return chunk;
    const text = this.carry + chunk.toString('latin1');
    if (matcher === undefined) {
      this.carry = '';
      return Buffer.from(text, 'latin1');
    }
    const safe = text.length - (matcher.longest - 1);
    if (safe <= 0) {
      this.carry = text;
      return Buffer.alloc(0);
    }
    const parts: Buffer[] = [];
    let last = 0;
    const re = matcher.pattern;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null && m.index < safe; m = re.exec(text)) {
      parts.push(Buffer.from(text.slice(last, m.index), 'latin1'), MARKER);
      last = m.index + m[0].length;
    }
    const cut = Math.max(safe, last);
    parts.push(Buffer.from(text.slice(last, cut), 'latin1'));
    this.carry = text.slice(cut);
    return Buffer.concat(parts);
  }

  /** What is still held back, redacted: the end of the stream. */
  end(): Buffer {
    const matcher = this.redactor.byteMatcher();
    const text = this.carry;
    this.carry = '';
    if (text === '') return Buffer.alloc(0);
    return Buffer.from(matcher === undefined ? text : text.replace(matcher.pattern, REDACTED), 'latin1');
  }
}

interface TrieNode {
  end: boolean;
  readonly next: Map<string, TrieNode>;
}

/**
 * One regex for many literal strings, written as a trie (`ab(?:c|d(?:e)?)`): a flat alternation
 * of hundreds of spellings is tried one by one at every position of the text, a trie is not.
 * A string that is a prefix of another is an optional tail, and greedy, so the longest spelling
 * at a position wins and a secret is masked whole, not its prefix.
 */
function alternation(literals: readonly string[]): RegExp {
  const root: TrieNode = { end: false, next: new Map() };
  for (const literal of literals) {
    let node = root;
    for (const ch of literal) {
      let child = node.next.get(ch);
      if (child === undefined) {
        child = { end: false, next: new Map() };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.end = true;
  }
  return new RegExp(trieSource(root), 'g');
}

function trieSource(node: TrieNode): string {
  const branches: string[] = [];
  for (const [ch, child] of node.next) {
    // Runs of single-child nodes become one literal, so nesting only happens at branch points.
    let text = escapeRegExp(ch);
    let at = child;
    while (!at.end && at.next.size === 1) {
      const [[c, only]] = at.next;
      text += escapeRegExp(c);
      at = only;
    }
    branches.push(text + (at.next.size === 0 ? '' : at.end ? `(?:${trieSource(at)})?` : trieSource(at)));
  }
  if (branches.length === 1 && !branches[0].includes('|')) return branches[0];
  return `(?:${branches.join('|')})`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
