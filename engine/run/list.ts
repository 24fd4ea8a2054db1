/** `--list-hosts`, `--list-tasks`, `--list-tags`: what a run would touch, as lines of text. */
import { shouldRunTask, type TagFilter } from '../executor/tags';
import type { LoadedProject, TaskListEntry } from '../project/model';
import type { PreparedRun } from './load';

export type ListKind = 'hosts' | 'tasks' | 'tags';

export function listRun(what: ListKind, prepared: PreparedRun, tagFilter: TagFilter): string[] {
  const { project, limitHosts } = prepared;
  const lines: string[] = [];
  const out = (s: string) => lines.push(s);
  const allTags = new Set<string>();
  for (const play of project.plays) {
    const name = play.name ?? play.hosts.join(',');
    out(`play: ${name}`);
    if (what === 'hosts') {
      const hosts = prepared.resolveHosts(play.hosts).filter((h) => limitHosts === undefined || limitHosts.has(h));
      out(`  hosts (${hosts.length}):`);
      for (const h of hosts) out(`    ${h}`);
      continue;
    }
    const walk = (entries: readonly TaskListEntry[], inherited: readonly string[], depth: number, role?: string) => {
      for (const e of entries) {
        const tags = [...new Set([...inherited, ...e.tags])];
        if (e.kind === 'task') {
          for (const t of tags) allTags.add(t);
          // Like Ansible, --list-tasks shows what --tags/--skip-tags would select.
          if (what === 'tasks' && shouldRunTask(tags, tagFilter)) out(`${'  '.repeat(depth)}${role ? `${role} : ` : ''}${e.name}\tTAGS: [${tags.join(', ')}]`);
        } else {
          walk(e.block, tags, depth, role);
          walk(e.rescue, tags, depth, role);
          walk(e.always, tags, depth, role);
        }
      }
    };
    const playTags = [...play.tags];
    walk(play.preTasks, playTags, 1);
    const walkRole = (role: LoadedProject['plays'][number]['roles'][number], inherited: readonly string[]) => {
      const tags = [...new Set([...inherited, ...role.tags])];
      for (const dep of role.dependencies) walkRole(dep, tags);
      walk(role.tasks, tags, 1, role.name);
    };
    for (const role of play.roles) walkRole(role, playTags);
    walk(play.tasks, playTags, 1);
    walk(play.postTasks, playTags, 1);
  }
  if (what === 'tags') out(`TASK TAGS: [${[...allTags].sort().join(', ')}]`);
  return lines;
}
