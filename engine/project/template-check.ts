/**
 * Parse-checking of template strings at load time, with errors placed in the YAML file.
 *
 * Go's parse errors carry only a line number relative to the template text. It is mapped to the
 * file like this (approximations noted):
 * - block scalars (`|`, `>`): content line N is file line header+N, column = its indentation + 1
 *   (for folded `>` scalars folding may join lines, so the line can be off);
 * - plain and quoted scalars: line 1 is the scalar's own position (the opening quote for quoted
 *   ones); for multi-line flow scalars line N is counted from there, column 1.
 */

import type { GoValue } from '../core/values';
import { isPlainMap, posOf, type LoadContext, type NodeRef } from './context';
import type { SourcePos } from '../core/source';
import { describeTemplateError, isTemplateText } from './template-bridge';

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
  const base = posOf(ref);
  const info = ref.src.doc.nodeAt(ref.path);
  if (info?.style === 'literal' || info?.style === 'folded') {
    // The scalar's last content line bounds the guess (wrapping may add text after it).
    const contentLines = Math.max(1, (info.raw ?? '').replace(/\n+$/, '').split('\n').length - 1);
    const line = base.line + Math.min(templateLine, contentLines);
    const sourceLine = ref.src.text.split(/\r?\n/)[line - 1] ?? '';
    const indent = /^ */.exec(sourceLine)?.[0].length ?? 0;
    return { file: base.file, line, col: indent + Math.max(1, templateCol ?? 1) };
  }
  const raw = info?.raw ?? '';
  const singleLine = !raw.includes('\n');
  if (templateLine <= 1) {
    if (templateCol === undefined || !singleLine) return base;
    const quote = info?.style === 'plain' ? 0 : 1;
    // Escapes in double-quoted scalars make the text shorter than the source; clamp to the scalar.
    const col = Math.min(base.col + quote + Math.max(0, templateCol - 1 - prefix), base.col + Math.max(0, raw.length - 1));
    return { file: base.file, line: base.line, col };
  }
  return { file: base.file, line: base.line + templateLine - 1, col: 1 };
}
