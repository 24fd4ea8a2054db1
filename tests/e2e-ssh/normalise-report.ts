/**
 * Makes two run reports comparable: drops durations, turns task sources into project-relative
 * paths, replaces run-specific directories with placeholders and orders the hosts of each task
 * (hosts finish a task in whatever order their connections answer).
 */

export interface RunReport {
  readonly status: string;
  readonly check: boolean;
  readonly detail: Record<string, unknown>;
  readonly stats: Record<string, Record<string, number>>;
  readonly tasks: readonly Record<string, unknown>[];
  readonly error?: string;
}

export function normaliseReport(report: RunReport, projectRoot: string, replacements: Readonly<Record<string, string>>): unknown {
  const rewrite = (text: string): string =>
    Object.entries(replacements).reduce((acc, [from, to]) => acc.split(from).join(to), text.split(`${projectRoot}/`).join(''));
  const deep = (value: unknown): unknown => {
    if (typeof value === 'string') return rewrite(value);
    if (Array.isArray(value)) return value.map(deep);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([key]) => key !== 'duration_ms')
          .map(([key, inner]) => [key, deep(inner)]),
      );
    }
    return value;
  };
  const normalised = deep(report) as RunReport;
  return { ...normalised, tasks: hostsInOrder(normalised.tasks) };
}

/** Keeps tasks in run order and each host's loop items in order; sorts hosts within a task. */
function hostsInOrder(tasks: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const taskKey = (t: Record<string, unknown>) => `${String(t.play)}\u0000${String(t.task)}\u0000${String(t.source)}`;
  // Runs of the same task are one group; a task met again later (a handler, a second play) is a new group.
  let group = -1;
  let previous = '';
  const grouped = tasks.map((task, index) => {
    const key = taskKey(task);
    if (key !== previous) {
      group += 1;
      previous = key;
    }
    return { task, group, index };
  });
  return grouped
    .sort((a, b) => a.group - b.group || String(a.task.host).localeCompare(String(b.task.host)) || a.index - b.index)
    .map((entry) => entry.task);
}
