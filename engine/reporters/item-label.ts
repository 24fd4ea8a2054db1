/**
 * The short text that names a loop item on an output line (docs/cli.md#loop-items): the task's
 * `loop_control.label` when it has one, else a label derived from the item, never the whole
 * item as JSON (an artifact map is 300 characters).
 */
import { formatValue } from '../go/fmt';
import { isList, isMap, type GoMap, type GoValue } from '../core/values';

/** Keys that usually name what an item is about, most telling first. */
const NAMING_KEYS = ['name', 'component', 'host', 'src', 'dest', 'key', 'id', 'arch', 'path'] as const;
const MAX_FIELDS = 2;
const MAX_VALUE = 40;
const MAX_LABEL = 60;

function isScalar(v: GoValue): boolean {
  return v === null || typeof v !== 'object' || (!isList(v) && !isMap(v));
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function scalarText(v: GoValue): string {
  return typeof v === 'string' ? v : formatValue(v);
}

function mapLabel(m: GoMap): string {
  const scalars = Object.keys(m).filter((k) => isScalar(m[k]) && scalarText(m[k]) !== '');
  const named = NAMING_KEYS.filter((k) => scalars.includes(k));
  // A map of a few short fields reads fine whole; a bigger one is named by its telling fields.
  const small = scalars.length === Object.keys(m).length && scalars.length <= MAX_FIELDS + 1 && scalars.every((k) => scalarText(m[k]).length <= MAX_VALUE);
  const keys = small ? scalars : named.length > 0 ? named.slice(0, MAX_FIELDS) : scalars.slice(0, MAX_FIELDS);
  if (keys.length === 0) return shorten(JSON.stringify(m), MAX_LABEL);
  return keys.map((k) => `${k}=${shorten(scalarText(m[k]), MAX_VALUE)}`).join(' ');
}

/** `label` is the rendered `loop_control.label`, when the task set one. */
export function itemLabel(item: GoValue, label?: string): string {
  if (label !== undefined) return label;
  if (isScalar(item)) return shorten(scalarText(item), MAX_LABEL * 2);
  if (isMap(item)) return mapLabel(item);
  return shorten(JSON.stringify(item), MAX_LABEL);
}
