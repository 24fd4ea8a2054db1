/** Human-readable rendering of a Diagnostic: `file:line:col: message`, the source line, a caret. */

import { withCode } from './errors';
import type { Diagnostic } from './source';

export function formatDiagnostic(d: Diagnostic, sourceText?: string): string {
  const head = `${d.pos.file}:${d.pos.line}:${d.pos.col}: ${d.severity === 'warning' ? 'warning: ' : ''}${withCode(d.message, d.code)}`;
  if (sourceText === undefined) return head;
  const line = sourceText.split(/\r?\n/)[d.pos.line - 1];
  if (line === undefined) return head;
  // Tabs stay tabs in the caret line so the caret lines up in any terminal.
  const lead = line.slice(0, Math.max(0, d.pos.col - 1)).replace(/[^\t]/g, ' ');
  return `${head}\n${line}\n${lead}^`;
}
