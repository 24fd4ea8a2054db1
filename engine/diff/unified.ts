/** Unified diff text (`---`/`+++`/`@@` hunks) as `diff -u` prints it. */
import { diffLines, Edit } from './line-diff';

export interface UnifiedDiffOptions {
  readonly fromLabel: string;
  readonly toLabel: string;
  /** Unchanged lines shown around each change. Default 3. */
  readonly context?: number;
}

interface SplitText {
  readonly lines: string[];
  /** The last line had no terminating newline (diff's "\ No newline at end of file"). */
  readonly missingFinalNewline: boolean;
}

function splitLines(text: string): SplitText {
  if (text === '') return { lines: [], missingFinalNewline: false };
  const lines = text.split('\n');
  const missingFinalNewline = lines[lines.length - 1] !== '';
  if (!missingFinalNewline) lines.pop();
  return { lines, missingFinalNewline };
}

const NO_NEWLINE = '\\ No newline at end of file';

/** Empty string when the texts are equal. */
export function unifiedDiff(before: string, after: string, options: UnifiedDiffOptions): string {
  if (before === after) return '';
  const context = options.context ?? 3;
  const a = splitLines(before);
  const b = splitLines(after);
  // A changed final newline must show as a changed last line, so mark it inside the line itself.
  const markLast = (s: SplitText): string[] =>
    s.missingFinalNewline ? [...s.lines.slice(0, -1), `${s.lines[s.lines.length - 1]}\u0000nonl`] : s.lines;
  const edits = diffLines(markLast(a), markLast(b));
  const out = [`--- ${options.fromLabel}`, `+++ ${options.toLabel}`];
  for (const hunk of hunks(edits, context)) out.push(...hunk);
  return `${out.join('\n')}\n`;
}

interface Positioned extends Edit {
  readonly oldLine: number;
  readonly newLine: number;
}

function positioned(edits: readonly Edit[]): Positioned[] {
  let oldLine = 1;
  let newLine = 1;
  return edits.map((edit) => {
    const item = { ...edit, oldLine, newLine };
    if (edit.kind !== 'insert') oldLine++;
    if (edit.kind !== 'delete') newLine++;
    return item;
  });
}

function* hunks(edits: readonly Edit[], context: number): Generator<string[]> {
  const items = positioned(edits);
  let index = 0;
  while (index < items.length) {
    const firstChange = items.findIndex((item, i) => i >= index && item.kind !== 'equal');
    if (firstChange < 0) return;
    const start = Math.max(index, firstChange - context);
    // Extend the hunk while the next change is within 2×context unchanged lines.
    let end = firstChange;
    let equalRun = 0;
    for (let i = firstChange; i < items.length; i++) {
      if (items[i].kind === 'equal') {
        equalRun++;
        if (equalRun > 2 * context) break;
      } else {
        equalRun = 0;
        end = i;
      }
    }
    const stop = Math.min(items.length, end + context + 1);
    yield formatHunk(items.slice(start, stop));
    index = stop;
  }
}

function formatHunk(items: readonly Positioned[]): string[] {
  const oldCount = items.filter((item) => item.kind !== 'insert').length;
  const newCount = items.filter((item) => item.kind !== 'delete').length;
  const oldStart = oldCount === 0 ? items[0].oldLine - 1 : items[0].oldLine;
  const newStart = newCount === 0 ? items[0].newLine - 1 : items[0].newLine;
  const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);
  const lines = [`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`];
  for (const item of items) {
    const prefix = item.kind === 'equal' ? ' ' : item.kind === 'delete' ? '-' : '+';
    if (item.line.endsWith('\u0000nonl')) {
      lines.push(`${prefix}${item.line.slice(0, -'\u0000nonl'.length)}`, NO_NEWLINE);
    } else {
      lines.push(`${prefix}${item.line}`);
    }
  }
  return lines;
}
