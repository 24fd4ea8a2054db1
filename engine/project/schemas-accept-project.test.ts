/**
 * The schemas editors use (schemas/playbook.json, tasks.json, role-meta.json) accept every
 * playbook, task file and role meta file the repository ships, which the loader also accepts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../core/package-root';
import { loadYaml } from '../yaml/load-yaml';
import { documentValidator, problemsToDiagnostics } from '../yaml/schema-validation';

const ROOT = packageRoot();

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

const kinds: [string, (file: string) => boolean][] = [
  ['playbook', (f) => f.startsWith(path.join(ROOT, 'playbooks') + path.sep)],
  ['tasks', (f) => /\/roles\/.+\/(tasks|handlers)\/[^/]+\.ya?ml$/.test(f)],
  ['role-meta', (f) => /\/roles\/.+\/meta\/main\.ya?ml$/.test(f)],
];

const files = [...yamlFiles(path.join(ROOT, 'playbooks')), ...yamlFiles(path.join(ROOT, 'roles'))];

test.each(kinds)('every %s file of the repository matches its schema', (schema, select) => {
  const validate = documentValidator(schema);
  const chosen = files.filter(select);
  expect(chosen.length).toBeGreaterThan(0);
  const problems = chosen.flatMap((file) => {
    const doc = loadYaml(fs.readFileSync(file, 'utf8'), file, { schema: 'project' });
    if (doc.value === null || doc.value === undefined) return [];
    return problemsToDiagnostics(doc, validate(doc.value)).map((d) => `${path.relative(ROOT, d.pos.file)}:${d.pos.line}:${d.pos.col}: ${d.message}`);
  });
  expect(problems).toEqual([]);
});
