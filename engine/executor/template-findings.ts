/**
 * What rendering a task's templates reveals beyond its output (`docs/cli.md#warnings`): every
 * `<no value>` a template prints is a warning placed at its file:line:col (an error under
 * `--strict` or `kplay_strict: true`, before the module acts); a condition that renders to
 * neither true nor false is a warning; a template error is placed in the task's file, not in
 * line 1 of the template string.
 */
import { KplayError } from '../core/errors';
import type { SourcePos } from '../core/source';
import type { GoMap } from '../core/values';
import type { Condition, TaskNode, TemplateSite, VarsNode } from '../project/model';
import { positionInSite } from '../project/template-sites';
import { isTrueOutput, renderText } from '../template/conversions';
import { TemplateError } from '../template/errors';
import { collectNoValues, type NoValue, type NoValueListener } from '../template/no-value';
import type { Effective } from './effective';
import { REDACTED } from './redactor';
import type { ExecutorServices, RunOptions } from './state';

/** What the findings need of a task run (engine/executor/task-runner.ts's context has it). */
export interface FindingsContext {
  readonly services: ExecutorServices;
  readonly options: RunOptions;
  readonly playName: string;
}

/** The variable that makes `<no value>` an error for a host (inventory, config, -e, play or role vars). */
export const STRICT_VARIABLE = 'kplay_strict';

/** `--strict`: a template printed `<no value>` while a task was rendered. */
export class NoValueError extends KplayError {
  /** Lets the error through template function calls (engine/template/no-value.ts). */
  readonly fromNoValueListener = true;

  constructor(message: string) {
    super('KP-TMPL-003', message);
    this.name = 'NoValueError';
  }
}

/** Where the templates of one task (on one host) come from, to name positions in files. */
export class TaskTemplates {
  private readonly sites: readonly TemplateSite[];
  private readonly seen = new Set<string>();
  private readonly noLog: boolean;

  constructor(
    private readonly ctx: FindingsContext,
    private readonly task: TaskNode,
    eff: Effective,
    private readonly host: string,
  ) {
    this.noLog = eff.noLog;
    const conditions = [...eff.when, ...task.failedWhen, ...(task.changedWhen ?? []), ...(task.until ?? [])];
    this.sites = [...(task.templateSites ?? []), ...conditions.flatMap((c) => (c.site !== undefined ? [c.site] : []))];
  }

  /**
   * The file position of `line`/`col` inside `text` rendered under `name`: template files name
   * themselves; strings of the task are found among its sites; anything else is placed at the task.
   */
  place(name: string, text: string | undefined, line: number, col: number): SourcePos {
    if (name !== this.task.pos.file) {
      const templateFile = this.task.templateFiles?.includes(name) === true || /[/\\]templates[/\\]/.test(name);
      return templateFile ? { file: name, line, col } : this.task.pos;
    }
    const site = text === undefined ? undefined : this.sites.find((s) => s.text === text);
    return site !== undefined ? positionInSite(site, line, col) : this.task.pos;
  }

  /** The listener for the task's renderings: warns once per place and expression, throws when strict. */
  readonly listener: NoValueListener = (found: NoValue) => {
    const pos = this.place(found.templateName, found.text, found.line, found.column);
    const source = `${pos.file}:${pos.line}:${pos.col}`;
    const message = `${found.expression} has no value: the template printed "<no value>" (a misspelt or undefined variable?)`;
    const key = `${source}\u0000${found.expression}`;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.warn({ kind: 'no-value', message, source, variable: found.expression });
    }
    if (this.strict()) {
      throw new NoValueError(`${source}: ${found.expression} has no value; strict mode forbids "<no value>" (fix the name, or give it a value with "default")`);
    }
  };

  /** Evaluates a condition like KubeKey (true only for the output `true`), warning about any output but true/false. */
  holds(cond: Condition, view: GoMap): boolean {
    const output = renderText(cond.template, view, this.task.pos.file);
    const lower = output.toLowerCase();
    if (lower !== 'true' && lower !== 'false') {
      const pos = cond.site !== undefined ? positionInSite(cond.site, 1, 1 + cond.site.prefix) : cond.pos;
      const source = `${pos.file}:${pos.line}:${pos.col}`;
      const key = `${source}\u0000condition`;
      if (!this.seen.has(key)) {
        this.seen.add(key);
        // The output may be a secret: redacted like every other value, hidden for no_log tasks.
        const redacted = this.noLog ? REDACTED : this.ctx.services.redactor.redact(output);
        const shown = redacted.length > 80 ? `${redacted.slice(0, 77)}...` : redacted;
        this.warn({ kind: 'condition', message: `condition ${cond.template} rendered ${JSON.stringify(shown)}, neither true nor false: it counts as false`, source });
      }
    }
    return isTrueOutput(output);
  }

  /** A template error of this task, with its position moved from the template string into the file. */
  relocate(err: unknown): unknown {
    if (!(err instanceof TemplateError) || err.phase !== 'exec' || err.templateName !== this.task.pos.file) return err;
    const pos = this.place(err.templateName, err.text, err.line, err.column);
    return new TemplateError({ phase: err.phase, templateName: pos.file, line: pos.line, column: pos.col, goMessage: err.goMessage, detail: err.detail, ...(err.text !== undefined ? { text: err.text } : {}) });
  }

  private strict(): boolean {
    return isStrict(this.ctx, this.host);
  }

  private warn(w: { kind: 'no-value' | 'condition'; message: string; source: string; variable?: string }): void {
    this.ctx.services.emit({
      type: 'warning',
      warning: { ...w, host: this.host, play: this.ctx.playName, task: this.task.name },
      time: new Date().toISOString(),
    });
  }
}

/**
 * Renders a `vars` mapping (play, role, defaults, block, task) for each host like
 * `VariableAccess.renderAndMergeVars`, with every `<no value>` a warning placed at the mapping
 * (an error under strict mode, which fails the level like any vars error).
 */
export function mergeVarsWatched(ctx: FindingsContext, node: VarsNode, hosts: readonly string[], task?: string): void {
  const source = `${node.pos.file}:${node.pos.line}:${node.pos.col}`;
  for (const host of hosts) {
    const seen = new Set<string>();
    const listener: NoValueListener = (found) => {
      if (!seen.has(found.expression)) {
        seen.add(found.expression);
        ctx.services.emit({
          type: 'warning',
          warning: {
            kind: 'no-value',
            message: `${found.expression} has no value in vars: the template printed "<no value>" (a misspelt or undefined variable?)`,
            source,
            host,
            play: ctx.playName,
            ...(task !== undefined ? { task } : {}),
            variable: found.expression,
          },
          time: new Date().toISOString(),
        });
      }
      if (isStrict(ctx, host)) {
        throw new NoValueError(`${source}: ${found.expression} has no value; strict mode forbids "<no value>" (fix the name, or give it a value with "default")`);
      }
    };
    collectNoValues(listener, () => ctx.services.vars.renderAndMergeVars([host], node));
  }
}

function isStrict(ctx: FindingsContext, host: string): boolean {
  if (ctx.options.strict) return true;
  const flag = ctx.services.vars.view(host)[STRICT_VARIABLE];
  return flag === true || flag === 'true';
}
