/**
 * Readers for typed keywords. They never render templates: typed keywords are decoded straight
 * from YAML (`docs/playbooks.md#typed-keywords-and-module-arguments`), so a quoted "true" or a template in a boolean is an error.
 */

import type { GoValue } from '../core/values';
import { GoFloat, GoInt } from '../core/values';
import { childRef, isPlainMap, posOf, type LoadContext, type NodeRef } from './context';
import { siteOf } from './template-sites';
import type { Condition } from './model';
import { checkTemplate } from './template-check';
import { isTemplateText } from './template-bridge';
import { GoTime } from '../core/go-time';
import { formatValue } from '../go/fmt';
import { KEY_BOUNDS } from './keyword-sets';

const YAML11_BOOLS: Readonly<Record<string, boolean>> = Object.fromEntries([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].map((w) => [w, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].map((w) => [w, false] as const),
]);

function isPlainScalar(ref: NodeRef): boolean {
  return ref.src.doc.nodeAt(ref.path)?.style === 'plain';
}

/** Go yaml's name for the type of a decoded value, for "cannot unmarshal" messages. */
export function yamlTagOf(v: GoValue): string {
  if (v === null || v === undefined) return '!!null';
  if (typeof v === 'boolean') return '!!bool';
  if (typeof v === 'string') return '!!str';
  if (typeof v === 'number') return Number.isInteger(v) ? '!!int' : '!!float';
  if (v instanceof GoFloat) return '!!float';
  if (v instanceof GoInt) return '!!int';
  if (v instanceof GoTime) return '!!timestamp';
  if (Array.isArray(v)) return '!!seq';
  return '!!map';
}

function shown(ref: NodeRef): string {
  const v = ref.value;
  if (typeof v === 'string') return ` \`${v}\``;
  return '';
}

function typeError(ctx: LoadContext, ref: NodeRef, key: string, expected: string, hint = ''): void {
  ctx.error(posOf(ref), `${key}: cannot unmarshal ${yamlTagOf(ref.value)}${shown(ref)} into ${expected}${hint}`);
}

export function readBool(ctx: LoadContext, ref: NodeRef, key: string): boolean | undefined {
  const v = ref.value;
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && isPlainScalar(ref) && v in YAML11_BOOLS) return YAML11_BOOLS[v];
  const quoted = typeof v === 'string' && !isPlainScalar(ref);
  typeError(ctx, ref, key, 'bool', quoted ? ' (booleans must not be quoted)' : '');
  return undefined;
}

export function readInt(ctx: LoadContext, ref: NodeRef, key: string): number | undefined {
  const v = ref.value;
  if (v === undefined) return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return withinBounds(ctx, ref, key, v);
  typeError(ctx, ref, key, 'int');
  return undefined;
}

/** Integers or floats (percentages). */
export function readNumber(ctx: LoadContext, ref: NodeRef, key: string): number | undefined {
  const v = ref.value;
  if (v === undefined) return undefined;
  if (typeof v === 'number') return withinBounds(ctx, ref, key, v);
  if (v instanceof GoFloat) return withinBounds(ctx, ref, key, v.value);
  typeError(ctx, ref, key, 'float64');
  return undefined;
}

/** The schema's `minimum`/`maximum` for the keyword (KEY_BOUNDS); out of range is an error. */
function withinBounds(ctx: LoadContext, ref: NodeRef, key: string, n: number): number | undefined {
  const bounds = KEY_BOUNDS.get(key);
  if (bounds?.minimum !== undefined && n < bounds.minimum) {
    ctx.error(posOf(ref), bounds.minimum === 0 ? `${key}: must not be negative` : `${key}: must be at least ${bounds.minimum}`);
    return undefined;
  }
  if (bounds?.maximum !== undefined && n > bounds.maximum) {
    ctx.error(posOf(ref), `${key}: must be at most ${bounds.maximum}`);
    return undefined;
  }
  return n;
}

/** Any scalar, as written (Go decodes scalars into string fields by their text). */
export function readString(ctx: LoadContext, ref: NodeRef, key: string): string | undefined {
  const v = ref.value;
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'object' && (Array.isArray(v) || isPlainMap(v))) {
    typeError(ctx, ref, key, 'string');
    return undefined;
  }
  const raw = ref.src.doc.nodeAt(ref.path)?.raw;
  return raw ?? formatValue(v);
}

/** A string or a list of strings (`tags`, `notify`, `listen`, `hosts`). */
export function readStringList(ctx: LoadContext, ref: NodeRef, key: string): string[] | undefined {
  const v = ref.value;
  if (v === undefined || v === null) return v === null ? [] : undefined;
  if (!Array.isArray(v)) {
    const s = readString(ctx, ref, key);
    return s === undefined ? undefined : [s];
  }
  const out: string[] = [];
  v.forEach((_, i) => {
    const s = readString(ctx, childRef(ref, i), `${key}[${i}]`);
    if (s !== undefined) out.push(s);
  });
  return out;
}

/** Wraps a bare pipeline in `{{ }}`, leaving text that already is a template alone. */
export function conditionTemplate(item: string): string {
  return isTemplateText(item) ? item : `{{${item}}}`;
}

/** `when`/`failed_when`/`changed_when`/`until`: string, bool or list of those; parse-checked. */
export function readConditions(ctx: LoadContext, ref: NodeRef, key: string): Condition[] {
  const v = ref.value;
  if (v === undefined || v === null) return [];
  const items: NodeRef[] = Array.isArray(v) ? v.map((_, i) => childRef(ref, i)) : [ref];
  const out: Condition[] = [];
  for (const item of items) {
    const iv = item.value;
    let text: string;
    let wrapped = false;
    if (typeof iv === 'boolean') text = `{{${iv}}}`;
    else if (typeof iv === 'string') {
      text = conditionTemplate(iv);
      wrapped = text !== iv;
    } else {
      ctx.error(posOf(item), `${key}: a condition must be a string or a boolean, got ${yamlTagOf(iv)}`);
      continue;
    }
    const pos = posOf(item);
    if (checkTemplate(ctx, item, text, key, wrapped)) out.push({ template: text, pos, site: siteOf(item, text, wrapped ? 2 : 0) });
  }
  return out;
}
