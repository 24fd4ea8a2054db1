/**
 * Module arguments. Each module declares its JSON Schema (schemas/modules/<name>.json). The loader
 * checks what is literal against it before anything runs; here, at run time, template strings
 * are rendered with the host's view in the shape the schema asks for and the result is checked
 * against the schema again, so a module receives typed, valid arguments
 * (docs/modules.md; the types are generated from the schemas: builtin-modules/arguments.ts).
 */

import type { ValidateFunction } from 'ajv';
import { GoFloat, GoInt, GoMap, GoValue, isList, isMap } from '../core/values';
import { createAjv, readSchema, TEMPLATE_PATTERN, validatorFrom, type JsonSchema } from '../yaml/schema-validation';
import { ModuleArgumentError, type ArgumentSchema, type ModuleContext } from './types';

export type { JsonSchema } from '../yaml/schema-validation';

/** schemas/modules/<module>.json, as a module declares it. */
export function moduleSchema(module: string): ArgumentSchema {
  return { module, schema: readSchema(`modules/${module}`) };
}

export interface ArgumentOptions {
  /** Top-level arguments the module renders itself (per image, per key, as a variable path). */
  readonly raw?: readonly string[];
  /** false: the module renders everything itself (set_fact renders key by key); only validate. */
  readonly render?: boolean;
  /** The arguments to use instead of the task's (image rewrites its deprecated forms first). */
  readonly args?: GoValue;
}

/**
 * The task's arguments rendered and validated against `declared`: template strings become text,
 * or booleans / numbers / lists where the schema accepts no string; arguments in `raw` are left
 * as written; absent arguments get the schema's `default`. Problems are ModuleArgumentErrors
 * naming the argument.
 */
export function validatedArgs<T>(ctx: ModuleContext, declared: ArgumentSchema, options: ArgumentOptions = {}): T {
  const raw = new Set(options.raw ?? []);
  const given = options.args !== undefined ? options.args : ctx.args;
  const args = given === undefined ? null : given;
  let rendered: GoValue;
  if (options.render === false) {
    rendered = args;
  } else if (isMap(args)) {
    const out: GoMap = {};
    const object = objectBranch(declared.schema);
    for (const [key, value] of Object.entries(args)) {
      out[key] = raw.has(key) ? value : renderForSchema(ctx, value, propertySchema(object, key));
    }
    // Defaults live in the schema (and docs/modules.md), not in each module.
    for (const [key, property] of Object.entries((object?.properties ?? {}) as Record<string, JsonSchema>)) {
      if (out[key] === undefined && property.default !== undefined) out[key] = property.default as GoValue;
    }
    rendered = out;
  } else {
    rendered = renderForSchema(ctx, args, declared.schema);
  }
  // Values left as written may still be template strings, which the full schema accepts.
  const asWritten = options.render === false || raw.size > 0;
  const problems = runtimeValidator(declared, asWritten)(rendered);
  if (problems.length > 0) throw new ModuleArgumentError(problems.map((p) => p.message).join('; '));
  return rendered as unknown as T;
}

const validators = new Map<string, WeakMap<ArgumentSchema, (value: GoValue) => { message: string }[]>>();
const ajv = createAjv();

/**
 * The schema without its "or a template string" alternatives: rendered values must be typed. With
 * `asWritten` the schema as declared (some values are still unrendered templates).
 */
function runtimeValidator(declared: ArgumentSchema, asWritten: boolean): (value: GoValue) => { message: string }[] {
  const kind = asWritten ? 'written' : 'rendered';
  const cache = validators.get(kind) ?? new WeakMap<ArgumentSchema, (value: GoValue) => { message: string }[]>();
  validators.set(kind, cache);
  let validator = cache.get(declared);
  if (validator === undefined) {
    const schema = (asWritten ? declared.schema : withoutTemplateAlternatives(declared.schema)) as JsonSchema;
    // Anonymous: the load-time checker may know the same $id.
    const anonymous: JsonSchema = { ...schema };
    delete anonymous.$id;
    const compiled: ValidateFunction = ajv.compile(anonymous);
    validator = validatorFrom(compiled, { root: declared.module, noun: 'argument' }, schema);
    cache.set(declared, validator);
  }
  return validator;
}

function isTemplateAlternative(s: unknown): boolean {
  return isSchema(s) && s.type === 'string' && s.pattern === TEMPLATE_PATTERN;
}

function isSchema(s: unknown): s is JsonSchema {
  return typeof s === 'object' && s !== null && !Array.isArray(s);
}

export function withoutTemplateAlternatives(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutTemplateAlternatives);
  if (!isSchema(schema)) return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      const kept = value.filter((alternative) => !isTemplateAlternative(alternative));
      out[key] = withoutTemplateAlternatives(kept.length > 0 ? kept : value);
    } else {
      out[key] = withoutTemplateAlternatives(value);
    }
  }
  return out;
}

