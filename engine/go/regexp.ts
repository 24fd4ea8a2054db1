/**
 * Go's regexp package (Go 1.19, Perl syntax as regexp.Compile uses it) on top of re2js, a port
 * of RE2: matching runs in time linear in the input, whatever the pattern (no backtracking), and
 * the parser is a port of Go's regexp/syntax, so syntax, leftmost-first submatches and empty
 * matches inside repeated groups are Go's.
 *
 * Bridged here:
 * - Go 1.19 knows only `(?P<name>…)`: `(?<name>…)` (and so lookbehind) is rejected as Go rejects
 *   it, and duplicate group names are allowed. Named groups are therefore handed to re2js under
 *   unique names and their real names are kept here.
 * - re2js has newer Unicode tables than Go 1.19 (Unicode 13.0): every `\p{…}` reaches it spelled
 *   out as the ranges of Go's own tables (regexp-unicode.ts), and names Go does not know are made
 *   unknown to re2js too, so the error comes where Go's parser stops.
 * - Error texts are Go's: `error parsing regexp: CODE: \`EXPR\`` with an empty EXPR where Go has
 *   one, the whole pattern for a missing/unexpected parenthesis, too-deep nesting and too-large
 *   programs (`regexp/syntax: internal error` in Go 1.19).
 * - Strings are JS strings (UTF-16), so every position below is a UTF-16 index at a code point
 *   boundary; Go's "advance one rune" becomes one or two code units.
 * - FindAll, ReplaceAll, Split and Expand follow Go's loops (empty-match rules included).
 */
import { type Matcher, RE2JS, RE2JSSyntaxException } from 're2js';
import { rangesSource, unicodeClassRanges, withoutNewerFoldPartners } from './regexp-unicode';
import { hasRawBytes } from '../core/values';

export class Re2SyntaxError extends Error {
  constructor(
    readonly code: string,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
    this.name = 'Re2SyntaxError';
  }
}

/** A compiled Go regexp. */
export interface GoRegexp {
  readonly expr: string;
  /** Capture names by group number; index 0 is the whole match; unnamed groups are "". */
  readonly subexpNames: readonly string[];
  readonly program: RE2JS;
}

/** One match: [start, end] of the whole match and of every group (-1 when a group took no part). */
export type MatchIndex = readonly number[];

const INVALID_PERL_OP = 'invalid or unsupported Perl syntax';
/** Errors whose text in Go is the whole pattern, which re2js reports differently or not at all. */
const WHOLE_PATTERN_ERRORS: Record<string, string> = {
  'missing closing )': 'missing closing )',
  'unexpected )': 'unexpected )',
  'expression nests too deeply': 'expression nests too deeply',
  'expression too large': 'regexp/syntax: internal error',
};

interface Prepared {
  /**
   * What re2js parses to find Go's syntax errors, in Go's order: every group name replaced by a
   * unique one (`g` and the group number), `\p` names unknown to Go made unknown to re2js too.
   */
  readonly check: string;
  /** What re2js compiles: as `check`, with every `\p` class spelled out as Go's ranges. */
  readonly program: string;
  readonly names: string[];
  /** The made-unknown `\p` sequences of `check` and the original text of each. */
  readonly mangled: ReadonlyMap<string, string>;
  /** A Go 1.19 syntax error that re2js would not raise, and where in `check` it starts. */
  readonly goOnly?: { readonly at: number; readonly error: Re2SyntaxError };
}

const isNameChar = (c: string): boolean => /^[A-Za-z0-9_]$/.test(c);

/** Index just past the escape at `i` (the backslash and one code point). */
function skipEscape(expr: string, i: number): number {
  const cp = expr.codePointAt(i + 1) ?? 0;
  return i + 1 + (cp > 0xffff ? 2 : 1);
}

interface UnicodeToken {
  readonly end: number;
  readonly seq: string;
  /** The name as written, `^` included. */
  readonly written: string;
  readonly name: string;
  readonly negated: boolean;
}

/** A `\pN`, `\p{Name}`, `\P{^Name}` … at `i` (Go's parseUnicodeClass boundaries). */
function unicodeToken(expr: string, i: number): UnicodeToken | undefined {
  const letter = expr[i + 1];
  if (letter !== 'p' && letter !== 'P') return undefined;
  let written: string;
  let end: number;
  if (expr[i + 2] === '{') {
    const close = expr.indexOf('}', i + 3);
    if (close < 0) return undefined;
    written = expr.slice(i + 3, close);
    end = close + 1;
  } else {
    const cp = expr.codePointAt(i + 2);
    if (cp === undefined) return undefined;
    written = String.fromCodePoint(cp);
    end = i + 2 + written.length;
  }
  const caret = written.startsWith('^');
  return { end, seq: expr.slice(i, end), written, name: caret ? written.slice(1) : written, negated: (letter === 'P') !== caret };
}

