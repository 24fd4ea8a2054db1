/**
 * Group flattening (`docs/inventory.md#groups`), cycle detection and the "parents before children" order
 * kplay applies group vars in.
 */

import type { SourcePos } from '../core/source';
import type { GoMap } from '../core/values';

/** One entry of `spec.groups`, in inventory order. */
export interface GroupDefinition {
  readonly name: string;
  /** Direct member host names, as written (may repeat). */
  readonly hosts: readonly string[];
  /** Child group names, as written. */
  readonly children: readonly string[];
  readonly vars: GoMap;
  readonly pos: SourcePos;
  /** Position of each `children` entry, for errors about that reference. */
  readonly childPositions: readonly SourcePos[];
}

export interface GroupCycle {
  /** The groups along the cycle, first repeated at the end: `[a, b, a]`. */
  readonly path: readonly string[];
  /** Where the reference closing the cycle is written. */
  readonly pos: SourcePos;
}

/** Every distinct cycle of the child-group graph (each reported once, from its first group in inventory order). */
export function findGroupCycles(definitions: ReadonlyMap<string, GroupDefinition>): GroupCycle[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: GroupCycle[] = [];
  const seen = new Set<string>();

  const visit = (name: string): void => {
    const group = definitions.get(name);
    if (group === undefined) return;
    state.set(name, 'visiting');
    stack.push(name);
    group.children.forEach((child, index) => {
      const childState = state.get(child);
      if (childState === 'visiting') {
        const path = [...stack.slice(stack.indexOf(child)), child];
        const key = [...new Set(path)].sort().join('\0');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push({ path, pos: group.childPositions[index] ?? group.pos });
        }
      } else if (childState === undefined) {
        visit(child);
      }
    });
    stack.pop();
    state.set(name, 'done');
  };

  for (const name of definitions.keys()) if (!state.has(name)) visit(name);
  return cycles;
}

/**
 * KubeKey's flattening of one group: each child's flattened list is put in front of what was
 * collected so far, then the direct hosts are appended; duplicates keep their first position.
 * Undefined children contribute nothing. The definitions must be acyclic.
 */
export function flattenGroups(definitions: ReadonlyMap<string, GroupDefinition>): Map<string, string[]> {
  const flattened = new Map<string, string[]>();
  const flatten = (name: string): string[] => {
    const done = flattened.get(name);
    if (done !== undefined) return done;
    const group = definitions.get(name);
    if (group === undefined) return [];
    let collected: string[] = [];
    for (const child of group.children) collected = uniqueConcat(flatten(child), collected);
    const result = uniqueConcat(collected, group.hosts);
    flattened.set(name, result);
    return result;
  };
  for (const name of definitions.keys()) flatten(name);
  // Map iteration follows insertion, which recursion disturbed: rebuild in inventory order.
  return new Map([...definitions.keys()].map((name) => [name, flattened.get(name) ?? []]));
}

/**
 * All defined groups so that every group comes after each group listing it as a child; among
 * groups free to go next, the earliest in the inventory goes first. Applying group vars in this
 * order lets the most specific group win. The definitions must be acyclic.
 */
export function groupsParentsFirst(definitions: ReadonlyMap<string, GroupDefinition>): string[] {
  const names = [...definitions.keys()];
  const parentCount = new Map<string, number>(names.map((name) => [name, 0]));
  for (const group of definitions.values()) {
    for (const child of new Set(group.children)) {
      if (parentCount.has(child)) parentCount.set(child, (parentCount.get(child) ?? 0) + 1);
    }
  }
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < names.length) {
    const next = names.find((name) => !placed.has(name) && parentCount.get(name) === 0);
    if (next === undefined) break; // only reachable with a cycle, which loading rejects first
    order.push(next);
    placed.add(next);
    for (const child of new Set(definitions.get(next)?.children ?? [])) {
      if (parentCount.has(child)) parentCount.set(child, (parentCount.get(child) ?? 0) - 1);
    }
  }
  return order;
}

function uniqueConcat(first: readonly string[], second: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const name of [...first, ...second]) {
    if (!seen.has(name)) {
      seen.add(name);
      result.push(name);
    }
  }
  return result;
}
