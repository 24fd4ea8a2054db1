/**
 * docs/modules.md, schemas/modules/*.json and the registered modules must agree: every module has
 * a schema, every documented argument is in the schema and every schema property is documented,
 * "required" in the docs means required in the schema, and documented defaults are the schema's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from '../../builtin-modules';
import { readModuleSchemas, type JsonSchema } from '../../engine/project';

const ROOT = join(__dirname, '..', '..');
const schemas = readModuleSchemas();

interface DocArgument {
  readonly name: string;
  readonly required: boolean;
  /** The backticked literal of the default column, when there is one. */
  readonly default?: string;
}

/** `## \`copy\`` and `## \`command\` / \`shell\`` sections, each with the argument rows of its tables. */
function documentedArguments(): Map<string, DocArgument[]> {
  const text = readFileSync(join(ROOT, 'docs', 'modules.md'), 'utf8');
  const out = new Map<string, DocArgument[]>();
  let modules: string[] = [];
  let columns: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) {
      modules = [...line.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
      columns = undefined;
      continue;
    }
    if (!line.startsWith('|')) {
      columns = undefined;
      continue;
    }
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (columns === undefined) {
      columns = cells;
      continue;
    }
    if (columns[0] !== 'argument' || cells.every((c) => /^-+$/.test(c))) continue;
    const defaultCell = columns.indexOf('default') >= 0 ? cells[columns.indexOf('default')] : undefined;
    const notes = cells[cells.length - 1];
    const required = /\brequired\b/.test(cells[0]) || defaultCell === 'required' || /^required\b/.test(notes) || cells.includes('required');
    const literal = defaultCell !== undefined ? /^`([^`]*)`$/.exec(defaultCell)?.[1] : undefined;
    for (const name of [...cells[0].matchAll(/`([a-z_]+)`/g)].map((m) => m[1])) {
      for (const module of modules) {
        const list = out.get(module) ?? [];
        list.push({ name, required, ...(literal !== undefined && !cells[0].includes(',') ? { default: literal } : {}) });
        out.set(module, list);
      }
    }
  }
  return out;
}

/** The mapping form of a schema: the object itself or its object alternative. */
function objectForm(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: string[] } | undefined {
  const candidates = [schema, ...((schema.anyOf as JsonSchema[] | undefined) ?? [])];
  const object = candidates.find((s) => s.type === 'object' && s.properties !== undefined);
  if (object === undefined) return undefined;
  return { properties: object.properties as Record<string, JsonSchema>, required: (object.required as string[] | undefined) ?? [] };
}

const documented = documentedArguments();
const names = builtinModules.flatMap((m) => [m.name, ...(m.aliases ?? [])]);

test('every registered module has a schema and every schema a module', () => {
  expect(Object.keys(schemas).sort()).toEqual([...names].sort());
});

describe.each(names.filter((n) => objectForm(schemas[n] ?? {}) !== undefined))('docs/modules.md for %s', (module) => {
  const form = objectForm(schemas[module]);
  const rows = documented.get(module) ?? [];

  test('documents exactly the schema properties', () => {
    expect([...new Set(rows.map((r) => r.name))].sort()).toEqual(Object.keys(form?.properties ?? {}).sort());
  });

  test('"required" in the docs is required in the schema', () => {
    expect(rows.filter((r) => r.required).map((r) => r.name).sort()).toEqual([...(form?.required ?? [])].sort());
  });

  test('documented defaults are the schema defaults', () => {
    for (const row of rows.filter((r) => r.default !== undefined)) {
      expect({ name: row.name, schemaHasDefault: form?.properties[row.name]?.default !== undefined }).toEqual({ name: row.name, schemaHasDefault: true });
    }
    for (const [name, property] of Object.entries(form?.properties ?? {})) {
      if (property.default === undefined) continue;
      const row = rows.find((r) => r.name === name && r.default !== undefined);
      const want = typeof property.default === 'number' && name === 'mode' ? `0${property.default.toString(8)}` : String(property.default);
      expect({ name, default: row?.default }).toEqual({ name, default: want });
    }
  });
});
