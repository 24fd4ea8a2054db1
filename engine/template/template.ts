/**
 * Public API of the template engine: parse (cached) and execute Go text/template + Sprig text.
 *
 * A Template is immutable; executions share nothing but the parse tree, so one Template may be
 * executed concurrently. Parsed templates are cached by text, name, delimiters and function map.
 */
import type { FunctionMap } from './function-types';
import { kubekeyFunctionMap } from './functions';
import { ExecEnvironment, MissingKeyMode, TreeScope, executeTree } from './exec';
import { ParseResult, parse } from './parser';
import type { GoValue } from './values';

export { TemplateError } from './errors';
export type { MissingKeyMode } from './exec';

export interface TemplateOptions {
  /** Shown in errors and callable as {{template NAME}}; default `tpl`. */
  readonly name?: string;
  /** Action delimiters; an empty string stands for the default `{{` / `}}`. */
  readonly delims?: readonly [string, string];
  /** Function map; default kubekeyFunctionMap(). Go's builtins are always available. */
  readonly funcs?: FunctionMap;
}

export interface ExecuteOptions {
  /** Go's missingkey option; default `default` (missing keys print `<no value>`). */
  readonly missingkey?: MissingKeyMode;
}

const DEFAULT_NAME = 'tpl';
const CACHE_LIMIT = 10000;

export class Template {
  private readonly scope: TreeScope;

  constructor(
    readonly name: string,
    /** The parse result (also what tpl reuses from the cache). */
    readonly parsed: ParseResult,
    private readonly reparse: (text: string) => ParseResult,
  ) {
    this.scope = new TreeScope(parsed.trees);
  }

  /** Renders with `data` as dot; throws a TemplateError (phase `exec`) on failure. */
  execute(data: GoValue, options: ExecuteOptions = {}): string {
    const env: ExecEnvironment = {
      missingKey: options.missingkey ?? 'default',
      rootName: this.name,
      parse: this.reparse,
      counters: new Map(),
    };
    // Like Go, the template named after the text is what runs: a same-named define replaces
    // an empty main text.
    const tree = this.parsed.trees.get(this.name) ?? this.parsed.main;
    return executeTree(tree, this.scope, data, env);
  }
}

const caches = new WeakMap<FunctionMap, Map<string, Template>>();

function cacheFor(funcs: FunctionMap): Map<string, Template> {
  let cache = caches.get(funcs);
  if (cache === undefined) {
    cache = new Map();
    caches.set(funcs, cache);
  }
  return cache;
}

/** Parses `text` (cached); throws a TemplateError (phase `parse`) with Go's message. */
export function parseTemplate(text: string, options: TemplateOptions = {}): Template {
  const name = options.name ?? DEFAULT_NAME;
  const left = options.delims?.[0] ?? '';
  const right = options.delims?.[1] ?? '';
  const funcs = options.funcs ?? kubekeyFunctionMap();
  const cache = cacheFor(funcs);
  const key = `${name}\u0000${left}\u0000${right}\u0000${text}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const reparse = (t: string): ParseResult => parseTemplate(t, { name, delims: [left, right], funcs }).parsed;
  const template = new Template(name, parse(text, { name, leftDelim: left, rightDelim: right, funcs }), reparse);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, template);
  return template;
}

/** Parses (cached) and executes in one step. */
export function renderTemplate(text: string, data: GoValue, options: TemplateOptions & ExecuteOptions = {}): string {
  return parseTemplate(text, options).execute(data, options);
}
