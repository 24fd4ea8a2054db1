/**
 * A block-style YAML writer that reproduces gopkg.in/yaml.v3's encoder output byte for byte for
 * the values templates handle (maps, lists, scalars), with the encoder's 4-space indentation.
 *
 * yaml.v3 decides layout with a small state machine (column, "whitespace" and "indention" flags,
 * a stack of indents); the same bookkeeping is kept here because the exact spaces and line breaks
 * depend on it (e.g. a literal block that starts with a line break, or `- - x` for nested lists).
 */

import { resolvePlainScalar } from '../../yaml/scalar-resolve';

const BEST_INDENT = 4;

/** What yaml.v3's scalar analysis found out about a string. */
interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

/** The node being written and what its parent pushed on yaml.v3's state stack. */
type Parent = 'document' | 'sequenceItem' | 'mapping';

export type YamlNode =
  | { kind: 'scalar'; text: string; style: ScalarStyle; tag?: string }
  | { kind: 'sequence'; items: YamlNode[] }
  | { kind: 'mapping'; entries: Array<[YamlNode, YamlNode]> };

function isBreakChar(c: string): boolean {
  return c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
}

/** yaml.v3's is_printable, by code point (it works on UTF-8 bytes; 4-byte sequences are not printable). */
function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

const HAS_SURROGATE = /[\ud800-\udfff]/;

/** Length in code points (what yaml.v3's column counts). */
function codePointLength(s: string): number {
  return HAS_SURROGATE.test(s) ? Array.from(s).length : s.length;
}

/**
 * Both analyses are pure functions of the text and templates render the same keys and values
 * on every run, so they are memoised (bounded; the results are never mutated).
 */
const MEMO_LIMIT = 2000;
/** Longer texts are analysed every time: the memo must not keep large strings alive. */
const MEMO_MAX_LENGTH = 256;
const analysisMemo = new Map<string, ScalarAnalysis>();
const styleMemo = new Map<string, ScalarStyle>();

function memoised<T>(memo: Map<string, T>, text: string, compute: (text: string) => T): T {
  if (text.length > MEMO_MAX_LENGTH) return compute(text);
  let hit = memo.get(text);
  if (hit === undefined) {
    hit = compute(text);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(text, hit);
  }
  return hit;
}

function analyzeScalar(value: string): Readonly<ScalarAnalysis> {
  return memoised(analysisMemo, value, computeScalarAnalysis);
}

function computeScalarAnalysis(value: string): ScalarAnalysis {
  if (value.length === 0) {
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  // Without surrogates the string itself indexes like its code-point array, unallocated.
  const chars: ArrayLike<string> = HAS_SURROGATE.test(value) ? Array.from(value) : value;
  let blockIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      else if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true;
    } else if (c === ':' && followedByWhitespace) {
      blockIndicators = true;
    } else if (c === '#' && precededByWhitespace) {
      blockIndicators = true;
    }
    const cp = c.codePointAt(0) ?? 0;
    if (c === '\t') tabCharacters = true;
    else if (!isPrintable(cp)) specialCharacters = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakChar(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === ' ' || c === '\t' || isBreakChar(c) || c === '\0';
  }
  const result: ScalarAnalysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) result.blockPlainAllowed = false;
  if (trailingSpace) result.blockAllowed = false;
  if (breakSpace) {
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    result.blockPlainAllowed = false;
    result.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) result.blockAllowed = false;
  if (lineBreaks || blockIndicators) result.blockPlainAllowed = false;
  return result;
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const YAML11_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/** The style yaml.v3's encoder asks for a Go string (before the emitter's own checks). */
export function requestedStringStyle(s: string): ScalarStyle {
  return memoised(styleMemo, s, computeRequestedStyle);
}

function computeRequestedStyle(s: string): ScalarStyle {
  if (s.includes('\n')) return 'literal';
  // A plain scalar must read back as the same string, also for YAML 1.1 parsers.
  const resolved = resolvePlainScalar(s, 'project');
  const readsBackAsString = typeof resolved === 'string';
  return readsBackAsString && !BASE60_FLOAT.test(s) && !YAML11_BOOLS.has(s) ? 'plain' : 'double';
}

