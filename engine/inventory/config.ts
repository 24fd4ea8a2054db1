/**
 * The Config document (`docs/inventory.md#config`): a free-form `spec` whose keys become variables of
 * every host, plus `-e` style overrides from the command line.
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic, SourcePos } from '../core/source';
import { isMap, type GoMap, type GoValue } from '../core/values';
import { loadYaml, sortDiagnostics } from '../yaml';
import { documentValidator, problemsToDiagnostics } from '../yaml/schema-validation';
import { resolvePlainScalar } from '../yaml/scalar-resolve';
import { combineVariables, setOwn } from '../core/merge';

export interface ConfigLoadResult {
  /** `spec` of the document; `{}` without a file. Absent when there were errors. */
  readonly config?: GoMap;
  readonly diagnostics: Diagnostic[];
}

export function loadConfig(file?: string): ConfigLoadResult {
  if (file === undefined) return { config: {}, diagnostics: [] };
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { diagnostics: [errorAt({ file: path, line: 1, col: 1 }, `cannot read config: ${(e as Error).message}`)] };
  }
  return parseConfig(text, path);
}

const validateConfig = documentValidator('config');

/** Parses config text (YAML 1.1 scalars), checks it against schemas/config.json and returns its `spec`. */
export function parseConfig(text: string, file: string): ConfigLoadResult {
  const loaded = loadYaml(text, file, { schema: 'yaml11' });
  const diagnostics = [...loaded.diagnostics];
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const root = loaded.value;
  if (root === null || root === undefined) return { config: {}, diagnostics };
  diagnostics.push(...problemsToDiagnostics(loaded, validateConfig(root)));
  sortDiagnostics(diagnostics);
  if (diagnostics.some((d) => d.severity === 'error') || !isMap(root)) return { diagnostics };
  return { config: isMap(root.spec) ? root.spec : {}, diagnostics };
}

export interface OverridesResult {
  readonly vars: GoMap;
  readonly diagnostics: Diagnostic[];
}

const COMMAND_LINE = '<command line>';

/**
 * Parses `-e` entries into one map, later entries winning (deep merge):
 * - `key=value`: the value typed like a YAML 1.1 plain scalar (`8080` int, `1.5` float, `yes`
 *   bool, `~` null, otherwise a string); a value starting with `{` or `[` is read as a YAML flow
 *   collection (JSON works). Dots in the key create nested maps: `a.b=1` → `{a: {b: 1}}`.
 * - `@file.yaml`: the mapping in that YAML file.
 * - `{...}`: an inline YAML/JSON mapping.
 */
export function parseOverrides(entries: readonly string[]): OverridesResult {
  const diagnostics: Diagnostic[] = [];
  let vars: GoMap = {};
  entries.forEach((entry, index) => {
    const pos: SourcePos = { file: COMMAND_LINE, line: 1, col: index + 1 };
    const parsed = parseOverride(entry, pos, diagnostics);
    if (parsed !== undefined) vars = combineVariables(vars, parsed);
  });
  return { vars, diagnostics };
}

/** `config` with the `-e`/`--set` style entries merged over it; `config` itself is not changed. */
export function applyConfigOverrides(config: GoMap, entries: readonly string[]): { config: GoMap; diagnostics: Diagnostic[] } {
  const { vars, diagnostics } = parseOverrides(entries);
  return { config: combineVariables(config, vars), diagnostics };
}

function parseOverride(entry: string, pos: SourcePos, diagnostics: Diagnostic[]): GoMap | undefined {
  if (entry.startsWith('@')) return readOverrideFile(entry.slice(1), diagnostics);
  if (entry.trimStart().startsWith('{')) {
    const value = parseYamlValue(entry, pos, diagnostics);
    if (value !== undefined && !isMap(value)) diagnostics.push(errorAt(pos, `-e ${entry}: not a mapping`));
    return isMap(value) ? value : undefined;
  }
  const eq = entry.indexOf('=');
  const key = eq < 0 ? '' : entry.slice(0, eq).trim();
  if (key === '' || key.split('.').some((part) => part === '')) {
    diagnostics.push(errorAt(pos, `-e ${JSON.stringify(entry)}: expected key=value, @file.yaml or a {…} mapping`));
    return undefined;
  }
  const raw = entry.slice(eq + 1);
  const value = /^\s*[[{]/.test(raw) ? parseYamlValue(raw, pos, diagnostics) : resolvePlainScalar(raw, 'yaml11');
  if (value === undefined) return undefined;
  return nestUnderKeys(key.split('.'), value);
}

function readOverrideFile(file: string, diagnostics: Diagnostic[]): GoMap | undefined {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    diagnostics.push(errorAt({ file: path, line: 1, col: 1 }, `cannot read -e file: ${(e as Error).message}`));
    return undefined;
  }
  const loaded = loadYaml(text, path, { schema: 'yaml11' });
  diagnostics.push(...loaded.diagnostics);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return undefined;
  if (loaded.value === null || loaded.value === undefined) return {};
  if (!isMap(loaded.value)) {
    diagnostics.push(errorAt(loaded.locate([]), '-e file must contain a mapping'));
    return undefined;
  }
  return loaded.value;
}

function parseYamlValue(text: string, pos: SourcePos, diagnostics: Diagnostic[]): GoValue {
  const loaded = loadYaml(text, COMMAND_LINE, { schema: 'yaml11' });
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    const first = loaded.diagnostics[0];
    diagnostics.push(errorAt(pos, `-e ${text}: ${first?.message ?? 'invalid YAML'}`));
    return undefined;
  }
  return loaded.value;
}

function nestUnderKeys(keys: readonly string[], value: GoValue): GoMap {
  let nested: GoValue = value;
  for (let i = keys.length - 1; i >= 0; i--) {
    const map: GoMap = {};
    setOwn(map, keys[i] ?? '', nested);
    nested = map;
  }
  return nested as GoMap;
}

function errorAt(pos: SourcePos, message: string): Diagnostic {
  return { pos, message, severity: 'error', code: 'KP-LOAD-004' };
}
