/**
 * Checks a cluster config (kind: Config) before anything runs: every key under spec must be one
 * the cluster project knows (see known-keys.ts) and have the type the schema gives it. A typo is
 * reported where it is written, with the closest known key:
 *   config.yaml:7:5: unknown config key "cni.tpye" (did you mean "cni.type"?)
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { closestMatch, GoFloat, GoInt, isList, isMap, loadYaml, parseOverrides, type Diagnostic, type GoValue, type SourcePos, type YamlDocument } from '../engine';
import type { KeyNode, ValueType } from './known-keys';

function typeOf(value: GoValue): ValueType | 'null' {
  if (value === null || value === undefined) return 'null';
  if (isMap(value)) return 'object';
  if (isList(value)) return 'array';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  // Scalars keep their YAML type: 1.0 is a float even though it is a whole number.
  if (value instanceof GoFloat) return 'number';
  if (value instanceof GoInt || typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'string';
}

function typeMatches(actual: ValueType | 'null', allowed: readonly ValueType[]): boolean {
  if (allowed.length === 0 || actual === 'null') return true;
  return allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
}

/** Where a key (or its value) is written: a position in the config file, or the -e entry. */
interface Locator {
  value(path: readonly string[]): SourcePos;
  key(path: readonly string[]): SourcePos;
  /** How the key is named in a message: `config key "cni.type"`, `-e key "cni.type"`. */
  readonly noun: string;
}

function fileLocator(doc: YamlDocument): Locator {
  return { value: (path) => doc.locate(['spec', ...path]), key: (path) => doc.locateKey(['spec', ...path]), noun: 'config key' };
}

function walk(doc: Locator, value: GoValue, node: KeyNode, path: string[], out: Diagnostic[]): void {
  const dotted = path.join('.');
  const actual = typeOf(value);
  if (path.length > 0 && !typeMatches(actual, node.types)) {
    out.push({
      pos: doc.value(path),
      severity: 'error',
      code: 'KP-LOAD-005',
      message: `${doc.noun} "${dotted}" must be ${node.types.join(' or ')}, got ${actual}`,
    });
    return;
  }
  if (!isMap(value) || node.open || !node.isMap) return;
  for (const [key, childValue] of Object.entries(value)) {
    const known = node.children.get(key);
    if (known === undefined) {
      const near = closestMatch(key, node.children.keys());
      const hint = near === undefined ? '' : ` (did you mean "${[...path, near].join('.')}"?)`;
      out.push({
        pos: doc.key([...path, key]),
        severity: 'error',
        code: 'KP-LOAD-005',
        message: `unknown ${doc.noun} "${[...path, key].join('.')}"${hint}`,
      });
      continue;
    }
    walk(doc, childValue, known, [...path, key], out);
  }
}

/** Problems in the config file's spec; [] when there is no file or it is fine. */
export function checkClusterConfig(configFile: string | undefined, known: KeyNode): Diagnostic[] {
  if (configFile === undefined) return [];
  const file = resolve(configFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return []; // loadConfig reports unreadable files with their reason
  }
  return checkClusterConfigText(text, file, known);
}

/** The same check on text not (yet) stored in a file, e.g. an edit in `kplay web`'s form. */
export function checkClusterConfigText(text: string, file: string, known: KeyNode): Diagnostic[] {
  const doc = loadYaml(text, file, { schema: 'yaml11' });
  if (doc.diagnostics.some((d) => d.severity === 'error')) return [];
  const root = doc.value;
  if (!isMap(root) || !isMap(root.spec)) return [];
  const out: Diagnostic[] = [];
  walk(fileLocator(doc), root.spec, known, [], out);
  return out;
}

/**
 * `-e` values are checked like the config's keys (they land in the same variables, above it):
 * `-e kubernetes.kube_verison=v1.33.0` is an unknown key with the closest known one.
 * Each entry is reported at its place on the command line (`<command line>:1:N`, N = the Nth -e).
 */
export function checkClusterExtraVars(entries: readonly string[], known: KeyNode): Diagnostic[] {
  const out: Diagnostic[] = [];
  entries.forEach((entry, index) => {
    const parsed = parseOverrides([entry]);
    if (parsed.diagnostics.length > 0) return; // the run reports malformed entries itself
    const pos: SourcePos = { file: '<command line>', line: 1, col: index + 1 };
    walk({ value: () => pos, key: () => pos, noun: `-e ${entry.startsWith('@') ? `${entry} ` : ''}key` }, parsed.vars, known, [], out);
  });
  return out;
}
