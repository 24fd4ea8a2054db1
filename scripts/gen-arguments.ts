/** Rewrites builtin-modules/arguments.ts from schemas/modules/*.json. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateArgumentTypes } from '../engine/modules/schema-types';
import { readModuleSchemas } from '../engine/project/schema-check';

writeFileSync(join(__dirname, '..', 'builtin-modules', 'arguments.ts'), generateArgumentTypes(readModuleSchemas()));
