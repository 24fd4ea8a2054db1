/**
 * Template strings and their place in the YAML file: a position inside the template text (Go
 * reports a line, kplay also a column) becomes a file position. Approximations:
 * - block scalars (`|`, `>`): content line N is file line header+N, column = the block's
 *   indentation + the template column (folded `>` scalars may join lines, so the line can be off);
 * - plain and quoted scalars: line 1 is the scalar's own line (after the opening quote); escapes
 *   in double-quoted scalars make the text shorter than the source, so columns are clamped to the
 *   scalar; for multi-line flow scalars line N is counted from there, column 1.
 */
import type { SourcePos } from '../core/source';
import type { GoValue } from '../core/values';
import { conditionTemplate } from '../template/conversions';
import { childRef, isPlainMap, posOf, type NodeRef } from './context';
import type { TemplateSite } from './model';
import { isTemplateText } from './template-bridge';

/** The site of the scalar at `ref`, whose template text is `text` (`prefix` characters added in front). */
export function siteOf(ref: NodeRef, text: string, prefix = 0): TemplateSite {
  const pos = posOf(ref);
  const info = ref.src.doc.nodeAt(ref.path);
  const raw = info?.raw ?? '';
  if (info?.style === 'literal' || info?.style === 'folded') {
    const lines = raw.replace(/\n+$/, '').split('\n');
    const firstContent = ref.src.text.split(/\r?\n/).slice(pos.line).find((l) => l.trim() !== '') ?? '';
    return {
      text,
      pos,
      prefix,
      style: 'block',
      indent: /^ */.exec(firstContent)?.[0].length ?? 0,
      contentLines: Math.max(1, lines.length - 1),
      singleLine: false,
      rawLength: raw.length,
    };
  }
  return { text, pos, prefix, style: info?.style === 'plain' ? 'plain' : 'quoted', indent: 0, contentLines: 1, singleLine: !raw.includes('\n'), rawLength: raw.length };
}

/** File position of `line`/`col` (1-based; col unknown for Go's parse errors) inside the site's template. */
export function positionInSite(site: TemplateSite, line: number, col: number | undefined): SourcePos {
  const base = site.pos;
  if (site.style === 'block') {
    return { file: base.file, line: base.line + Math.min(Math.max(1, line), site.contentLines), col: site.indent + Math.max(1, col ?? 1) };
  }
  if (line <= 1) {
    if (col === undefined || !site.singleLine) return base;
    const quote = site.style === 'plain' ? 0 : 1;
    const c = Math.min(base.col + quote + Math.max(0, col - 1 - site.prefix), base.col + Math.max(0, site.rawLength - 1));
    return { file: base.file, line: base.line, col: c };
  }
  return { file: base.file, line: base.line + line - 1, col: 1 };
}

/** Sites of every template string inside the value at `ref` (maps and lists walked). */
export function sitesIn(ref: NodeRef, out: TemplateSite[] = []): TemplateSite[] {
  const v: GoValue = ref.value;
  if (typeof v === 'string') {
    if (isTemplateText(v)) out.push(siteOf(ref, v));
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => sitesIn({ src: ref.src, path: [...ref.path, i], value: item }, out));
  } else if (isPlainMap(v)) {
    for (const [k, item] of Object.entries(v)) sitesIn({ src: ref.src, path: [...ref.path, k], value: item }, out);
  }
  return out;
}

/**
 * The sites of a task's template strings: its arguments (for `assert`, each `that` item also as
 * the wrapped condition the module renders), `loop` and `delegate_to`.
 */
export function taskTemplateSites(module: string, argsRef: NodeRef, others: readonly NodeRef[]): TemplateSite[] {
  const out = sitesIn(argsRef);
  if (module === 'assert') {
    const that = childRef(argsRef, 'that');
    const items = Array.isArray(that.value) ? that.value.map((_, i) => childRef(that, i)) : [that];
    for (const item of items) {
      if (typeof item.value !== 'string') continue;
      const text = conditionTemplate(item.value);
      if (text !== item.value) out.push(siteOf(item, text, 2));
    }
  }
  for (const ref of others) sitesIn(ref, out);
  return out;
}
