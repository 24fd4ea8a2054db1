/**
 * Tag selection, as Ansible users expect: `always` runs unless skipped explicitly, `never` runs
 * only when one of its other tags is asked for, `tagged`/`untagged` test whether a task has tags
 * (KubeKey treats `tagged` like `all`; see docs/compatibility.md).
 */
export interface TagFilter {
  readonly tags: readonly string[];
  readonly skipTags: readonly string[];
}

export function shouldRunTask(taskTags: readonly string[], filter: TagFilter): boolean {
  const has = (t: string) => taskTags.includes(t);
  const own = taskTags.filter((t) => t !== 'always' && t !== 'never');
  let run: boolean;
  if (filter.tags.length > 0) {
    const only = new Set(filter.tags);
    run =
      has('always') ||
      (only.has('all') && !has('never')) ||
      (only.has('tagged') && own.length > 0 && !has('never')) ||
      (only.has('untagged') && own.length === 0 && !has('never')) ||
      taskTags.some((t) => t !== 'always' && only.has(t));
  } else {
    run = !has('never');
  }
  if (!run || filter.skipTags.length === 0) return run;
  const skip = new Set(filter.skipTags);
  if (skip.has('all') && !(has('always') && !skip.has('always'))) return false;
  if (taskTags.some((t) => skip.has(t))) return false;
  if (skip.has('tagged') && own.length > 0) return false;
  if (skip.has('untagged') && own.length === 0) return false;
  return true;
}
