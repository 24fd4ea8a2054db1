/**
 * The conversions between template output and engine values (`docs/templates.md#7-how-rendered-text-becomes-a-value`). Every part
 * of the engine that turns rendered text into a boolean, a list or a typed value goes through
 * here, so the rules live in one place.
 */

import { unmarshalJson } from '../go/json';
import { parseJsonLossless } from '../go/json-decode';
import { renderTemplate } from './template';
import { GoMap, GoValue, isList, isMap } from '../core/values';

/** KubeKey renders a string only when it contains both `{{` and `}}`; anything else is literal. */
export function isTemplateText(text: string): boolean {
  return text.includes('{{') && text.includes('}}');
}

/** Renders `text` when it is template text, returning it unchanged otherwise. */
export function renderText(text: string, view: GoValue, name: string): string {
  return isTemplateText(text) ? renderTemplate(text, view, { name }) : text;
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
 * becomes that value (every number a float64, as Go's json.Unmarshal into interface{} gives),
 * anything else stays the text.
 */
export function typeRenderedOutput(output: string): GoValue {
  const trimmed = output.trim();
  if (trimmed === '') return output;
  try {
    return unmarshalJson(output);
  } catch {
    return output;
  }
}

/** Renders every template string inside a value and types the results (vars semantics). */
export function renderTyped(value: GoValue, view: GoValue, name: string): GoValue {
  if (typeof value === 'string') {
    return isTemplateText(value) ? typeRenderedOutput(renderTemplate(value, view, { name })) : value;
  }
  if (isList(value)) return value.map((v) => renderTyped(v, view, name));
  if (isMap(value)) {
    const out: GoMap = {};
    for (const key of Object.keys(value)) out[key] = renderTyped(value[key], view, name);
    return out;
  }
  return value;
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
