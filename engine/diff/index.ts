/** Diffs shown by `--diff`. */
export { unifiedDiff } from './unified';
export type { UnifiedDiffOptions } from './unified';
export { diffLines } from './line-diff';
export type { Edit, EditKind } from './line-diff';
export { contentDiff, metadataDiff, directorySummary, isBinary, DIFF_SIZE_CAP } from './file-diff';
export type { ContentDiffInput, DirectoryEntryChange, FileDiff } from './file-diff';
