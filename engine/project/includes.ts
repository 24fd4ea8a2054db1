/** Path resolution shared by include_tasks, import_playbook and role look-ups. */

import * as fs from 'fs';
import * as path from 'path';
import type { LoadContext, TaskScope } from './context';

/** The first candidate that exists (file or directory). */
export function firstExisting(candidates: readonly string[]): string | undefined {
  return candidates.find((c) => fs.existsSync(c));
}

export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** `include_tasks` order (`docs/playbooks.md#includes`): source, source/tasks, top, top/tasks. */
export function resolveInclude(ctx: LoadContext, rel: string, scope: TaskScope): string | undefined {
  if (path.isAbsolute(rel)) return isFile(rel) ? rel : undefined;
  const candidates = [
    path.join(scope.sourceDir, rel),
    path.join(scope.sourceDir, 'tasks', rel),
    path.join(scope.top, rel),
    path.join(scope.top, 'tasks', rel),
  ];
  return candidates.filter((c) => insideRoot(ctx, c)).find(isFile);
}

/** Import search order (`docs/playbooks.md#imports-and-injected-playbooks`): D/p, D/playbooks/p, <root>/playbooks/p. */
export function resolvePlaybookImport(ctx: LoadContext, rel: string, importingFile: string): string | undefined {
  if (path.isAbsolute(rel)) return isFile(rel) ? rel : undefined;
  const dir = path.dirname(importingFile);
  const candidates = [path.join(dir, rel), path.join(dir, 'playbooks', rel), path.join(ctx.root, 'playbooks', rel)];
  return candidates.filter((c) => insideRoot(ctx, c)).find(isFile);
}

/** Role order (`docs/playbooks.md#roles`): dir(dir(P))/roles/R, dir(P)/roles/R, <root>/roles/R. */
export function resolveRoleDir(ctx: LoadContext, role: string, playbookFile: string): string | undefined {
  const dir = path.dirname(playbookFile);
  const candidates = [path.join(path.dirname(dir), 'roles', role), path.join(dir, 'roles', role), path.join(ctx.root, 'roles', role)];
  return firstExisting(candidates.filter((c) => insideRoot(ctx, c)));
}

/** Look-ups never leave the project root (KubeKey reads through a file system rooted there). */
function insideRoot(ctx: LoadContext, candidate: string): boolean {
  const rel = path.relative(ctx.root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
