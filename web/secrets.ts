/**
 * Inventories and configs hold passwords and keys; the page edits them without ever receiving
 * them. Every scalar under a key the engine's redaction treats as secret (`*password*`,
 * `*token*`, `*secret*`, `*private_key*`) goes out as the redaction marker, and a marker that
 * comes back in an edit stands for the value already stored at the same place.
 */
import { isMap as isYamlMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { isSecretName, REDACTED } from '../engine';

type Path = readonly (string | number)[];

/** Calls `visit` with every scalar below a secret-looking key, and its path from the root. */
function eachSecretScalar(node: unknown, path: Path, underSecret: boolean, visit: (scalar: Node & { value: unknown }, path: Path) => void): void {
  if (isScalar(node)) {
    if (underSecret) visit(node, path);
    return;
  }
  if (isYamlMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      eachSecretScalar(pair.value, [...path, key], underSecret || isSecretName(key), visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => eachSecretScalar(item, [...path, i], underSecret, visit));
  }
}

function parse(text: string): Document | undefined {
  const doc = parseDocument(text, { keepSourceTokens: false });
  return doc.errors.length > 0 ? undefined : doc;
}

/** The text with every secret value replaced by the marker; comments and layout stay. */
export function maskSecrets(text: string): string {
  const doc = parse(text);
  if (doc === undefined) return text;
  let masked = false;
  eachSecretScalar(doc.contents, [], false, (scalar) => {
    if (scalar.value === null || scalar.value === '') return;
    scalar.value = REDACTED;
    masked = true;
  });
  return masked ? doc.toString() : text;
}

export interface UnmaskResult {
  readonly text: string;
  /** Paths whose marker has no stored value to stand for. */
  readonly missing: readonly string[];
}

/** Puts the stored values back where an edit kept the marker. */
export function unmaskSecrets(edited: string, stored: string | undefined): UnmaskResult {
  if (!edited.includes(REDACTED)) return { text: edited, missing: [] };
  const doc = parse(edited);
  if (doc === undefined) return { text: edited, missing: [] };
  const old = stored === undefined ? undefined : parse(stored);
  const missing: string[] = [];
  let changed = false;
  eachSecretScalar(doc.contents, [], false, (scalar, path) => {
    if (scalar.value !== REDACTED) return;
    const original: unknown = old?.getIn(path, true);
    if (isScalar(original)) {
      scalar.value = original.value;
      changed = true;
    } else {
      missing.push(path.join('.'));
    }
  });
  return { text: changed ? doc.toString() : edited, missing };
}
