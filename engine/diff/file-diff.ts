/**
 * Diffs of installed files for `--diff`: unified text for small text files, a one-line summary
 * for binary or oversized content, and a listing for directory trees.
 */
import { unifiedDiff } from './unified';

/** A unified diff (or a summary) of what a task changed or would change. */
export interface FileDiff {
  readonly path: string;
  readonly before?: string;
  readonly after?: string;
  /** Ready-to-print text: a unified diff, or a summary for binary/large/directory changes. */
  readonly text: string;
}

/** Larger files are summarised instead of diffed (either side). */
export const DIFF_SIZE_CAP = 256 * 1024;

/** Binary = contains a NUL byte or is not valid UTF-8 (what a terminal could not show). */
export function isBinary(content: Buffer): boolean {
  if (content.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return false;
  } catch {
    return true;
  }
}

export interface ContentDiffInput {
  readonly path: string;
  /** Current content; undefined when the file does not exist or was too large to fetch. */
  readonly before: Buffer | undefined;
  /** Size of an existing file whose content was not fetched (too large); marks it as existing. */
  readonly beforeSize?: number;
  /** New content; undefined when it is too large to hold (then `afterSize` is required). */
  readonly after: Buffer | undefined;
  readonly afterSize?: number;
}

function sizeText(bytes: number): string {
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** A FileDiff for one file's content change (no diff object when content is equal). */
export function contentDiff(input: ContentDiffInput): FileDiff | undefined {
  const { path, before, after } = input;
  if (before !== undefined && after !== undefined && before.equals(after)) return undefined;
  const beforeSize = before?.length ?? input.beforeSize;
  const afterSize = after?.length ?? input.afterSize ?? 0;
  const exists = before !== undefined || input.beforeSize !== undefined;
  const fromLabel = exists ? `before: ${path}` : '/dev/null';
  const toLabel = `after: ${path}`;
  const header = `--- ${fromLabel}\n+++ ${toLabel}\n`;
  const sizes = `(${exists ? sizeText(beforeSize ?? 0) : 'absent'} -> ${sizeText(afterSize)})`;
  if (after === undefined || afterSize > DIFF_SIZE_CAP || (beforeSize ?? 0) > DIFF_SIZE_CAP || (exists && before === undefined)) {
    return { path, text: `${header}file too large to diff ${sizes}\n` };
  }
  if ((before !== undefined && isBinary(before)) || isBinary(after)) {
    return { path, text: `${header}binary file differs ${sizes}\n` };
  }
  const beforeText = before?.toString('utf8') ?? '';
  const afterText = after.toString('utf8');
  const text = unifiedDiff(beforeText, afterText, { fromLabel, toLabel });
  // A new empty file has no lines to show; still say that it appears.
  return {
    path,
    ...(before !== undefined ? { before: beforeText } : {}),
    after: afterText,
    text: text === '' ? `${header}new empty file\n` : text,
  };
}

/** A FileDiff for a change of permissions or ownership only. */
export function metadataDiff(path: string, changes: readonly string[]): FileDiff {
  return { path, text: `--- before: ${path}\n+++ after: ${path}\n${changes.map((c) => `# ${c}`).join('\n')}\n` };
}

export interface DirectoryEntryChange {
  readonly path: string;
  readonly state: 'new' | 'changed' | 'unchanged';
  /** Why a file changes: "content", "mode 0644 -> 0755", … */
  readonly reasons?: readonly string[];
}

/** The summary of a directory copy: one line per new or changed file and a count of the rest. */
export function directorySummary(root: string, entries: readonly DirectoryEntryChange[]): FileDiff {
  const lines = [`directory ${root}:`];
  const counts = { new: 0, changed: 0, unchanged: 0 };
  for (const entry of entries) {
    counts[entry.state]++;
    if (entry.state === 'new') lines.push(`  + ${entry.path}`);
    if (entry.state === 'changed') lines.push(`  ~ ${entry.path} (${(entry.reasons ?? []).join(', ')})`);
  }
  lines.push(`  ${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged`);
  return { path: root, text: `${lines.join('\n')}\n` };
}
