/**
 * Entry point of project loading: reads the entry playbook and everything it reaches, checks it
 * all, and returns either the project or the complete list of problems.
 */

import * as path from 'path';
import type { GoValue } from '../core/values';
import { sortDiagnostics } from '../yaml/load-yaml';
import { LoadContext } from './context';
import type { Diagnostic } from '../core/source';
import type { LoadedProject, PlayNode, TaskListEntry } from './model';
import { loadPlaybookFile } from './playbook';
import { createSchemaChecker, shippedSchemaChecker, type JsonSchema } from './schema-check';
import { defaultTemplateService, type TemplateService } from './template-bridge';

export interface LoadProjectOptions {
  /** The config's `spec`: the only data import_playbook / vars_files / injected paths see. */
  readonly config: GoValue;
  /** Registered module names; a task key is a module only if it is listed here. */
  readonly moduleNames: readonly string[];
  /** Argument schemas by module name; defaults to schemas/modules/*.json. */
  readonly moduleSchemas?: Readonly<Record<string, JsonSchema>>;
  /** Substitute template engine (tests); defaults to engine/template/template.ts. */
  readonly templates?: TemplateService;
}

export interface LoadProjectResult {
  /** Present only when there is no error (warnings may exist). */
  readonly project?: LoadedProject;
  readonly diagnostics: Diagnostic[];
}

/** `/p/playbooks/site.yaml` → `/p`; `/p/site.yaml` → `/p` (`docs/playbooks.md#project-layout`). */
export function projectRoot(entryPlaybook: string): string {
  const dir = path.dirname(path.resolve(entryPlaybook));
  return path.basename(dir) === 'playbooks' ? path.dirname(dir) : dir;
}

export function loadProject(entryPlaybook: string, opts: LoadProjectOptions): LoadProjectResult {
  const entry = path.resolve(entryPlaybook);
  const root = projectRoot(entry);
  const ctx = new LoadContext(
    root,
    opts.config,
    new Set(opts.moduleNames),
    opts.templates ?? defaultTemplateService(),
    opts.moduleSchemas !== undefined ? createSchemaChecker(opts.moduleSchemas) : shippedSchemaChecker(),
  );
  const plays = loadPlaybookFile(ctx, entry, [], true);
  for (const play of plays) checkNotifyTargets(ctx, play);
  const diagnostics = dedupe(ctx.diagnostics);
  sortDiagnostics(diagnostics);
  const failed = diagnostics.some((d) => d.severity === 'error');
  return failed ? { diagnostics } : { project: { root, entry, plays }, diagnostics };
}

/** Every `notify` must name a handler (or a `listen` topic) of the same play. */
function checkNotifyTargets(ctx: LoadContext, play: PlayNode): void {
  const known = new Set<string>();
  for (const h of play.handlers) {
    known.add(h.task.name);
    for (const l of h.listen) known.add(l);
  }
  const visit = (entries: readonly TaskListEntry[]): void => {
    for (const e of entries) {
      if (e.kind === 'block') {
        visit(e.block);
        visit(e.rescue);
        visit(e.always);
      } else {
        for (const n of e.notify) {
          if (!known.has(n)) ctx.error(e.pos, `notify: no handler named "${n}" in this play`);
        }
      }
    }
  };
  visit(play.preTasks);
  const visitRole = (r: PlayNode['roles'][number]): void => {
    r.dependencies.forEach(visitRole);
    visit(r.tasks);
  };
  play.roles.forEach(visitRole);
  visit(play.tasks);
  visit(play.postTasks);
  for (const h of play.handlers) visit([h.task]);
}

/** The same file read twice (a role used by two plays) must not report its problems twice. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.pos.file}:${d.pos.line}:${d.pos.col}:${d.severity}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
