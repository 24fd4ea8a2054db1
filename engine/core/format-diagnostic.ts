/** Human-readable rendering of a Diagnostic: `file:line:col: message`, the source line, a caret. */

import { withCode } from './errors';
import { isSecretName } from './secret-names';
import type { Diagnostic } from './source';

/**
 * Control characters from a broken or hostile file would otherwise reach the terminal raw (colour
 * changes, cursor moves, bells); they are shown as `\x1b`-style escapes instead. Tabs are kept.
 */
export function escapeControlCharacters(text: string): string {
   
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `key: value` on one line, the key plain or quoted, maybe as a list item or a flow entry. */
const KEY_VALUE = /^(\s*(?:-\s+)?["']?)([\w.-]+)(["']?\s*:\s+)(\S.*)$/;

/**
 * The value of a source line whose key is a secret's (or, misspelt, is taken for one: `pasword`
 * "did you mean password"), masked: an error message must not print the password it is about.
 */
function maskSecretValue(line: string, message: string): string {
  const m = KEY_VALUE.exec(line);
  if (m === null) return line;
  const suggested = /did you mean "([^"]+)"/.exec(message)?.[1];
  if (!isSecretName(m[2]) && (suggested === undefined || !isSecretName(suggested))) return line;
  return `${m[1]}${m[2]}${m[3]}********`;
}

export function formatDiagnostic(d: Diagnostic, sourceText?: string): string {
  const head = escapeControlCharacters(`${d.pos.file}:${d.pos.line}:${d.pos.col}: ${d.severity === 'warning' ? 'warning: ' : ''}${withCode(d.message, d.code)}`);
  if (sourceText === undefined) return head;
  const raw = sourceText.split(/\r?\n/)[d.pos.line - 1];
  if (raw === undefined) return head;
  const line = maskSecretValue(raw, d.message);
  // Tabs stay tabs in the caret line so the caret lines up in any terminal; escapes widen the prefix.
  const lead = escapeControlCharacters(line.slice(0, Math.max(0, d.pos.col - 1))).replace(/[^\t]/g, ' ');
  return `${head}\n${escapeControlCharacters(line)}\n${lead}^`;
}
