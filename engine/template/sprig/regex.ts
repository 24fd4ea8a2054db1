/**
 * Sprig's regex functions over Go's regexp package (engine/go/regexp.ts: RE2 syntax, linear-time
 * matching, Go's FindAll/ReplaceAll/Split rules and `$name` expansion). Sprig's plain variants use
 * regexp.MustCompile and panic; the must* variants return regexp.Compile's error.
 */
import { FunctionError, fn, type FunctionMap } from '../function-types';
import { type GoList, type GoValue, nilList, withGoType } from '../../core/values';
import * as regexp from '../../go/regexp';
import { canBackquote, quote } from '../../go/strconv';

export type { GoRegexp } from '../../go/regexp';
export { compile as compileGoRegexp, findStringSubmatch } from '../../go/regexp';

/** Regexp.FindAllString with Go's successive-match rules; n < 0 means all; [] for Go's nil. */
export function findAllStrings(re: regexp.GoRegexp, s: string, n: number): string[] {
  return regexp.findAllString(re, s, n) ?? [];
}

/** Regexp.FindAllStringSubmatch; [] for Go's nil. */
export function findAllStringSubmatch(re: regexp.GoRegexp, s: string, n: number): string[][] {
  return regexp.findAllStringSubmatch(re, s, n) ?? [];
}

const stringList = (items: string[] | null): GoList => (items === null ? nilList('[]string') : withGoType(items, '[]string'));

/** Go quotes the pattern in MustCompile's panic with backquotes when it can. */
function goQuotePattern(expr: string): string {
  return canBackquote(expr) ? `\`${expr}\`` : quote(expr);
}

/** regexp.MustCompile: Sprig's plain variants panic with this text. */
function mustCompile(expr: string): regexp.GoRegexp {
  try {
    return regexp.compile(expr);
  } catch (e) {
    if (e instanceof regexp.Re2SyntaxError) throw new FunctionError(regexp.mustCompileMessage(goQuotePattern(expr), e));
    throw e;
  }
}

/** regexp.Compile: Sprig's must* variants return this error. */
function compile(expr: string): regexp.GoRegexp {
  try {
    return regexp.compile(expr);
  } catch (e) {
    if (e instanceof regexp.Re2SyntaxError) throw new FunctionError(e.message);
    throw e;
  }
}

type Compiler = (expr: string) => regexp.GoRegexp;

const str = (v: GoValue): string => v as string;

function regexFamily(compiler: Compiler): Record<string, (...args: GoValue[]) => GoValue> {
  return {
    findAll: (r, s, n) => stringList(regexp.findAllString(compiler(str(r)), str(s), n as number)),
    find: (r, s) => regexp.findString(compiler(str(r)), str(s)),
    replaceAll: (r, s, repl) => regexp.replaceAllString(compiler(str(r)), str(s), str(repl)),
    replaceAllLiteral: (r, s, repl) => regexp.replaceAllLiteralString(compiler(str(r)), str(s), str(repl)),
    split: (r, s, n) => stringList(regexp.split(compiler(str(r)), str(s), n as number)),
  };
}

const plain = regexFamily(mustCompile);
const must = regexFamily(compile);

const matches = (r: GoValue, s: GoValue): boolean => regexp.matchString(compile(str(r)), str(s));

export const regexFunctions: FunctionMap = {
  regexMatch: fn(['string', 'string'], (r, s) => {
    try {
      return matches(r, s);
    } catch (e) {
      if (e instanceof FunctionError) return false; // Sprig drops the compile error
      throw e;
    }
  }),
  mustRegexMatch: fn(['string', 'string'], matches),
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
  regexQuoteMeta: fn(['string'], (s) => regexp.quoteMeta(str(s))),
};
