/**
 * The conversions between template output and engine values (`docs/templates.md#7-how-rendered-text-becomes-a-value`). Every part
 * of the engine that turns rendered text into a boolean, a list or a typed value goes through
 * here, so the rules live in one place.
 */

import { setOwn } from '../core/merge';
import { isList, isMap, type GoMap, type GoValue } from '../core/values';
import { JsonError, unmarshalJson } from '../go/json';
import { parseJsonLossless } from '../go/json';
import { renderTemplate } from './template';
import { Unknown, UnknownValueError } from '../core/unknown';

/** KubeKey renders a string only when it contains both `{{` and `}}`; anything else is literal. */
export function isTemplateText(text: string): boolean {
  return text.includes('{{') && text.includes('}}');
}

/** Renders `text` when it is template text, returning it unchanged otherwise. */
export function renderText(text: string, view: GoValue, name: string): string {
  return isTemplateText(text) ? renderTemplate(text, view, { name }) : text;
}

/**
 * Renders `text` like renderText, but an action or branch that reads a check-mode unknown value
 * prints its marker text (`(unknown in check mode: …)`) instead of aborting; `unknown` is the first
 * one read. For showing what a file would hold (template/copy content and its diff, debug).
 */
export function renderMarkingUnknown(text: string, view: GoValue, name: string): { readonly text: string; readonly unknown?: Unknown } {
  if (!isTemplateText(text)) return { text };
  const unknowns: Unknown[] = [];
  const out = renderTemplate(text, view, { name, unknowns });
  return unknowns.length > 0 ? { text: out, unknown: unknowns[0] } : { text: out };
}

/**
 * A `when` / `failed_when` item: a bare pipeline is wrapped in `{{ }}` at load time; YAML
 * booleans become `{{ true }}` / `{{ false }}`.
 */
export function conditionTemplate(item: string | boolean): string {
  if (typeof item === 'boolean') return item ? '{{ true }}' : '{{ false }}';
  return isTemplateText(item) ? item : `{{${item}}}`;
}

/** True only when the complete output equals `true` ignoring ASCII case: no trimming. */
export function isTrueOutput(output: string): boolean {
  return output.length === 4 && output.toLowerCase() === 'true';
}

/** Evaluates a condition template (already wrapped) against a view. */
export function evaluateCondition(template: string, view: GoValue, name: string): boolean {
  return isTrueOutput(renderTemplate(template, view, { name }));
}

/**
 * Types rendered output like KubeKey's vars merge (`docs/inventory.md#rendered-values-get-a-type`): text that parses as JSON
 * (Go's json.Unmarshal into interface{}, so every number a float64 and out-of-range numbers an
 * error) becomes that value; anything else stays the text.
 */
export function typeRenderedOutput(output: string): GoValue {
  if (output.trim() === '') return output;
  try {
    return unmarshalJson(output);
  } catch (error) {
    if (error instanceof JsonError) return output;
    throw error;
  }
}

/**
 * Renders one template string with `view` and types the output. Throws the renderer's
 * TemplateError. A string that reads a check-mode unknown value is that unknown value: data keep
 * it (set_fact, vars) and whatever reads it later is unknown in turn.
 */
export function renderTypedString(text: string, view: GoValue, name?: string): GoValue {
  try {
    return typeRenderedOutput(renderTemplate(text, view, name === undefined ? {} : { name }));
  } catch (error) {
    if (error instanceof UnknownValueError) return error.unknown;
    throw error;
  }
}

/** Where a leaf sits inside the value being rendered: map keys and list indexes. */
export type ValuePath = readonly (string | number)[];

/** What a caller of renderTyped wants to see of the walk (vars documents write leaves back into the view). */
export interface RenderWalk {
  /** Called after each leaf is rendered and typed, in document order. */
  readonly afterLeaf?: (path: ValuePath, leaf: GoValue) => void;
  /** Turns a leaf's render failure into the caller's error. */
  readonly onError?: (path: ValuePath, error: unknown) => Error;
}

/**
 * `value` with every template string (maps and lists walked recursively) rendered with `view` and
 * typed. Containers are always new plain maps and lists; other values are returned as they are.
 * The one render-and-type walk of the engine: task arguments, loop items, set_fact/include_vars
 * data and `vars` documents all go through it.
 */
export function renderTyped(value: GoValue, view: GoValue, name?: string, walk?: RenderWalk): GoValue {
  if (walk === undefined) return renderPlain(value, view, name);
  return renderWalking(value, view, name, walk, []);
}

function renderPlain(value: GoValue, view: GoValue, name: string | undefined): GoValue {
  if (typeof value === 'string') return isTemplateText(value) ? renderTypedString(value, view, name) : value;
  if (isList(value)) return value.map((element) => renderPlain(element, view, name));
  if (isMap(value)) {
    const out: GoMap = {};
    for (const key of Object.keys(value)) setOwn(out, key, renderPlain(value[key], view, name));
    return out;
  }
  return value;
}

function renderWalking(value: GoValue, view: GoValue, name: string | undefined, walk: RenderWalk, path: ValuePath): GoValue {
  if (isList(value)) return value.map((element, index) => renderWalking(element, view, name, walk, [...path, index]));
  if (isMap(value)) {
    const out: GoMap = {};
    for (const key of Object.keys(value)) setOwn(out, key, renderWalking(value[key], view, name, walk, [...path, key]));
    return out;
  }
  let leaf: GoValue = value;
  if (typeof value === 'string' && isTemplateText(value)) {
    try {
      leaf = renderTypedString(value, view, name);
    } catch (error) {
      throw walk.onError === undefined ? error : walk.onError(path, error);
    }
  }
  walk.afterLeaf?.(path, leaf);
  return leaf;
}

/**
 * Items of a `loop` given as a string (`docs/templates.md#loop-given-as-a-string`): the output read as a JSON array keeps
 * integers as ints; `null` yields no items; any other output is one string item.
 */
export function loopItemsFromOutput(output: string): GoValue[] {
  let parsed: GoValue;
  try {
    parsed = parseJsonLossless(output);
  } catch {
    return [output];
  }
  if (parsed === null) return [];
  if (isList(parsed)) return [...parsed];
  return [output];
}