/**
 * Walks the pattern as Go's parser tokenizes it (escapes, `\Q…\E`, classes, groups and the `i`
 * flag) to collect group names, find the group syntax Go 1.19 rejects but re2js accepts, and
 * spell out `\p` classes.
 */
function prepare(expr: string): Prepared {
  const names = [''];
  const mangled = new Map<string, string>();
  let check = '';
  let program = '';
  const emit = (text: string, programText = text): void => {
    check += text;
    program += programText;
  };
  const goOnly = (text: string): Prepared => ({
    check,
    program,
    names,
    mangled,
    goOnly: { at: check.length, error: new Re2SyntaxError(INVALID_PERL_OP, text) },
  });
  let caseless = false;
  const savedCaseless: boolean[] = [];
  let inClass = false;
  let classStart = false;

  const unicodeClass = (token: UnicodeToken): void => {
    if (token.name === 'Any') return emit(token.seq);
    const ranges = unicodeClassRanges(token.name, token.negated, caseless);
    if (ranges === undefined) {
      // A name no table has (NUL and a counter), which re2js quotes back in its error.
      const unknown = `\\${token.seq[1]}{\u0000${mangled.size}}`;
      mangled.set(unknown, token.seq);
      return emit(unknown, token.seq);
    }
    // The ranges already hold Go's case folding. Alone, the class is shielded from re2js's own
    // (newer) folding; inside a class that re2js folds as a whole, the characters it would fold
    // onto older ones are left out.
    if (inClass) return emit(token.seq, rangesSource(caseless ? withoutNewerFoldPartners(ranges) : ranges));
    const items = rangesSource(ranges);
    const set = items === '' ? '[^\\x{0}-\\x{10ffff}]' : `[${items}]`;
    emit(token.seq, caseless ? `(?-i:${set})` : set);
  };

  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '\\') {
      const token = unicodeToken(expr, i);
      if (token === undefined && (expr[i + 1] === 'p' || expr[i + 1] === 'P') && expr[i + 2] === '{') {
        // `\p{` without `}`: Go's error quotes the rest of the pattern.
        emit(expr.slice(i));
        break;
      }
      if (token !== undefined) {
        unicodeClass(token);
        i = token.end;
      } else if (!inClass && expr[i + 1] === 'Q') {
        const end = expr.indexOf('\\E', i + 2);
        const next = end < 0 ? expr.length : end + 2;
        emit(expr.slice(i, next));
        i = next;
      } else {
        const next = skipEscape(expr, i);
        emit(expr.slice(i, next));
        i = next;
      }
      classStart = false;
      continue;
    }
    if (inClass) {
      const first = classStart;
      classStart = false;
      if (c === '[' && expr[i + 1] === ':') {
        // Go looks for the `:]` of `[:name:]` after the `[:`; re2js from the `:`, so `[:]` must
        // not reach it as such.
        const close = expr.indexOf(':]', i + 2);
        const cutShort = expr[i + 2] === ']';
        if (close < 0) {
          emit(cutShort ? '\\[' : '[');
          i++;
          continue;
        }
        const name = expr.slice(i, close + 2);
        if (cutShort) {
          const unknown = `[:\u0000${mangled.size}:]`;
          mangled.set(unknown, name);
          emit(unknown, name);
        } else {
          emit(name);
        }
        i = close + 2;
        continue;
      }
      if (c === ']' && !first) inClass = false;
      emit(c);
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      classStart = true;
      const next = expr[i + 1] === '^' ? i + 2 : i + 1;
      emit(expr.slice(i, next));
      i = next;
      continue;
    }
    if (c === ')') {
      caseless = savedCaseless.pop() ?? caseless;
    } else if (c === '(') {
      const rest = expr.slice(i);
      if (rest.startsWith('(?<')) return goOnly('(?<');
      if (rest === '(?P<') return goOnly('(?P');
      if (rest.startsWith('(?P<')) {
        const end = rest.indexOf('>');
        const name = end < 0 ? '' : rest.slice(4, end);
        if (name === '' || ![...name].every(isNameChar)) {
          // An invalid name: re2js raises Go's error there, quoting the text up to the first `>`.
          emit(rest);
          break;
        }
        names.push(name);
        savedCaseless.push(caseless);
        // A fresh name keeps the group's syntax (`(?P<n>?` is still a repeat without argument).
        emit(`(?P<g${names.length}>`);
        i += end + 1;
        continue;
      }
      if (rest.startsWith('(?')) {
        // Flags: `(?i)` changes the rest of the group, `(?i:…)` only its own.
        let j = 2;
        let sign = true;
        let nextCaseless: boolean = caseless;
        for (; j < rest.length && 'imsU-'.includes(rest[j]); j++) {
          if (rest[j] === '-') sign = false;
          else if (rest[j] === 'i') nextCaseless = sign;
        }
        if (rest[j] === ':') savedCaseless.push(caseless);
        if (rest[j] === ':' || rest[j] === ')') {
          caseless = nextCaseless;
          emit(rest.slice(0, j + 1));
          i += j + 1;
          continue;
        }
      } else {
        names.push('');
        savedCaseless.push(caseless);
      }
    }
    emit(c);
    i++;
  }
  return { check, program, names, mangled };
}

