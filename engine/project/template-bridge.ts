/**
 * The template engine as the loader needs it: parse-checking and rendering with the config.
 * It is reached through this one seam so tests can substitute it.
 */

import { parseTemplate, renderTemplate } from '../template/template';
import type { GoValue } from '../core/values';

export interface TemplateService {
  /** Throws an Error whose message is Go's (`template: NAME:LINE: …`) when `text` does not parse. */
  parse(text: string, name: string): void;
  /** Renders with `data`; throws like `parse` on parse or execution errors. */
  render(text: string, data: GoValue, name: string): string;
}

let cached: TemplateService | undefined;

export function defaultTemplateService(): TemplateService {
  cached ??= {
    parse: (text, name) => {
      parseTemplate(text, { name });
    },
    render: (text, data, name) => renderTemplate(text, data, { name }),
  };
  return cached;
}

/** Go renders a string only when it holds both delimiters (`docs/inventory.md#rendered-values-get-a-type`). */
export function isTemplateText(s: string): boolean {
  return s.includes('{{') && s.includes('}}');
}

export interface TemplateProblem {
  /** 1-based line inside the template text. */
  readonly line: number;
  /** 1-based column in characters, when known. */
  readonly col?: number;
  /** The message without its location prefix. */
  readonly text: string;
}

/**
 * Location and text of a template error: the engine's TemplateError carries `line`, `column` and
 * `detail`; anything else is read from Go's `template: NAME:LINE[:COL]: msg` form.
 */
export function describeTemplateError(e: unknown): TemplateProblem {
  const fields = e as { line?: unknown; column?: unknown; detail?: unknown; message?: unknown };
  if (typeof fields.line === 'number' && typeof fields.detail === 'string') {
    return { line: fields.line, col: typeof fields.column === 'number' ? fields.column : undefined, text: fields.detail };
  }
  const message = typeof fields.message === 'string' ? fields.message : String(e);
  const m = /^(?:template: )?.*?:(\d+)(?::(\d+))?: ([\s\S]*)$/.exec(message);
  if (!m) return { line: 1, text: message };
  return { line: Number(m[1]), col: m[2] === undefined ? undefined : Number(m[2]), text: m[3] };
}
