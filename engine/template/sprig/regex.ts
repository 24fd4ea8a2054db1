/**
 * Sprig's regex functions with Go regexp semantics: RE2 syntax (translated by re2.ts), Go's
 * rules for successive and empty matches in FindAll/ReplaceAll/Split, and Go's `$name` expansion.
 */
import { FunctionError, fn, type FunctionMap } from '../function-types';
import { type GoList, type GoValue, nilList, withGoType } from '../../core/values';
import { Re2SyntaxError, quoteMeta, translateRe2 } from '../../go/regexp';
import { canBackquote, quote } from '../../go/strconv';

/** A compiled Go regexp: the JS RegExp (flag `g`, driven through lastIndex) and group names. */
export interface GoRegexp {
  readonly expr: string;
  readonly regex: RegExp;
  readonly groupNames: readonly string[];
}

const cache = new Map<string, GoRegexp>();
const CACHE_LIMIT = 500;

/** regexp.Compile: throws Re2SyntaxError with Go's message for an invalid pattern. */
export function compileGoRegexp(expr: string): GoRegexp {
  const cached = cache.get(expr);
  if (cached !== undefined) return cached;
  const translated = translateRe2(expr);
  let regex: RegExp;
  try {
    regex = new RegExp(translated.source, `g${translated.flags}`);
  } catch (e) {
    // A pattern Go accepts but this translation cannot express in JS.
    throw new Re2SyntaxError('invalid or unsupported Perl syntax', `${expr} (${(e as Error).message})`);
  }
  const compiled = { expr, regex, groupNames: translated.groupNames };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expr, compiled);
  return compiled;
}

/** One match: its span and the text of every group (undefined when a group took no part). */
interface Match {
  readonly start: number;
  readonly end: number;
  readonly groups: readonly (string | undefined)[];
}

/** Leftmost-first match starting the search at `pos` (the text before `pos` still counts as context). */
function execAt(re: GoRegexp, s: string, pos: number): Match | undefined {
  re.regex.lastIndex = pos;
  const m = re.regex.exec(s);
  if (m === null) return undefined;
  return { start: m.index, end: m.index + m[0].length, groups: Array.from(m) };
}

/** Width of the code point at `pos` in UTF-16 units (Go steps by runes). */
function runeWidth(s: string, pos: number): number {
  if (pos >= s.length) return 0;
  return (s.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
}

/** Go's allMatches: successive non-overlapping matches; an empty match right after a match is skipped. */
function allMatches(re: GoRegexp, s: string, n: number): Match[] {
  const limit = n < 0 ? s.length + 1 : n;
  const result: Match[] = [];
  let pos = 0;
  let prevMatchEnd = -1;
  while (result.length < limit && pos <= s.length) {
    const m = execAt(re, s, pos);
    if (m === undefined) break;
    let accept = true;
    if (m.end === pos) {
      if (m.start === prevMatchEnd) accept = false;
      const width = runeWidth(s, pos);
      pos = width > 0 ? pos + width : s.length + 1;
    } else {
      pos = m.end;
    }
    prevMatchEnd = m.end;
    if (accept) result.push(m);
  }
  return result;
}

/** Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; `$1W` names the group "1W". */
function expand(re: GoRegexp, template: string, match: Match): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    if (ref === null) {
      out += '$';
      continue;
    }
    rest = rest.slice(ref[0].length);
    const name = ref[1] ?? ref[2];
    const isNumber = /^[0-9]+$/.test(name) && !(name.length > 1 && name.startsWith('0')) && name.length <= 9;
    if (isNumber) {
      out += match.groups[Number(name)] ?? '';
    } else {
      const index = re.groupNames.indexOf(name, 1);
      if (index > 0) out += match.groups[index] ?? '';
    }
  }
  return out + rest;
}

/** Go's replaceAll loop, including its rule against replacing an empty match right after a match. */
function replaceAll(re: GoRegexp, s: string, replacement: (m: Match) => string): string {
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= s.length) {
    const m = execAt(re, s, searchPos);
    if (m === undefined) break;
    out += s.slice(lastMatchEnd, m.start);
    if (m.end > lastMatchEnd || m.start === 0) out += replacement(m);
    lastMatchEnd = m.end;
    const width = runeWidth(s, searchPos);
    if (searchPos + width > m.end) searchPos += width;
    else if (searchPos + 1 > m.end) searchPos++;
    else searchPos = m.end;
  }
  return out + s.slice(lastMatchEnd);
}

