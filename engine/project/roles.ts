/** Role references and role directories (meta dependencies, defaults, tasks, handlers). */

import * as fs from 'fs';
import * as path from 'path';
import { childRef, isPlainMap, posOf, rootRef, type LoadContext, type NodeRef } from './context';
import { isFile, resolveRoleDir } from './includes';
import { checkKeys, readInheritedKeywords } from './inherited';
import { INHERITED_KEYS, NO_EFFECT_KEYS, ROLE_REF_KEYS } from './keyword-sets';
import { readString, yamlTagOf } from './keywords';
import type { HandlerNode, InheritedKeywords, RoleNode, VarsNode } from './model';
import { readHandlers, readTaskList } from './tasks';
import type { TaskScope } from './context';
import { readVarsDocument } from './vars-files';
import { documentValidator } from '../yaml/schema-validation';

const ROLE_REF_ALLOWED = new Set<string>([...INHERITED_KEYS, ...ROLE_REF_KEYS]);
const NO_EFFECT = new Set<string>(NO_EFFECT_KEYS);
const MISPLACED = new Map<string, string>([
  ['dependencies', ' (declare dependencies in the role\'s meta/main.yaml)'],
  ['loop', ' (roles cannot loop)'],
]);

export interface LoadedRole {
  readonly role: RoleNode;
  /** Handlers of the role and its dependencies (`handlers/main.yaml`), added to the play's. */
  readonly handlers: readonly HandlerNode[];
}

/**
 * Reads one entry of a `roles:` list (or of a meta `dependencies:` list). `chain` holds the role
 * directories being loaded, to detect dependency cycles.
 */
export function readRoleRef(ctx: LoadContext, ref: NodeRef, playbookFile: string, chain: readonly string[]): LoadedRole | undefined {
  let name: string | undefined;
  let keywords: InheritedKeywords = { when: [], tags: [] };
  let nameRef = ref;
  if (typeof ref.value === 'string') {
    name = ref.value;
  } else if (isPlainMap(ref.value)) {
    checkKeys(ctx, ref, 'on a role reference', ROLE_REF_ALLOWED, NO_EFFECT, MISPLACED);
    nameRef = childRef(ref, 'role');
    name = readString(ctx, nameRef, 'role');
    if (name === undefined) {
      ctx.error(posOf(ref), 'a role reference needs a "role" key');
      return undefined;
    }
    keywords = readInheritedKeywords(ctx, ref);
  } else {
    ctx.error(posOf(ref), `a role reference must be a role name or a mapping, got ${yamlTagOf(ref.value)}`);
    return undefined;
  }
  const dir = resolveRoleDir(ctx, name, playbookFile);
  if (dir === undefined) {
    ctx.error(posOf(nameRef), `failed to find role "${name}" base on "${path.relative(ctx.root, playbookFile)}"`);
    return undefined;
  }
  if (chain.includes(dir)) {
    const names = [...chain.slice(chain.indexOf(dir)), dir].map((d) => path.relative(ctx.root, d));
    ctx.error(posOf(nameRef), `role dependency cycle: ${names.join(' -> ')}`);
    return undefined;
  }
  const inner = [...chain, dir];
  const dependencies: RoleNode[] = [];
  const handlers: HandlerNode[] = [];
  for (const dep of readMetaDependencies(ctx, dir)) {
    const loaded = readRoleRef(ctx, dep, playbookFile, inner);
    if (loaded) {
      dependencies.push(loaded.role);
      handlers.push(...loaded.handlers);
    }
  }
  const scope: TaskScope = { top: dir, sourceDir: path.join(dir, 'tasks'), role: name, includeChain: [] };
  const tasks = readRoleFileList(ctx, dir, 'tasks', (r) => readTaskList(ctx, r, { ...scope, includeChain: [r.src.file] }, 'tasks'));
  handlers.push(...readRoleFileList(ctx, dir, 'handlers', (r) => readHandlers(ctx, r, { ...scope, sourceDir: path.join(dir, 'handlers') })));
  const role: RoleNode = {
    kind: 'role',
    ...keywords,
    name,
    dir,
    pos: posOf(ref),
    defaults: readDefaults(ctx, dir),
    dependencies,
    tasks,
  };
  return { role, handlers };
}

function mainFile(dir: string, sub: string): string | undefined {
  return [path.join(dir, sub, 'main.yaml'), path.join(dir, sub, 'main.yml')].find(isFile);
}

function readRoleFileList<T>(ctx: LoadContext, dir: string, sub: string, read: (ref: NodeRef) => T[]): T[] {
  const file = mainFile(dir, sub);
  if (!file) return [];
  const src = ctx.readYaml(file);
  return src ? read(rootRef(src)) : [];
}

const validateRoleMeta = documentValidator('role-meta');

/**
 * The `dependencies` of meta/main.yaml, checked against schemas/role-meta.json first. The entries
 * are read by readRoleRef like the play's `roles:` (which reports their keys and values).
 */
function readMetaDependencies(ctx: LoadContext, dir: string): NodeRef[] {
  const file = mainFile(dir, 'meta');
  if (!file) return [];
  const src = ctx.readYaml(file);
  if (!src) return [];
  const root = rootRef(src);
  if (root.value === null || root.value === undefined) return [];
  // Entry-level problems are left to readRoleRef, which words them like the play's roles: list.
  const problems = validateRoleMeta(root.value).filter((p) => p.path.length <= 1);
  for (const problem of problems) {
    const at = problem.path.length === 0 ? root : childRef(root, problem.path[0]);
    ctx.error(posOf(at), `${path.relative(ctx.root, file)}: ${problem.message}`);
  }
  const deps = childRef(root, 'dependencies');
  if (problems.length > 0 || !Array.isArray(deps.value)) return [];
  return deps.value.map((_, i) => childRef(deps, i));
}

/** `defaults/main.y(a)ml`, then `defaults/main/*.y(a)ml` in file-name order. */
function readDefaults(ctx: LoadContext, dir: string): VarsNode[] {
  const files: string[] = [];
  const main = mainFile(dir, 'defaults');
  if (main) files.push(main);
  const mainDir = path.join(dir, 'defaults', 'main');
  if (fs.existsSync(mainDir) && fs.statSync(mainDir).isDirectory()) {
    const names = fs
      .readdirSync(mainDir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const n of names) {
      const f = path.join(mainDir, n);
      if (isFile(f)) files.push(f);
    }
  }
  const out: VarsNode[] = [];
  for (const f of files) {
    const node = readVarsDocument(ctx, f, 'defaults');
    if (node) out.push(node);
  }
  return out;
}
