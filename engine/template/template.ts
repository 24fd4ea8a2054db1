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
import type { GoValue } from '../core/values';
import type { Unknown } from '../core/unknown';

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
  /** Collects check mode's unknown values, printing their marker text (ExecEnvironment.unknowns). */
  readonly unknowns?: Unknown[];
}

const DEFAULT_NAME = 'tpl';
const CACHE_LIMIT = 10000;
const SEEN_LIMIT = 4096;

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
      ...(options.unknowns !== undefined ? { unknowns: options.unknowns } : {}),
    };
    // Like Go, the template named after the text is what runs: a same-named define replaces
    // an empty main text.
    const tree = this.parsed.trees.get(this.name) ?? this.parsed.main;
    return executeTree(tree, this.scope, data, env);
  }
}

/**
 * Templates parsed with one name, delimiter pair and function map, keyed by their text alone:
 * the text is usually a string the caller keeps (a task's `when`), so V8 reuses its cached hash
 * instead of hashing a freshly concatenated key on every lookup.
 */
interface TemplateGroup {
  readonly templates: Map<string, Template>;
  /**
   * Texts parsed once and not asked for again yet (only the texts: the caller holds them anyway).
   * Most texts that differ per loop item or host are rendered once; keeping their trees would
   * only make them outlive the young generation (old-generation collections, a churning map) and
   * that costs more than parsing a text a second time. A text asked for again is cached.
   */
  seen: Set<string>;
  readonly reparse: (text: string) => ParseResult;
}

/** All groups of one function map; `size` counts the templates parsed into them, for the cache limit. */
interface FunctionMapCache {
  readonly byName: Map<string, TemplateGroup>;
  /** Groups with custom delimiters, keyed by name and delimiters. */
  readonly byNameAndDelims: Map<string, TemplateGroup>;
  size: number;
}

const caches = new WeakMap<FunctionMap, FunctionMapCache>();

function cacheFor(funcs: FunctionMap): FunctionMapCache {
  let cache = caches.get(funcs);
  if (cache === undefined) {
    cache = { byName: new Map(), byNameAndDelims: new Map(), size: 0 };
    caches.set(funcs, cache);
  }
  return cache;
}

function groupFor(cache: FunctionMapCache, name: string, left: string, right: string, funcs: FunctionMap): TemplateGroup {
  const defaultDelims = left === '' && right === '';
  const groups = defaultDelims ? cache.byName : cache.byNameAndDelims;
  const key = defaultDelims ? name : `${name}\u0000${left}\u0000${right}`;
  let group = groups.get(key);
  if (group === undefined) {
    const delims: [string, string] = [left, right];
    group = { templates: new Map(), seen: new Set(), reparse: (t) => parseTemplate(t, { name, delims, funcs }).parsed };
    groups.set(key, group);
  }
  return group;
}

/** Parses `text` (cached); throws a TemplateError (phase `parse`) with Go's message. */
export function parseTemplate(text: string, options: TemplateOptions = {}): Template {
  const name = options.name ?? DEFAULT_NAME;
  const left = options.delims?.[0] ?? '';
  const right = options.delims?.[1] ?? '';
  const funcs = options.funcs ?? kubekeyFunctionMap();
  const cache = cacheFor(funcs);
  const group = groupFor(cache, name, left, right, funcs);
  const cached = group.templates.get(text);
  if (cached !== undefined) return cached;
  const template = new Template(name, parse(text, { name, leftDelim: left, rightDelim: right, funcs }), group.reparse);
  if (group.seen.delete(text)) {
    group.templates.set(text, template);
  } else {
    if (group.seen.size >= SEEN_LIMIT) group.seen = new Set();
    group.seen.add(text);
  }
  // Seen texts count too, so that texts parsed under ever new names cannot grow the groups unbounded.
  cache.size++;
  if (cache.size >= CACHE_LIMIT) clearCache(cache);
  return template;
}

function clearCache(cache: FunctionMapCache): void {
  cache.byName.clear();
  cache.byNameAndDelims.clear();
  cache.size = 0;
}

/** Parses (cached) and executes in one step. */
export function renderTemplate(text: string, data: GoValue, options: TemplateOptions & ExecuteOptions = {}): string {
  return parseTemplate(text, options).execute(data, options);
}
