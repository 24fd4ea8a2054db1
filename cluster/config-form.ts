/**
 * What `kplay web` needs to offer the cluster config as a form: a JSON schema of every key the
 * cluster project knows (schemas/cluster-config.json for the types, the roles' defaults for the
 * keys, their default values and, from the comment above each key, their descriptions), and the
 * check `kplay create cluster` runs on a config (config-check.ts), applied to unsaved text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap as isYamlMap, isScalar, isSeq, parseDocument, type Pair } from 'yaml';
import type { Diagnostic } from '../engine';
import { clusterAssetsRoot } from './assets';
import { checkClusterConfigText } from './config-check';
import { buildKnownKeys, defaultsFiles, type KeyNode } from './known-keys';

/** The subset of JSON Schema the form reads. */
export interface FormSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, FormSchema>;
  additionalProperties?: boolean;
  $comment?: string;
}

export interface ClusterConfigSupport {
  readonly schema: FormSchema;
  /** Problems of a config's text as `kplay create cluster -c` reports them (KP-LOAD-005). */
  readonly check: (text: string, file: string) => Diagnostic[];
}

function commentText(comment: string | null | undefined): string | undefined {
  if (comment === null || comment === undefined) return undefined;
  const text = comment
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  return text === '' ? undefined : text;
}

function child(schema: FormSchema, key: string): FormSchema {
  schema.properties ??= {};
  schema.properties[key] ??= {};
  return schema.properties[key];
}

/** Adds the keys of one defaults map: default values of scalars and lists, comments as descriptions. */
function addDefaults(schema: FormSchema, map: unknown): void {
  if (!isYamlMap(map)) return;
  if (map.items.length === 0) schema.additionalProperties = true;
  map.items.forEach((item, i) => {
    if (!isScalar(item.key)) return;
    const key = String(item.key.value);
    const target = child(schema, key);
    // The comment above a nested map's first key is kept on the map.
    const description = commentText(item.key.commentBefore ?? (i === 0 ? map.commentBefore : undefined));
    if (description !== undefined && target.description === undefined) target.description = description;
    const value = item.value;
    if (isYamlMap(value)) {
      target.type ??= 'object';
      addDefaults(target, value);
    } else if (isScalar(value) || isSeq(value)) {
      target.default = value.toJSON() as unknown;
    }
  });
}

/** Keeps only what the checker also knows (a schema key without a default is still known). */
function prune(schema: FormSchema, node: KeyNode): void {
  if (schema.properties === undefined) return;
  for (const [key, sub] of Object.entries(schema.properties)) {
    const known = node.children.get(key);
    if (known === undefined) delete schema.properties[key];
    else prune(sub, known);
  }
}

export function buildClusterConfigSupport(root: string = clusterAssetsRoot()): ClusterConfigSupport {
  const rolesDir = join(root, 'roles');
  const schemaFile = join(root, 'schemas', 'cluster-config.json');
  const known = buildKnownKeys(rolesDir, schemaFile);
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as FormSchema;
  for (const file of defaultsFiles(rolesDir)) {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    // The comment above a file's first key belongs to the document, not to that key.
    const first = isYamlMap(doc.contents) ? (doc.contents.items[0] as Pair | undefined) : undefined;
    if (first !== undefined && isScalar(first.key) && first.key.commentBefore == null && doc.commentBefore != null) {
      const lines = doc.commentBefore.split('\n');
      if (!/^\s*$/.test(lines[lines.length - 1] ?? '')) first.key.commentBefore = doc.commentBefore;
    }
    addDefaults(schema, doc.contents);
  }
  prune(schema, known);
  schema.type = 'object';
  return { schema, check: (text, file) => checkClusterConfigText(text, file, known) };
}