/** Go's Regexp.Split. */
function split(re: GoRegexp, s: string, n: number): string[] | null {
  if (n === 0) return null;
  if (re.expr.length > 0 && s.length === 0) return [''];
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of allMatches(re, s, n)) {
    if (n > 0 && parts.length === n - 1) break;
    end = m.start;
    if (m.end !== 0) parts.push(s.slice(beg, end));
    beg = m.end;
  }
  if (end !== s.length) parts.push(s.slice(beg));
  return parts;
}

const stringList = (items: string[] | null): GoList => (items === null ? nilList('[]string') : withGoType(items, '[]string'));

/** Go quotes the pattern in MustCompile's panic with backquotes when it can. */
function goQuotePattern(expr: string): string {
  return canBackquote(expr) ? `\`${expr}\`` : quote(expr);
}

/** regexp.MustCompile: Sprig's plain variants panic with this text. */
function mustCompile(expr: string): GoRegexp {
  try {
    return compileGoRegexp(expr);
  } catch (e) {
    if (e instanceof Re2SyntaxError) throw new FunctionError(`regexp: Compile(${goQuotePattern(expr)}): ${e.message}`);
    throw e;
  }
}

/** regexp.Compile: Sprig's must* variants return this error. */
function compile(expr: string): GoRegexp {
  try {
    return compileGoRegexp(expr);
  } catch (e) {
    if (e instanceof Re2SyntaxError) throw new FunctionError(e.message);
    throw e;
  }
}

function matches(expr: string, s: string): boolean {
  return execAt(compile(expr), s, 0) !== undefined;
}

function findAll(re: GoRegexp, s: string, n: number): GoList {
  const found = allMatches(re, s, n).map((m) => s.slice(m.start, m.end));
  return stringList(found.length === 0 ? null : found);
}

function findFirst(re: GoRegexp, s: string): string {
  const m = execAt(re, s, 0);
  return m === undefined ? '' : s.slice(m.start, m.end);
}

/** Regexp.FindStringSubmatch: group texts ("" for groups that took no part), or undefined. */
export function findStringSubmatch(re: GoRegexp, s: string): string[] | undefined {
  const m = execAt(re, s, 0);
  return m === undefined ? undefined : m.groups.map((g) => g ?? '');
}

/** Regexp.FindAllString with Go's successive-match rules; n < 0 means all. */
export function findAllStrings(re: GoRegexp, s: string, n: number): string[] {
  return allMatches(re, s, n).map((m) => s.slice(m.start, m.end));
}

/** Regexp.FindAllStringSubmatch. */
export function findAllStringSubmatch(re: GoRegexp, s: string, n: number): string[][] {
  return allMatches(re, s, n).map((m) => m.groups.map((g) => g ?? ''));
}

type Compiler = (expr: string) => GoRegexp;

const str = (v: GoValue): string => v as string;

function regexFamily(compiler: Compiler): Record<string, (...args: GoValue[]) => GoValue> {
  return {
    findAll: (r, s, n) => findAll(compiler(str(r)), str(s), n as number),
    find: (r, s) => findFirst(compiler(str(r)), str(s)),
    replaceAll: (r, s, repl) => {
      const re = compiler(str(r));
      return replaceAll(re, str(s), (m) => expand(re, str(repl), m));
    },
    replaceAllLiteral: (r, s, repl) => replaceAll(compiler(str(r)), str(s), () => str(repl)),
    split: (r, s, n) => stringList(split(compiler(str(r)), str(s), n as number)),
  };
}

const plain = regexFamily(mustCompile);
const must = regexFamily(compile);

export const regexFunctions: FunctionMap = {
  regexMatch: fn(['string', 'string'], (r, s) => {
    try {
      return matches(str(r), str(s));
    } catch (e) {
      if (e instanceof FunctionError) return false; // Sprig drops the compile error
      throw e;
    }
  }),
  mustRegexMatch: fn(['string', 'string'], (r, s) => matches(str(r), str(s))),
  regexFindAll: fn(['string', 'string', 'int'], plain.findAll),
  mustRegexFindAll: fn(['string', 'string', 'int'], must.findAll),
  regexFind: fn(['string', 'string'], plain.find),
  mustRegexFind: fn(['string', 'string'], must.find),
  regexReplaceAll: fn(['string', 'string', 'string'], plain.replaceAll),
  mustRegexReplaceAll: fn(['string', 'string', 'string'], must.replaceAll),
  regexReplaceAllLiteral: fn(['string', 'string', 'string'], plain.replaceAllLiteral),
  mustRegexReplaceAllLiteral: fn(['string', 'string', 'string'], must.replaceAllLiteral),
  regexSplit: fn(['string', 'string', 'int'], plain.split),
  mustRegexSplit: fn(['string', 'string', 'int'], must.split),
  regexQuoteMeta: fn(['string'], (s) => quoteMeta(str(s))),
};
