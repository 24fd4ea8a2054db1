import type { GoValue, MethodParamType } from '../core/values';

/**
 * Go parameter types a template function can declare. The executor converts and checks every
 * argument against them the way text/template's reflection does:
 * - `any` is `interface{}`: everything passes; a missing value arrives as `null` (nil).
 * - `string`, `bool`, `int`, `int64`, `float64`, `uint64`: the argument's dynamic Go type must be
 *   exactly that (an `int64` is not an `int`), or it is an untyped constant convertible to it
 *   (`2.0` may fill an `int`, `1` may fill a `float64`). nil/missing → "invalid value; expected T".
 * - `list` is `[]interface{}`, `map` is `map[string]interface{}`, `stringList` is `[]string`,
 *   `stringListMap` is `map[string][]string`: the value must have exactly that Go type.
 * - `reflect` is `reflect.Value` (Go's builtins `index`, `len`, … take it): missing stays
 *   `undefined`.
 * - `time.Time`, `time.Duration`, `*time.Location`, `*semver.Version` (method parameters): a value
 *   of exactly that Go type; an integer constant may fill a Duration, nil a pointer.
 */
export type ParamType =
  | 'any'
  | 'reflect'
  | 'string'
  | 'bool'
  | 'int'
  | 'int64'
  | 'uint64'
  | 'float64'
  | 'list'
  | 'map'
  | 'stringList'
  | 'stringListMap'
  | MethodParamType;

/**
 * What a function that needs the running template can use (KubeKey's include/tpl). Both methods
 * throw a TemplateError (phase parse or exec) carrying Go's message.
 */
export interface TemplateCallContext {
  /** text/template's ExecuteTemplate on the running template set. */
  executeTemplate(name: string, data: GoValue): string;
  /** Parses `text` like the running template (same name, delimiters, functions), with the running
   * set's defines visible, and executes it with `data`. */
  executeText(text: string, data: GoValue): string;
  /** Counters shared by one top-level render and everything it renders (include nesting). */
  readonly counters: Map<string, number>;
}

export interface TemplateFunction {
  /** Fixed parameters, in order. */
  readonly params: readonly ParamType[];
  /** Type of a trailing `...T` parameter, when the function is variadic. */
  readonly variadic?: ParamType;
  /** Go result type; only used by printf %T/typeOf-style introspection of the function itself. */
  readonly fn: (...args: GoValue[]) => GoValue;
  /** When present, called instead of `fn` with the running template's context. */
  readonly withContext?: (ctx: TemplateCallContext, args: GoValue[]) => GoValue;
}

/**
 * Thrown by a function for Go's `(T, error)` error return and for panics alike: text/template
 * reports both as `error calling NAME: MESSAGE`.
 */
export class FunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FunctionError';
  }
}

export type FunctionMap = Record<string, TemplateFunction>;

/** Shorthand for declaring a function. */
export function fn(
  params: readonly ParamType[],
  impl: (...args: GoValue[]) => GoValue,
  variadic?: ParamType,
): TemplateFunction {
  return variadic === undefined ? { params, fn: impl } : { params, variadic, fn: impl };
}