function goError(e: RE2JSSyntaxException, expr: string, mangled: ReadonlyMap<string, string>): Re2SyntaxError {
  const whole = WHOLE_PATTERN_ERRORS[e.error];
  if (whole !== undefined) return new Re2SyntaxError(whole, expr);
  const input = e.input ?? '';
  return new Re2SyntaxError(e.error, mangled.get(input) ?? input);
}

function compileSource(source: string, expr: string, mangled: ReadonlyMap<string, string>): RE2JS {
  try {
    return RE2JS.compile(source);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) throw goError(e, expr, mangled);
    throw e;
  }
}

const RAW_BYTE_IN_PATTERN = /(?<![\ud800-\udbff])[\udc80-\udcff]/;
const cache = new Map<string, GoRegexp>();
const CACHE_LIMIT = 500;

/** regexp.Compile: throws Re2SyntaxError with Go's message for an invalid pattern. */
export function compile(expr: string): GoRegexp {
  const cached = cache.get(expr);
  if (cached !== undefined) return cached;
  // Go's parser checks the pattern is UTF-8 first; the error quotes it from the first bad byte.
  const bad = expr.search(RAW_BYTE_IN_PATTERN);
  if (bad >= 0 && hasRawBytes(expr)) throw new Re2SyntaxError('invalid UTF-8', expr.slice(bad));
  const prepared = prepare(expr);
  if (prepared.goOnly !== undefined) {
    // Go stops at the first error from the left, so one before this group wins. The group's `(`
    // stays in, as it completes a flag group being parsed (`(?i(` is Go's error there); a
    // parenthesis still open is no error yet.
    try {
      compileSource(`${prepared.check}(`, expr, prepared.mangled);
    } catch (e) {
      if (!(e instanceof Re2SyntaxError) || e.code !== 'missing closing )') throw e;
    }
    throw prepared.goOnly.error;
  }
  let program = compileSource(prepared.check, expr, prepared.mangled);
  if (prepared.program !== prepared.check) program = compileSource(prepared.program, expr, prepared.mangled);
  const compiled: GoRegexp = { expr, subexpNames: prepared.names, program };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expr, compiled);
  return compiled;
}

/** The panic text of regexp.MustCompile, given how Go quotes the pattern (strconv.Quote or backquotes). */
export function mustCompileMessage(quotedExpr: string, error: Re2SyntaxError): string {
  return `regexp: Compile(${quotedExpr}): ${error.message}`;
}

/** Runs matches over one input; positions are searched from with the text before them as context. */
class Searcher {
  private readonly matcher: Matcher;
  constructor(
    private readonly re: GoRegexp,
    readonly input: string,
  ) {
    this.matcher = re.program.matcher(input);
  }

  /** Go's doExecute: the leftmost-first match at or after `pos`, with `groups` submatches. */
  exec(pos: number, withGroups: boolean): MatchIndex | undefined {
    if (!this.matcher.find(pos)) return undefined;
    const n = withGroups ? this.re.subexpNames.length : 1;
    const index: number[] = [];
    for (let g = 0; g < n; g++) index.push(this.matcher.start(g), this.matcher.end(g));
    return index;
  }

