/**
 * Parse-checking of template strings at load time, with errors placed in the YAML file
 * (engine/project/template-sites.ts says how a template position maps to the file).
 */

import type { GoValue } from '../core/values';
import { isPlainMap, type LoadContext, type NodeRef } from './context';
import type { SourcePos } from '../core/source';
import { describeTemplateError, isTemplateText } from './template-bridge';
import { positionInSite, siteOf } from './template-sites';

/**
 * Checks `text` (the template derived from the node at `ref`); returns false when it is broken.
 * `wrapped` says the text is the node's value inside `{{`…`}}` (conditions), which shifts columns.
 */
export function checkTemplate(ctx: LoadContext, ref: NodeRef, text: string, what: string, wrapped = false): boolean {
  try {
    ctx.templates.parse(text, what);
    return true;
  } catch (e) {
    const problem = describeTemplateError(e);
    ctx.error(templateErrorPos(ref, problem.line, problem.col, wrapped ? 2 : 0), `invalid template in ${what}: ${problem.text}`, 'KP-TMPL-001');
    return false;
  }
}

/** Checks every string holding `{{ … }}` inside a value (vars, module arguments). */
export function checkTemplatesIn(ctx: LoadContext, ref: NodeRef, what: string): void {
  const walk = (r: NodeRef, label: string): void => {
    const v: GoValue = r.value;
    if (typeof v === 'string') {
      if (isTemplateText(v)) checkTemplate(ctx, r, v, label);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk({ src: r.src, path: [...r.path, i], value: item }, `${label}[${i}]`));
    } else if (isPlainMap(v)) {
      for (const [k, item] of Object.entries(v)) walk({ src: r.src, path: [...r.path, k], value: item }, `${label}.${k}`);
    }
  };
  walk(ref, what);
}

/**
 * File position of a template error at `templateLine`/`templateCol` of the node's text, where the
 * template text starts with `prefix` characters the file does not contain.
 */
export function templateErrorPos(ref: NodeRef, templateLine: number, templateCol: number | undefined, prefix: number): SourcePos {
  return positionInSite(siteOf(ref, '', prefix), templateLine, templateCol);
}
