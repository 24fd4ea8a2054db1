/**
 * Template errors and the small Go-formatting helpers their messages need.
 *
 * Go reports parse errors as `template: NAME:LINE: MSG` and execution errors as
 * `template: NAME:LINE:COL: executing "TMPL" at <CONTEXT>: MSG` (COL is a 0-based byte offset in
 * the line). `goMessage` keeps that exact text; `message` is the form shown to users,
 * `NAME:LINE:COL: …` with a 1-based column counted in characters, as editors show it.
 */

import { KplayError } from '../core/errors';

export type TemplatePhase = 'parse' | 'exec';

export interface TemplateErrorDetails {
  readonly phase: TemplatePhase;
  /** Name the text was parsed under (a file path for template files, `tpl` by default). */
  readonly templateName: string;
  readonly line: number;
  /** 1-based, in characters (code points). */
  readonly column: number;
  /** Go's error text, byte for byte. */
  readonly goMessage: string;
  /** The message without location prefix (what follows `LINE:COL: ` in `message`). */
  readonly detail: string;
}

export class TemplateError extends KplayError implements TemplateErrorDetails {
  readonly phase: TemplatePhase;
  readonly templateName: string;
  readonly line: number;
  readonly column: number;
  readonly goMessage: string;
  readonly detail: string;

  constructor(details: TemplateErrorDetails) {
    super(details.phase === 'parse' ? 'KP-TMPL-001' : 'KP-TMPL-002', `${details.templateName}:${details.line}:${details.column}: ${details.detail}`);
    this.name = 'TemplateError';
    this.phase = details.phase;
    this.templateName = details.templateName;
    this.line = details.line;
    this.column = details.column;
    this.goMessage = details.goMessage;
    this.detail = details.detail;
  }
}

export interface SourcePosition {
  /** 1-based line. */
  readonly line: number;
  /** Go's column: 0-based byte offset within the line. */
  readonly goColumn: number;
  /** 1-based column in code points. */
  readonly column: number;
}

/** Line/column of a UTF-16 offset in `text`, computed only when an error is reported. */
export function positionOf(text: string, offset: number): SourcePosition {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const lineText = text.slice(lineStart, end);
  return { line, goColumn: utf8Length(lineText), column: Array.from(lineText).length + 1 };
}

/** strconv.IsPrint approximated with Unicode general categories (L, M, N, P, S and ASCII space). */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function isGoPrintable(ch: string): boolean {
  return PRINTABLE.test(ch);
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** strconv.Quote: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') {
      out += '\\' + ch;
    } else if (cp >= 0x20 && cp < 0x7f) {
      out += ch;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      // A lone surrogate has no UTF-8 form; Go would see the replacement character.
      out += '\\ufffd';
    } else if (cp > 0x7f && isGoPrintable(ch)) {
      out += ch;
    } else {
      switch (ch) {
        case '\x07':
          out += '\\a';
          break;
        case '\b':
          out += '\\b';
          break;
        case '\f':
          out += '\\f';
          break;
        case '\n':
          out += '\\n';
          break;
        case '\r':
          out += '\\r';
          break;
        case '\t':
          out += '\\t';
          break;
        case '\v':
          out += '\\v';
          break;
        default:
          if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
          else if (cp < 0x10000) out += '\\u' + hex(cp, 4);
          else out += '\\U' + hex(cp, 8);
      }
    }
  }
  return out + '"';
}

/** fmt's `%.Nq`: quotes the first N characters. */
export function goQuotePrefix(s: string, runes: number): string {
  return goQuote(Array.from(s).slice(0, runes).join(''));
}

/** fmt's `%#U`: `U+002D '-'` (the character only when printable). */
export function goUnicodeVerb(cp: number): string {
  const code = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  const ch = String.fromCodePoint(cp);
  return isGoPrintable(ch) ? `${code} '${ch}'` : code;
}

/** Byte length of a string in UTF-8 (Go's len). */
export function utf8Length(s: string): number {
  // Fast path: pure ASCII strings are the norm in templates.
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8');
  }
  return s.length;
}
