/**
 * The tree of config keys the cluster project understands: every key some role's defaults define
 * (roles/**\/defaults), merged with the hand-written type schema schemas/cluster-config.json.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, loadYaml, type GoValue } from '../engine';

export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

export interface KeyNode {
  /** Known child keys; only meaningful for maps. */
  readonly children: Map<string, KeyNode>;
  /** Any child key is accepted (free-form maps such as extra arguments or Helm values). */
  open: boolean;
  /** Types the schema allows; empty = not typed. */
  types: ValueType[];
  /** A default or the schema says this is a map. */
  isMap: boolean;
}

export function newKeyNode(): KeyNode {
  return { children: new Map(), open: false, types: [], isMap: false };
}

function child(node: KeyNode, key: string): KeyNode {
  let c = node.children.get(key);
  if (c === undefined) {
    c = newKeyNode();
    node.children.set(key, c);
  }
  return c;
}

/** Adds the keys of one defaults document; an empty map default (`{}`) accepts any child. */
export function addDefaults(node: KeyNode, value: GoValue): void {
  if (!isMap(value)) return;
  node.isMap = true;
  if (Object.keys(value).length === 0) node.open = true;
  for (const [k, v] of Object.entries(value)) addDefaults(child(node, k), v);
}

interface SchemaNode {
  readonly type?: ValueType | ValueType[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean;
}

export function addSchema(node: KeyNode, schema: SchemaNode): void {
  if (schema.type !== undefined) node.types = Array.isArray(schema.type) ? [...schema.type] : [schema.type];
  if (schema.additionalProperties === true) node.open = true;
  if (schema.properties !== undefined || node.types.includes('object')) node.isMap = true;
  for (const [k, v] of Object.entries(schema.properties ?? {})) addSchema(child(node, k), v);
}

/** Every YAML file below a `defaults` directory of a role, in a stable order. */
export function defaultsFiles(rolesDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, inDefaults: boolean): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, inDefaults || name === 'defaults');
      else if (inDefaults && /\.ya?ml$/.test(name)) found.push(path);
    }
  };
  walk(rolesDir, false);
  return found;
}

export function buildKnownKeys(rolesDir: string, schemaFile: string): KeyNode {
  const root = newKeyNode();
  root.isMap = true;
  for (const file of defaultsFiles(rolesDir)) {
    const loaded = loadYaml(readFileSync(file, 'utf8'), file, { schema: 'project' });
    addDefaults(root, loaded.value);
  }
  addSchema(root, JSON.parse(readFileSync(schemaFile, 'utf8')) as SchemaNode);
  return root;
}