export class YamlEmitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;

  render(root: YamlNode): string {
    this.node(root, 'document', false);
    // Document end: yaml.v3 finishes the last line.
    this.writeIndent();
    return this.out;
  }

  private put(s: string): void {
    this.out += s;
    this.column += s.length === 1 ? 1 : codePointLength(s);
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }

  private writeBreakChar(c: string): void {
    if (c === '\n') {
      this.putBreak();
      return;
    }
    this.out += c;
    this.column = 0;
    this.indention = true;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** yaml_emitter_increase_indent; returns the previous indent to restore. */
  private increaseIndent(flow: boolean, parent: Parent): number {
    const saved = this.indent;
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (parent === 'sequenceItem') this.indent += 2;
    else this.indent = BEST_INDENT * Math.floor((this.indent + BEST_INDENT) / BEST_INDENT);
    return saved;
  }

  private node(n: YamlNode, parent: Parent, simpleKey: boolean): void {
    switch (n.kind) {
      case 'scalar':
        this.scalar(n.text, n.style, parent, simpleKey, n.tag);
        return;
      case 'sequence':
        if (n.items.length === 0) this.emptyFlow('[', ']', parent);
        else this.blockSequence(n.items, parent);
        return;
      case 'mapping':
        if (n.entries.length === 0) this.emptyFlow('{', '}', parent);
        else this.blockMapping(n.entries, parent);
        return;
    }
  }

  private emptyFlow(open: string, close: string, parent: Parent): void {
    this.writeIndicator(open, true, true, false);
    const saved = this.increaseIndent(true, parent);
    this.indent = saved;
    this.writeIndicator(close, false, false, false);
  }

  private blockSequence(items: YamlNode[], parent: Parent): void {
    const saved = this.increaseIndent(false, parent);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, 'sequenceItem', false);
    }
    this.indent = saved;
  }

  private blockMapping(entries: Array<[YamlNode, YamlNode]>, parent: Parent): void {
    const saved = this.increaseIndent(false, parent);
    for (const [key, value] of entries) {
      this.writeIndent();
      if (this.isSimpleKey(key)) {
        this.node(key, 'mapping', true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, 'mapping', false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, 'mapping', false);
    }
    this.indent = saved;
  }

  private isSimpleKey(key: YamlNode): boolean {
    if (key.kind !== 'scalar') return false;
    if (analyzeScalar(key.text).multiline) return false;
    return Buffer.byteLength(key.text, 'utf8') <= 128;
  }

  private scalar(text: string, requested: ScalarStyle, parent: Parent, simpleKey: boolean, tag?: string): void {
    const analysis = analyzeScalar(text);
    let style = requested;
    if (simpleKey && analysis.multiline) style = 'double';
    if (style === 'plain') {
      if (!analysis.blockPlainAllowed || (text.length === 0 && simpleKey)) style = 'single';
    }
    if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';

    const saved = this.increaseIndent(true, parent);
    if (tag !== undefined) this.writeIndicator(tag, true, false, false);
    switch (style) {
      case 'plain':
        this.writePlain(text);
        break;
      case 'single':
        this.writeSingleQuoted(text);
        break;
      case 'double':
        this.writeDoubleQuoted(text);
        break;
      case 'literal':
        this.writeLiteral(text);
        break;
    }
    this.indent = saved;
  }

  private writePlain(text: string): void {
    if (text.length > 0 && !this.whitespace) this.put(' ');
    this.put(text);
    if (text.length > 0) this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(text: string): void {
    this.writeIndicator("'", true, false, false);
    let breaks = false;
    for (const c of text) {
      if (isBreakChar(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreakChar(c);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c === "'" ? "''" : c);
        this.indention = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(text: string): void {
    this.writeIndicator('"', true, false, false);
    for (const c of text) {
      const cp = c.codePointAt(0) ?? 0;
      if (!isPrintable(cp) || cp === 0xfeff || isBreakChar(c) || c === '"' || c === '\\') this.put(escapeForDoubleQuotes(cp));
      else this.put(c);
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(text: string): void {
    this.writeIndicator('|', true, false, false);
    const chars = Array.from(text);
    if (chars[0] === ' ' || isBreakChar(chars[0] ?? '')) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const chomp = chompHint(chars);
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreakChar(c)) {
        this.writeBreakChar(c);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

function chompHint(chars: string[]): string {
  if (chars.length === 0) return '-';
  const last = chars.length - 1;
  if (!isBreakChar(chars[last])) return '-';
  if (last === 0) return '+';
  return isBreakChar(chars[last - 1]) ? '+' : '';
}

const NAMED_ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

function escapeForDoubleQuotes(cp: number): string {
  const named = NAMED_ESCAPES[cp];
  if (named !== undefined) return '\\' + named;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return '\\x' + hex.padStart(2, '0');
  if (cp <= 0xffff) return '\\u' + hex.padStart(4, '0');
  return '\\U' + hex.padStart(8, '0');
}
