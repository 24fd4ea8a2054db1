/**
 * JSON Schema validation (ajv) of YAML-loaded values, with every problem turned into one message
 * and a path the caller maps to a file position. The schemas are the files under `schemas/`.
 */

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { didYouMean } from '../core/did-you-mean';
import { GoTime } from '../core/go-time';
import { packageRoot } from '../core/package-root';
import { GoFloat, GoInt, type GoValue } from '../core/values';
import type { Diagnostic } from '../core/source';
import type { YamlDocument, YamlPath } from './load-yaml';

/** A JSON Schema (draft-07) document. */
export type JsonSchema = Record<string, unknown>;

/** The pattern schemas use for "a template string is accepted here too". */
export const TEMPLATE_PATTERN = '\\{\\{';

export interface SchemaProblem {
  /** Path inside the validated value (map keys / list indexes). */
  readonly path: readonly (string | number)[];
  /** True when the problem is about a key (unknown key), so the key's position is better. */
  readonly atKey: boolean;
  readonly message: string;
}

/** How messages name things: `copy.mode: …` / `copy: unknown argument "x"`, or `spec.hosts: …`. */
export interface SchemaWording {
  /** Name of the validated value's root ("copy"); empty for a whole document. */
  readonly root: string;
  /** "argument" or "key". */
  readonly noun: string;
  /** What the empty path is called when `root` is empty ("the config"). */
  readonly whole?: string;
}

export type SchemaValidator = (value: GoValue) => SchemaProblem[];

export function schemasDir(): string {
  // The same for engine/… under ts-node/jest and dist/engine/… when built.
  return path.join(packageRoot(), 'schemas');
}

/** Reads schemas/<relative>.json. */
export function readSchema(relative: string): JsonSchema {
  return JSON.parse(fs.readFileSync(path.join(schemasDir(), `${relative}.json`), 'utf8')) as JsonSchema;
}

let sharedAjv: Ajv | undefined;

/**
 * One ajv instance knows every top-level schema, so `$ref: "tasks.json"` resolves. The schemas
 * are ours and tested; checking them against the meta-schema on every start costs start-up time.
 */
function ajv(): Ajv {
  if (sharedAjv === undefined) {
    sharedAjv = createAjv();
    for (const f of fs.readdirSync(schemasDir())) {
      const schema = f.endsWith('.json') ? readSchema(f.slice(0, -5)) : undefined;
      if (schema !== undefined && typeof schema.$id === 'string') sharedAjv.addSchema(schema);
    }
  }
  return sharedAjv;
}

/** Ajv set up the way kplay validates: every error, messages with data, unknown keywords allowed. */
export function createAjv(): Ajv {
  return new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false });
}

/** Wraps a compiled ajv function: problems instead of ajv's error objects. */
export function validatorFrom(validate: ValidateFunction, wording: SchemaWording, schema: JsonSchema): SchemaValidator {
  return (value) => (validate(toJsonData(value)) ? [] : summarise(validate.errors ?? [], wording, schema));
}

/** A validator for the top-level schema schemas/<name>.json (which may `$ref` its siblings). */
export function documentValidator(name: string): SchemaValidator {
  const wording = { root: '', noun: 'key', whole: `the ${name}` };
  const schema = readSchema(name);
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= (typeof schema.$id === 'string' ? ajv().getSchema(schema.$id) : undefined) ?? ajv().compile(schema);
    return validatorFrom(validate, wording, schema)(value);
  };
}

/** Problems placed in the YAML document: unknown keys at the key, everything else at the value. */
export function problemsToDiagnostics(doc: YamlDocument, problems: readonly SchemaProblem[], base: YamlPath = []): Diagnostic[] {
  return problems.map((p) => {
    const at = [...base, ...p.path];
    return { pos: p.atKey ? doc.locateKey(at) : doc.locate(at), message: p.message, severity: 'error' };
  });
}

/** What the value looks like after the JSON round trip the engine applies. */
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

/** `copy.auths[0].registry`, `spec.groups.web.hosts`; the root alone for the empty path. */
export function describePath(root: string, p: readonly (string | number)[], whole = 'the document'): string {
  const text = p.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc === '' ? seg : `${acc}.${seg}`), root);
  return text === '' ? whole : text;
}

/** A schema may say in words what its pattern means (`patternDescription`, an annotation ajv ignores). */
function patternMessage(e: ErrorObject): string {
  const words = (e.parentSchema as { patternDescription?: unknown } | undefined)?.patternDescription;
  return typeof words === 'string' ? `must be ${words}` : (e.message ?? 'is invalid');
}

