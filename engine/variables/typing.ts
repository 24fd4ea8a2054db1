/**
 * How a rendered variable gets its type (`docs/inventory.md#rendered-values-get-a-type`): the template output is read as JSON
 * when it is JSON (numbers always float64), otherwise it stays a string.
 */

import { renderTemplate } from '../template/template';
import { GoFloat, isMap, type GoList, type GoMap, type GoValue } from '../core/values';
import { setOwn } from '../core/merge';

/** KubeKey renders a string only when it contains both `{{` and `}}`, in any order. */
export function isTemplateText(text: string): boolean {
  return text.includes('{{') && text.includes('}}');
}

/**
 * The typed value of rendered output: JSON data when the text parses as JSON (Go's
 * `json.Unmarshal` into `interface{}`, so every number is a float64), else the text itself.
 */
export function typeRenderedOutput(output: string): GoValue {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return output;
  }
  const typed = fromJson(parsed);
  // Go's decoder rejects numbers beyond float64's range (JSON.parse gives Infinity): not JSON then.
  return typed === OUT_OF_RANGE ? output : typed;
}

const OUT_OF_RANGE = Symbol('out of range');

function fromJson(value: unknown): GoValue | typeof OUT_OF_RANGE {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? new GoFloat(value) : OUT_OF_RANGE;
  if (Array.isArray(value)) {
    const list: GoList = [];
    for (const element of value) {
      const typed = fromJson(element);
      if (typed === OUT_OF_RANGE) return OUT_OF_RANGE;
      list.push(typed);
    }
    return list;
  }
  const map: GoMap = {};
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const typed = fromJson(source[key]);
    if (typed === OUT_OF_RANGE) return OUT_OF_RANGE;
    setOwn(map, key, typed);
  }
  return map;
}

/** Renders one template string with `view` and types the output. Throws the renderer's TemplateError. */
export function renderTypedString(text: string, view: GoMap, name?: string): GoValue {
  const output = renderTemplate(text, view, name === undefined ? {} : { name });
  return typeRenderedOutput(output);
}

/**
 * `value` with every template string (maps and lists walked recursively) rendered with `view` and
 * typed. Containers are always new; other values are returned as they are. Used for loop items
 * and any YAML data that is rendered without being merged.
 */
export function renderValue(value: GoValue, view: GoMap): GoValue {
  if (typeof value === 'string') return isTemplateText(value) ? renderTypedString(value, view) : value;
  if (Array.isArray(value)) return (value as GoList).map((element) => renderValue(element, view));
  if (isMap(value)) {
    const rendered: GoMap = {};
    for (const key of Object.keys(value)) setOwn(rendered, key, renderValue(value[key], view));
    return rendered;
  }
  return value;
}
