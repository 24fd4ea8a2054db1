/**
 * `--start-at-task NAME` with Ansible's semantics (`docs/cli.md#start-at-a-task`): tasks are skipped
 * until the first one, in playbook order across plays and roles, whose name matches — its `name`
 * or its `role : name` form, literally or as a glob (`*`, `?`, `[…]`, as Python's fnmatch). Plays
 * before it do nothing (not even gather facts); the play it is in gathers facts as usual; later
 * `serial` batches and later plays run in full. Rescue sections and handlers are never start
 * points (Ansible's iterator does not reach them while skipping).
 */
import type { PlayNode, RoleNode, TaskListEntry, TaskNode } from '../project/model';

/** Python's fnmatch.fnmatchcase: the whole name, `*` any run, `?` one character, `[…]`/`[!…]` sets. */
export function globMatches(name: string, pattern: string): boolean {
  let compiled: RegExp;
  try {
    compiled = globToRegExp(pattern);
  } catch {
    // A set JavaScript cannot express (e.g. a reversed range): fnmatch would match nothing either.
    return false;
  }
  return compiled.test(name);
}

function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) {
        // No closing bracket: a literal `[`, as fnmatch treats it.
        out += '\\[';
        continue;
      }
      const negated = pattern[i + 1] === '!';
      const members = pattern.slice(negated ? i + 2 : i + 1, j).replace(/[\\\]\[^]/g, '\\$&');
      const set = `${negated ? '^' : ''}${members}`;
      out += `[${set}]`;
      i = j;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`, 'u');
}

/**
 * The names a task answers to: its name and `role : name`, where the role is the role path kplay
 * prints (`precheck/os`) and, for a nested path, also its last part (`os`), Ansible's role name.
 */
export function startNames(task: TaskNode): string[] {
  if (task.role === undefined) return [task.name];
  const names = [task.name, `${task.role} : ${task.name}`];
  const last = task.role.split('/').pop();
  if (last !== undefined && last !== task.role) names.push(`${last} : ${task.name}`);
  return names;
}

export function isStartTask(task: TaskNode, pattern: string): boolean {
  return startNames(task).some((name) => name === pattern || globMatches(name, pattern));
}

function entriesContain(entries: readonly TaskListEntry[], pattern: string): boolean {
  return entries.some((entry) =>
    entry.kind === 'task' ? isStartTask(entry, pattern) : entriesContain(entry.block, pattern) || entriesContain(entry.always, pattern),
  );
}

function roleContains(role: RoleNode, pattern: string): boolean {
  return role.dependencies.some((dep) => roleContains(dep, pattern)) || entriesContain(role.tasks, pattern);
}

/** Whether running `play` reaches a task `pattern` names (so the play is where the run starts). */
export function playContainsStart(play: PlayNode, pattern: string): boolean {
  return (
    entriesContain(play.preTasks, pattern) ||
    play.roles.some((role) => roleContains(role, pattern)) ||
    entriesContain(play.tasks, pattern) ||
    entriesContain(play.postTasks, pattern)
  );
}