function isTemplatePattern(e: ErrorObject): boolean {
  return (e.params as { pattern?: string }).pattern === TEMPLATE_PATTERN;
}

/**
 * Turns ajv's error list into one message per problem. `anyOf` alternatives (typed value or
 * template string) produce one type error each; they are folded into "must be A or B".
 */
function summarise(errors: ErrorObject[], wording: SchemaWording, schema: JsonSchema): SchemaProblem[] {
  const { root, noun } = wording;
  const describe = (p: readonly (string | number)[]): string => describePath(root, p, wording.whole);
  const problems: SchemaProblem[] = [];
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
        problems.push({ path: [...p, extra], atKey: true, message: `${describe(p)}: unknown ${noun} "${extra}"${didYouMean(extra, known)}` });
        break;
      }
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        problems.push({ path: p, atKey: false, message: `${describe(p)}: missing required ${noun} "${missing}"` });
        break;
      }
      case 'type': {
        const set = typesByPath.get(e.instancePath) ?? new Set<string>();
        const t = (e.params as { type: string | string[] }).type;
        for (const x of Array.isArray(t) ? t : [t]) set.add(x);
        typesByPath.set(e.instancePath, set);
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((x) => JSON.stringify(x));
        const hint = typeof e.data === 'string' ? didYouMean(e.data, allowed.map((a) => a.replace(/^"|"$/g, ''))) : '';
        problems.push({ path: p, atKey: false, message: `${describe(p)}: must be one of ${allowed.join(', ')}${hint}` });
        break;
      }
      case 'const': {
        const wanted = JSON.stringify((e.params as { allowedValue: unknown }).allowedValue);
        problems.push({ path: p, atKey: false, message: `${describe(p)}: must be ${wanted}, not ${JSON.stringify(e.data)}` });
        break;
      }
      case 'minLength':
        problems.push({ path: p, atKey: false, message: `${describe(p)}: ${(e.params as { limit: number }).limit === 1 ? 'must not be empty' : (e.message ?? 'is too short')}` });
        break;
      case 'not': {
        // A `not` says what is forbidden only through the description of the schema around it.
        const why = typeof e.parentSchema?.description === 'string' ? e.parentSchema.description : (e.message ?? 'is invalid');
        problems.push({ path: p, atKey: false, message: `${describe(p)}: ${why}` });
        break;
      }
      case 'minItems':
        problems.push({ path: p, atKey: false, message: `${describe(p)}: ${(e.params as { limit: number }).limit === 1 ? 'must not be an empty list' : (e.message ?? 'is too short')}` });
        break;
      case 'anyOf':
      case 'oneOf':
      case 'if':
        break;
      case 'pattern':
        // The "or a template string" alternative failing says nothing about the typed one.
        if (anyOfPaths.has(e.instancePath) && isTemplatePattern(e)) break;
        problems.push({ path: p, atKey: false, message: `${describe(p)}: ${patternMessage(e)}` });
        break;
      default:
        problems.push({ path: p, atKey: false, message: `${describe(p)}: ${e.message ?? 'is invalid'}` });
    }
  }
  // When the value matched an alternative's type but not its content (a mapping missing a key or
  // with a bad entry, a string outside an enum), the content problem is the useful one; "must be a
  // string" from the other branch is noise.
  const structural = errors
    .filter((e) => !['type', 'anyOf', 'oneOf', 'if'].includes(e.keyword) && !(e.keyword === 'pattern' && isTemplatePattern(e)))
    .map((e) => e.instancePath);
  const matchedDeeper = (pointer: string): boolean => structural.some((p) => p === pointer || p.startsWith(`${pointer}/`));
  for (const [pointer, types] of typesByPath) {
    if (anyOfPaths.has(pointer) && matchedDeeper(pointer)) continue;
    const p = pointerToPath(pointer);
    problems.push({ path: p, atKey: false, message: `${describe(p)}: must be ${joinTypes([...types])}` });
  }
  if (problems.length === 0 && errors.length > 0) {
    const top = typeof schema.description === 'string' ? ` (${schema.description})` : '';
    problems.push({ path: [], atKey: false, message: `${describe([])}: invalid${top}` });
  }
  return problems;
}

function joinTypes(types: string[]): string {
  // An empty value is allowed wherever null is listed; saying so adds nothing.
  const shown = types.length > 1 ? types.filter((t) => t !== 'null') : types;
  const names = [...new Set(shown)].map((t) =>
    t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : t === 'integer' ? 'an integer' : t === 'null' ? 'empty' : `a ${t}`,
  );
  if (names.length <= 1) return names[0] ?? 'valid';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
