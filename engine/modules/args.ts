/**
 * Reading module arguments. Arguments arrive YAML-typed and unrendered; these helpers render
 * template strings with the host's view and convert them per `docs/templates.md#7-how-rendered-text-becomes-a-value`, failing with a
 * message that names the argument.
 */

import { GoFloat, GoInt, GoMap, GoValue, isList, isMap } from '../core/values';
import { ModuleArgumentError, type ModuleContext } from './types';
import { typeRenderedOutput } from '../template/conversions';

export function argMap(ctx: ModuleContext): GoMap {
  if (ctx.args === null || ctx.args === undefined) return {};
  if (!isMap(ctx.args)) throw new ModuleArgumentError(`${ctx.task.module}: arguments must be a mapping`);
  return ctx.args;
}

export function optionalString(ctx: ModuleContext, args: GoMap, key: string): string | undefined {
  const raw = args[key];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') {
    if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
    throw new ModuleArgumentError(`"${key}" must be a string`);
  }
  return ctx.render(raw);
}

export function requiredString(ctx: ModuleContext, args: GoMap, key: string): string {
  const value = optionalString(ctx, args, key);
  if (value === undefined || value === '') throw new ModuleArgumentError(`"${key}" is required`);
  return value;
}

export function optionalBool(ctx: ModuleContext, args: GoMap, key: string): boolean | undefined {
  const raw = args[key];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const text = ctx.render(raw).trim().toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(text)) return true;
    if (['false', 'no', 'off', '0', ''].includes(text)) return false;
  }
  throw new ModuleArgumentError(`"${key}" must be a boolean`);
}

/** A list of strings: a YAML list (each rendered) or a string rendering to a JSON list or one item. */
export function optionalStringList(ctx: ModuleContext, args: GoMap, key: string): string[] | undefined {
  const raw = args[key];
  if (raw === undefined || raw === null) return undefined;
  if (isList(raw)) {
    return raw.map((v, i) => {
      if (typeof v === 'string') return ctx.render(v);
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      throw new ModuleArgumentError(`"${key}[${i}]" must be a string`);
    });
  }
  if (typeof raw === 'string') {
    const text = ctx.render(raw);
    const typed = typeRenderedOutput(text);
    if (isList(typed) && typed.every((v) => typeof v === 'string')) return typed as string[];
    return [text];
  }
  throw new ModuleArgumentError(`"${key}" must be a string or a list of strings`);
}

/**
 * A file mode: a YAML number is used as is (`0644` in YAML is already octal 420); a string is
 * rendered and read as octal when it has a leading zero or only octal digits of length 3–4, the
 * way users write modes ("0644", "644", "u+x" is not supported).
 */
export function optionalMode(ctx: ModuleContext, args: GoMap, key: string): number | undefined {
  const raw = args[key];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number') return raw;
  if (raw instanceof GoInt) return Number(raw.value);
  if (raw instanceof GoFloat) return Math.trunc(raw.value);
  if (typeof raw === 'string') {
    const text = ctx.render(raw).trim();
    if (/^0?[0-7]{3,4}$/.test(text)) return parseInt(text, 8);
    if (/^0o[0-7]+$/i.test(text)) return parseInt(text.slice(2), 8);
    throw new ModuleArgumentError(`"${key}" must be an octal file mode such as 0644, got "${text}"`);
  }
  throw new ModuleArgumentError(`"${key}" must be a file mode`);
}

/** The whole argument as one text (command, shell, include_vars): strings as is, else JSON. */
export function wholeArgumentText(ctx: ModuleContext): string {
  const raw = ctx.args;
  if (typeof raw === 'string') return ctx.render(raw);
  throw new ModuleArgumentError(`${ctx.task.module}: expected a string argument`);
}

export function toStringValue(v: GoValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
