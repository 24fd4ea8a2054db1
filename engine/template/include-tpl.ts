/**
 * KubeKey's `include` and `tpl` (`docs/templates.md#92-kubekey-functions`), which need the running template set.
 *
 * Messages follow KubeKey (Helm's engine): `rendering template has a nested reference name: X`,
 * `cannot parse template "TEXT": …`, `error during tpl function execution for "TEXT": …`.
 */
import { TemplateError } from './errors';
import { quote as goQuote } from '../go/strconv';
import { FunctionError, TemplateCallContext, TemplateFunction } from './function-types';
import type { GoValue } from '../core/values';

/** Nesting allowed per include name before KubeKey gives up. */
const MAX_INCLUDE_NESTING = 1000;

function unreachable(): never {
  throw new FunctionError('this function needs a running template');
}

function goMessageOf(e: unknown): string {
  if (e instanceof TemplateError) return e.goMessage;
  if (e instanceof Error) return e.message;
  return String(e);
}

function include(ctx: TemplateCallContext, [nameArg, data]: GoValue[]): GoValue {
  const name = nameArg as string;
  const key = 'include:' + name;
  const count = ctx.counters.get(key) ?? 0;
  if (count > MAX_INCLUDE_NESTING) {
    throw new FunctionError(`rendering template has a nested reference name: ${name}`);
  }
  ctx.counters.set(key, count + 1);
  try {
    return ctx.executeTemplate(name, data);
  } catch (e) {
    if (e instanceof TemplateError) throw new FunctionError(e.goMessage);
    throw e;
  } finally {
    ctx.counters.set(key, count);
  }
}

function tpl(ctx: TemplateCallContext, [textArg, data]: GoValue[]): GoValue {
  const text = textArg as string;
  let out: string;
  try {
    out = ctx.executeText(text, data);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    const what = e.phase === 'parse' ? 'cannot parse template' : 'error during tpl function execution for';
    throw new FunctionError(`${what} ${goQuote(text)}: ${goMessageOf(e)}`);
  }
  // Helm's hack, kept by KubeKey: missing values inside tpl render as nothing.
  return out.split('<no value>').join('');
}

export const includeFunction: TemplateFunction = { params: ['string', 'any'], fn: unreachable, withContext: include };
export const tplFunction: TemplateFunction = { params: ['string', 'any'], fn: unreachable, withContext: tpl };