  /** Width in code units of the code point at `pos` (0 at the end), as Go steps one rune. */
  runeWidth(pos: number): number {
    if (pos >= this.input.length) return 0;
    return (this.input.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
  }
}

/** Regexp.MatchString. */
export function matchString(re: GoRegexp, s: string): boolean {
  return re.program.test(s);
}

/** Regexp.FindStringSubmatchIndex (without groups: FindStringIndex). */
export function findIndex(re: GoRegexp, s: string, withGroups = true): MatchIndex | undefined {
  return new Searcher(re, s).exec(0, withGroups);
}

/** Regexp.FindString. */
export function findString(re: GoRegexp, s: string): string {
  const m = findIndex(re, s, false);
  return m === undefined ? '' : s.slice(m[0], m[1]);
}

/** Regexp.FindStringSubmatch: "" for a group that took no part; undefined (Go nil) without a match. */
export function findStringSubmatch(re: GoRegexp, s: string): string[] | undefined {
  const m = findIndex(re, s);
  return m === undefined ? undefined : groupTexts(s, m);
}

function groupTexts(s: string, m: MatchIndex): string[] {
  const texts: string[] = [];
  for (let i = 0; i < m.length; i += 2) texts.push(m[i] < 0 ? '' : s.slice(m[i], m[i + 1]));
  return texts;
}

/** Go's allMatches: successive non-overlapping matches; an empty match right after a match is skipped. */
export function findAllIndex(re: GoRegexp, s: string, n: number, withGroups = true): MatchIndex[] {
  const limit = n < 0 ? Infinity : n;
  const searcher = new Searcher(re, s);
  const result: MatchIndex[] = [];
  let pos = 0;
  let prevMatchEnd = -1;
  while (result.length < limit && pos <= s.length) {
    const m = searcher.exec(pos, withGroups);
    if (m === undefined) break;
    let accept = true;
    if (m[1] === pos) {
      if (m[0] === prevMatchEnd) accept = false;
      const width = searcher.runeWidth(pos);
      pos = width > 0 ? pos + width : s.length + 1;
    } else {
      pos = m[1];
    }
    prevMatchEnd = m[1];
    if (accept) result.push(m);
  }
  return result;
}

/** Regexp.FindAllString; null is Go's nil (no match). */
export function findAllString(re: GoRegexp, s: string, n: number): string[] | null {
  const found = findAllIndex(re, s, n, false).map((m) => s.slice(m[0], m[1]));
  return found.length === 0 ? null : found;
}

/** Regexp.FindAllStringSubmatch; null is Go's nil. */
export function findAllStringSubmatch(re: GoRegexp, s: string, n: number): string[][] | null {
  const found = findAllIndex(re, s, n).map((m) => groupTexts(s, m));
  return found.length === 0 ? null : found;
}

/**
 * Go's extract: a `$` reference (`name`, `{name}`) at the start of `text`; a name of at most nine
 * digits without a leading zero is a group number.
 */
function extractRef(text: string): { name: string; num: number; length: number } | undefined {
  const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(text);
  if (ref === null) return undefined;
  const name = ref[1] ?? ref[2];
  const isNumber = /^[0-9]{1,9}$/.test(name) && !(name.length > 1 && name.startsWith('0'));
  return { name, num: isNumber ? Number(name) : -1, length: ref[0].length };
}

/** Regexp.ExpandString: `$1`, `${1}`, `$name`, `${name}`, `$$`; `$1W` names the group "1W". */
export function expand(re: GoRegexp, template: string, s: string, m: MatchIndex): string {
  const group = (i: number): string | undefined => (2 * i + 1 < m.length && m[2 * i] >= 0 ? s.slice(m[2 * i], m[2 * i + 1]) : undefined);
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
    const ref = extractRef(rest);
    if (ref === undefined) {
      out += '$';
      continue;
    }
    rest = rest.slice(ref.length);
    if (ref.num >= 0) {
      out += group(ref.num) ?? '';
      continue;
    }
    // The first group of that name that took part in the match (Go 1.19 allows duplicate names).
    for (let i = 0; i < re.subexpNames.length; i++) {
      const text = re.subexpNames[i] === ref.name ? group(i) : undefined;
      if (text !== undefined) {
        out += text;
        break;
      }
    }
  }
  return out + rest;
}

/** Go's replaceAll loop, including its rule against replacing an empty match right after a match. */
function replaceAll(re: GoRegexp, s: string, withGroups: boolean, replacement: (m: MatchIndex) => string): string {
  const searcher = new Searcher(re, s);
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= s.length) {
    const m = searcher.exec(searchPos, withGroups);
    if (m === undefined) break;
    out += s.slice(lastMatchEnd, m[0]);
    if (m[1] > lastMatchEnd || m[0] === 0) out += replacement(m);
    lastMatchEnd = m[1];
    const width = searcher.runeWidth(searchPos);
    if (searchPos + width > m[1]) searchPos += width;
    else if (searchPos + 1 > m[1]) searchPos++;
    else searchPos = m[1];
  }
  return out + s.slice(lastMatchEnd);
}

/** Regexp.ReplaceAllString. */
export function replaceAllString(re: GoRegexp, s: string, template: string): string {
  return replaceAll(re, s, template.includes('$'), (m) => expand(re, template, s, m));
}

/** Regexp.ReplaceAllLiteralString. */
export function replaceAllLiteralString(re: GoRegexp, s: string, replacement: string): string {
  return replaceAll(re, s, false, () => replacement);
}

/** Regexp.Split; null is Go's nil (n == 0). */
export function split(re: GoRegexp, s: string, n: number): string[] | null {
  if (n === 0) return null;
  if (re.expr.length > 0 && s.length === 0) return [''];
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAllIndex(re, s, n, false)) {
    if (n > 0 && parts.length === n - 1) break;
    end = m[0];
    if (m[1] !== 0) parts.push(s.slice(beg, end));
    beg = m[1];
  }
  if (end !== s.length) parts.push(s.slice(beg));
  return parts;
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
