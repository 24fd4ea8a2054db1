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
  /** Execution errors: the text of the template the error is in, to place LINE:COL in a file. */
  readonly text?: string;
}

export class TemplateError extends KplayError implements TemplateErrorDetails {
  readonly phase: TemplatePhase;
  readonly templateName: string;
  readonly line: number;
  readonly column: number;
  readonly goMessage: string;
  readonly detail: string;
  readonly text?: string;

  constructor(details: TemplateErrorDetails) {
    super(details.phase === 'parse' ? 'KP-TMPL-001' : 'KP-TMPL-002', `${details.templateName}:${details.line}:${details.column}: ${details.detail}`);
    this.name = 'TemplateError';
    this.phase = details.phase;
    this.templateName = details.templateName;
    this.line = details.line;
    this.column = details.column;
    this.goMessage = details.goMessage;
    this.detail = details.detail;
    if (details.text !== undefined) this.text = details.text;
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

/** Byte length of a string in UTF-8 (Go's len). */
export function utf8Length(s: string): number {
  // Fast path: pure ASCII strings are the norm in templates.
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8');
  }
  return s.length;
}
