/**
 * Validation of module arguments against schemas/modules/<name>.json with ajv, reporting each
 * problem at the YAML node it concerns.
 */

import * as fs from 'fs';
import * as path from 'path';
import type { ValidateFunction } from 'ajv';
import type { GoValue } from '../core/values';
import { createAjv, schemasDir, validatorFrom, type JsonSchema, type SchemaProblem } from '../yaml/schema-validation';

export { schemasDir, toJsonData, type JsonSchema } from '../yaml/schema-validation';

export type ArgumentProblem = SchemaProblem;

export interface ModuleSchemaChecker {
  check(module: string, args: GoValue): ArgumentProblem[];
}

/** Reads every schemas/modules/*.json, keyed by module name. */
export function readModuleSchemas(dir = path.join(schemasDir(), 'modules')): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.json')) out[f.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as JsonSchema;
  }
  return out;
}

/** Checks arguments against `schemas` (one ajv instance per checker: tests bring their own schemas). */
export function createSchemaChecker(schemas: Readonly<Record<string, JsonSchema>>): ModuleSchemaChecker {
  const ajv = createAjv();
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
      return validatorFrom(validate, { root: module, noun: 'argument' }, schema)(args);
    },
  };
}

let shipped: ModuleSchemaChecker | undefined;

/**
 * The checker of the schemas kplay ships, made once per process: they do not change while it
 * runs, and reading them and compiling a validator per module cost more than checking a
 * playbook's arguments (a program that runs many playbooks, `kplay web`, pays it once).
 */
export function shippedSchemaChecker(): ModuleSchemaChecker {
  shipped ??= createSchemaChecker(readModuleSchemas());
  return shipped;
}
