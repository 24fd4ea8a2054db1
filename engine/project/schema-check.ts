/**
 * Validation of module arguments against schemas/modules/<name>.json with ajv, reporting each
 * problem at the YAML node it concerns.
 */

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { GoFloat, GoInt, type GoValue } from '../core/values';
import { GoTime } from '../core/go-time';
import { didYouMean } from '../core/did-you-mean';
import { packageRoot } from '../core/package-root';

/** The pattern schemas use for "a template string is accepted here too". */
const TEMPLATE_PATTERN = '\\{\\{';

/** A JSON Schema (draft-07) document. */
export type JsonSchema = Record<string, unknown>;

export interface ArgumentProblem {
  /** Path inside the argument value (map keys / list indexes). */
  readonly path: readonly (string | number)[];
  /** True when the problem is about a key (unknown argument), so the key position is better. */
  readonly atKey: boolean;
  readonly message: string;
}

export interface ModuleSchemaChecker {
  check(module: string, args: GoValue): ArgumentProblem[];
}

export function schemasDir(): string {
  // The same for engine/… under ts-node/jest and dist/engine/… when built.
  return path.join(packageRoot(), 'schemas');
}

/** Reads every schemas/modules/*.json, keyed by module name. */
export function readModuleSchemas(dir = path.join(schemasDir(), 'modules')): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.json')) out[f.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as JsonSchema;
  }
  return out;
}

export function createSchemaChecker(schemas: Readonly<Record<string, JsonSchema>>): ModuleSchemaChecker {
  // The schemas are ours and tested; checking them against the meta-schema on every start costs
  // ~170 ms of start-up.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false });
  const compiled = new Map<string, ValidateFunction>();
  return {
    check(module, args) {
      const schema = schemas[module];
      if (!schema) return [];
      let validate = compiled.get(module);
      if (!validate) {
        validate = ajv.compile(schema);
        compiled.set(module, validate);
      }
      const data = toJsonData(args);
      if (validate(data)) return [];
      return summarise(module, validate.errors ?? [], schema);
    },
  };
}

/** What the argument looks like after the JSON round trip the module sees. */
export function toJsonData(v: GoValue): unknown {
  if (v instanceof GoFloat) return v.value;
  if (v instanceof GoInt) return Number(v.value);
  if (v instanceof GoTime) return v.toRfc3339();
  if (Array.isArray(v)) return v.map(toJsonData);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, GoValue>)) out[k] = toJsonData(x);
    return out;
  }
  return v;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describePath(module: string, p: readonly (string | number)[]): string {
  return p.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : `${acc}.${seg}`), module);
}

/**
 * Turns ajv's error list into one message per problem. `anyOf` alternatives (typed value or
 * template string) produce one type error each; they are folded into "must be A or B".
 */
function summarise(module: string, errors: ErrorObject[], schema: JsonSchema): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  const typesByPath = new Map<string, Set<string>>();
  const anyOfPaths = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') anyOfPaths.add(e.instancePath);
  }
  for (const e of errors) {
    const p = pointerToPath(e.instancePath);
    switch (e.keyword) {
      case 'additionalProperties': {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        const known = Object.keys((e.parentSchema?.properties as Record<string, unknown> | undefined) ?? {});
        problems.push({ path: [...p, extra], atKey: true, message: `${module}: unknown argument "${extra}"${didYouMean(extra, known)}` });
        break;
      }
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        problems.push({ path: p, atKey: false, message: `${describePath(module, p)}: missing required argument "${missing}"` });
        break;
      }
      case 'type': {
        const key = e.instancePath;
        const set = typesByPath.get(key) ?? new Set<string>();
        const t = (e.params as { type: string | string[] }).type;
        for (const x of Array.isArray(t) ? t : [t]) set.add(x);
        typesByPath.set(key, set);
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((x) => JSON.stringify(x));
        problems.push({ path: p, atKey: false, message: `${describePath(module, p)}: must be one of ${allowed.join(', ')}` });
        break;
      }
      case 'anyOf':
      case 'oneOf':
      case 'if':
        break;
      case 'pattern':
        // The "or a template string" alternative failing says nothing about the typed one.
        if (anyOfPaths.has(e.instancePath) && isTemplatePattern(e)) break;
        problems.push({ path: p, atKey: false, message: `${describePath(module, p)}: ${e.message ?? 'is invalid'}` });
        break;
      default:
        problems.push({ path: p, atKey: false, message: `${describePath(module, p)}: ${e.message ?? 'is invalid'}` });
    }
  }
  // When the value matched an alternative's type but not its content (a mapping missing a key),
  // the content problem is the useful one; "must be a string" from the other branch is noise.
  const structural = new Set(
    errors
      .filter((e) => ['required', 'additionalProperties', 'enum'].includes(e.keyword) || (e.keyword === 'pattern' && !isTemplatePattern(e)))
      .map((e) => e.instancePath),
  );
  for (const [pointer, types] of typesByPath) {
    if (anyOfPaths.has(pointer) && structural.has(pointer)) continue;
    const p = pointerToPath(pointer);
    problems.push({ path: p, atKey: false, message: `${describePath(module, p)}: must be ${joinTypes([...types])}` });
  }
  if (problems.length === 0 && errors.length > 0) {
    const top = typeof schema.description === 'string' ? ` (${schema.description})` : '';
    problems.push({ path: [], atKey: false, message: `${module}: invalid arguments${top}` });
  }
  return problems;
}

function isTemplatePattern(e: ErrorObject): boolean {
  return (e.params as { pattern?: string }).pattern === TEMPLATE_PATTERN;
}

function joinTypes(types: string[]): string {
  const names = types.map((t) => (t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : `a ${t}`));
  if (names.length <= 1) return names[0] ?? 'valid';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
