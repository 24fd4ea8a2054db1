/**
 * Line-level edit script between two texts, computed by jsdiff's `diffArrays` (Myers' O(ND)
 * algorithm). When the shortest script would need more than MAX_EDIT_DISTANCE edits, the whole
 * difference is reported as one replacement, which keeps time and memory bounded for
 * pathological inputs.
 */
import { diffArrays } from 'diff';

export type EditKind = 'equal' | 'delete' | 'insert';

export interface Edit {
  readonly kind: EditKind;
  readonly line: string;
}

/** Above this many edits the exact shortest script is not worth its cost. */
const MAX_EDIT_DISTANCE = 4000;

export function diffLines(before: readonly string[], after: readonly string[]): Edit[] {
  const changes = diffArrays(before.slice(), after.slice(), { maxEditLength: MAX_EDIT_DISTANCE });
  if (changes === undefined) return replaceAll(before, after);
  const edits: Edit[] = [];
  for (const change of changes) {
    const kind: EditKind = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    for (const line of change.value) edits.push({ kind, line });
  }
  return edits;
}

function replaceAll(a: readonly string[], b: readonly string[]): Edit[] {
  return [...a.map((line): Edit => ({ kind: 'delete', line })), ...b.map((line): Edit => ({ kind: 'insert', line }))];
}