function objectBranch(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  if (schema.type === 'object' || schema.properties !== undefined) return schema;
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return alternatives?.find((a) => a.type === 'object' || a.properties !== undefined);
}

function propertySchema(object: JsonSchema | undefined, key: string): JsonSchema | undefined {
  const properties = object?.properties as Record<string, JsonSchema> | undefined;
  if (properties?.[key] !== undefined) return properties[key];
  const extra = object?.additionalProperties;
  return isSchema(extra) ? extra : undefined;
}

function listBranch(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (schema === undefined) return undefined;
  if (schema.type === 'array') return schema;
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return alternatives?.find((a) => a.type === 'array');
}

const admitted = new WeakMap<JsonSchema, ReadonlySet<string> | undefined>();

/** Every JSON type the schema admits besides template strings; undefined when it says nothing. */
function admittedTypes(schema: JsonSchema | undefined): ReadonlySet<string> | undefined {
  if (schema === undefined) return undefined;
  // Asked for every argument of every task on every host, of the same few schema objects.
  if (admitted.has(schema)) return admitted.get(schema);
  const types = typesOf(schema);
  admitted.set(schema, types);
  return types;
}

function typesOf(schema: JsonSchema): ReadonlySet<string> | undefined {
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives !== undefined) {
    const out = new Set<string>();
    for (const alternative of alternatives) {
      if (isTemplateAlternative(alternative)) continue;
      const inner = admittedTypes(alternative);
      if (inner === undefined) return undefined;
      inner.forEach((t) => out.add(t));
    }
    return out;
  }
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map((v) => (typeof v === 'number' ? 'number' : typeof v)));
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type as string[]);
  return undefined;
}

/** Rendered text read as the type the schema wants when it wants no string. */
function typeText(text: string, types: ReadonlySet<string> | undefined): GoValue {
  if (types === undefined || types.has('string')) return text;
  const trimmed = text.trim();
  if (types.has('boolean')) {
    const lower = trimmed.toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(lower)) return true;
    if (['false', 'no', 'off', '0', ''].includes(lower)) return false;
  }
  if ((types.has('integer') || types.has('number')) && /^[+-]?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}

function renderForSchema(ctx: ModuleContext, value: GoValue, schema: JsonSchema | undefined): GoValue {
  const types = admittedTypes(schema);
  if (typeof value === 'string') {
    // A template standing for a list or mapping is read like vars (Go's JSON decoding).
    if (types !== undefined && !types.has('string') && (types.has('array') || types.has('object'))) return ctx.renderValue(value);
    return typeText(ctx.render(value), types);
  }
  // Data the schema does not describe (copy content, add_hostvars vars) is typed like vars.
  if (isList(value)) {
    const items = listBranch(schema)?.items;
    if (types === undefined || !isSchema(items)) return ctx.renderValue(value);
    return value.map((item) => renderForSchema(ctx, item, items));
  }
  if (isMap(value)) {
    const object = objectBranch(schema);
    if (types === undefined || object === undefined || (object.properties === undefined && !isSchema(object.additionalProperties))) {
      return ctx.renderValue(value);
    }
    const out: GoMap = {};
    for (const [key, inner] of Object.entries(value)) out[key] = renderForSchema(ctx, inner, propertySchema(object, key));
    return out;
  }
  // Numbers the schema types become plain numbers; undescribed data keeps Go's number kinds.
  if (types !== undefined && value instanceof GoInt) return Number(value.value);
  if (types !== undefined && value instanceof GoFloat) return value.value;
  return value;
}

/**
 * A file mode given as a number (YAML `0644` is already octal 420) or as text read as octal
 * ("0644", "644", "0o644"): the octal reading is what a schema cannot say.
 */
export function fileMode(value: number | string | undefined, key = 'mode'): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (/^0?[0-7]{3,4}$/.test(text)) return parseInt(text, 8);
  if (/^0o[0-7]+$/i.test(text)) return parseInt(text.slice(2), 8);
  throw new ModuleArgumentError(`"${key}" must be an octal file mode such as 0644, got "${text}"`);
}

/** A list argument given as a list, or as text holding a JSON list or a single item. */
export function listFromText(value: readonly string[] | string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return [...value];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed;
  } catch {
    // not JSON: a single item
  }
  return [value];
}

/** The arguments as a mapping, unrendered: image reads its deprecated forms before rewriting them. */
export function argMap(ctx: ModuleContext): GoMap {
  if (ctx.args === null || ctx.args === undefined) return {};
  if (!isMap(ctx.args)) throw new ModuleArgumentError(`${ctx.task.module}: arguments must be a mapping`);
  return ctx.args;
}

/** One rendered string inside a deprecated image form (pull.images_dir, copy.from.path, …). */
export function optionalString(ctx: ModuleContext, args: GoMap, key: string): string | undefined {
  const raw = args[key];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') {
    if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
    throw new ModuleArgumentError(`"${key}" must be a string`);
  }
  return ctx.render(raw);
}

/** copy's `content` given as data: written as JSON. */
export function toStringValue(v: GoValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
