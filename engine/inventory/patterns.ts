/**
 * Host selection: KubeKey's play `hosts` patterns (`docs/inventory.md#play-hosts`) and Ansible-style `--limit`
 * expressions, which kplay adds on top.
 */

import { renderTemplate } from '../template/template';
import type { GoMap } from '../core/values';
import { isTemplateText } from '../template/conversions';
import { combineVariables } from '../core/merge';
import type { Inventory } from './inventory';

export interface HostPatternOptions {
  /** Random source for `group|random`, returning [0, 1); defaults to Math.random. */
  readonly random?: () => number;
}

export interface HostSelection {
  readonly hosts: string[];
  /** Entries that selected no host at all (Ansible warns about each). */
  readonly unmatched: readonly string[];
  /** Set when an entry could not be resolved (`group[N]` past the end). */
  readonly error?: string;
}

const INDEXED = /^(.*?)\[(\d+)]$/;
const RANDOM = /^(.+?)\s*\|\s*random$/;

/**
 * The hosts named by a play's `hosts` (or `add_hostvars.hosts`) entries, in the order KubeKey
 * produces: each entry is rendered with the config (plus `groups`) when it is template text, then
 * matched as host name, group, `group[N]` and `group|random` — every rule that matches adds hosts.
 */
export function resolveHostPatterns(
  patterns: readonly string[],
  inventory: Inventory,
  config: GoMap,
  options: HostPatternOptions = {},
): HostSelection {
  const random = options.random ?? Math.random;
  let hosts: string[] = [];
  const unmatched: string[] = [];
  let renderData: GoMap | undefined;
  for (const pattern of patterns) {
    let found = false;
    let name = pattern;
    if (isTemplateText(pattern)) {
      renderData ??= combineVariables(config, { groups: inventory.groupsValue() });
      try {
        name = renderTemplate(pattern, renderData, { name: 'hosts' });
      } catch {
        name = pattern; // KubeKey falls back to the raw text
      }
    }
    if (inventory.hasHost(name)) {
      hosts.push(name);
      found = true;
    }
    const group = inventory.groups.get(name);
    if (group !== undefined) {
      hosts = uniqueConcat(hosts, group);
      found ||= group.length > 0;
    }

    const indexed = INDEXED.exec(name.trim());
    if (indexed !== null) {
      const members = inventory.groups.get(indexed[1] ?? '');
      if (members !== undefined) {
        const index = Number(indexed[2]);
        const member = members[index];
        if (member === undefined) return { hosts, unmatched, error: `index ${indexed[2]} out of range for group [${members.join(' ')}]` };
        hosts.push(member);
        found = true;
      }
    }
    const randomPick = RANDOM.exec(name.trim());
    if (randomPick !== null) {
      const members = inventory.groups.get(randomPick[1] ?? '');
      if (members !== undefined && members.length > 0) {
        const member = members[Math.min(members.length - 1, Math.floor(random() * members.length))];
        if (member !== undefined) {
          hosts.push(member);
          found = true;
        }
      }
    }
    if (!found) unmatched.push(pattern);
  }
  return { hosts, unmatched };
}

export interface LimitResult {
  readonly hosts: string[];
  /** Terms of the expression that matched no host (for a warning). */
  readonly unmatched: string[];
  /** Set for a malformed term (an invalid `~regex`). */
  readonly error?: string;
}

/**
 * `hosts` restricted by an Ansible `--limit` expression, keeping the order of `hosts`. Terms are
 * separated by `,` (or `:` when there is no comma); plain terms are unioned, `&term` intersects,
 * `!term` excludes, applied in that order whatever their position (as Ansible does). A term is a
 * host or group name, `all`/`*`, a glob (`web*`, `node-[12]`), `~regex` (anchored at the start,
 * like Python's re.match) or a group subscript `group[N]` / `group[A:B]` (B inclusive).
 */
export function applyLimit(hosts: readonly string[], expression: string, inventory: Inventory): LimitResult {
  const terms = splitLimit(expression, inventory);
  const positive = terms.filter((t) => !t.startsWith('&') && !t.startsWith('!'));
  const intersections = terms.filter((t) => t.startsWith('&')).map((t) => t.slice(1));
  const exclusions = terms.filter((t) => t.startsWith('!')).map((t) => t.slice(1));
  const unmatched: string[] = [];
  const match = (term: string): Set<string> | string => {
    const found = matchTerm(term, inventory);
    if (typeof found !== 'string' && found.size === 0) unmatched.push(term);
    return found;
  };

  let selected = new Set<string>();
  for (const term of positive.length > 0 ? positive : ['all']) {
    const found = match(term);
    if (typeof found === 'string') return { hosts: [], unmatched, error: found };
    for (const host of found) selected.add(host);
  }
  for (const term of intersections) {
    const found = match(term);
    if (typeof found === 'string') return { hosts: [], unmatched, error: found };
    selected = new Set([...selected].filter((h) => found.has(h)));
  }
  for (const term of exclusions) {
    const found = match(term);
    if (typeof found === 'string') return { hosts: [], unmatched, error: found };
    for (const host of found) selected.delete(host);
  }
  return { hosts: hosts.filter((h) => selected.has(h)), unmatched };
}

function splitLimit(expression: string, inventory: Inventory): string[] {
  const parts = expression.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (expression.includes(',')) return parts;
  // Without commas a colon separates terms, except inside a subscript (`etcd[0:1]`), a regex, or
  // a host name such as an IPv6 address.
  return parts
    .flatMap((part) => (part.startsWith('~') || inventory.hasHost(part) ? [part] : splitOutsideBrackets(part, ':')))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function splitOutsideBrackets(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '[') depth++;
    else if (c === ']' && depth > 0) depth--;
    if (c === separator && depth === 0) {
      pieces.push(current);
      current = '';
    } else current += c;
  }
  pieces.push(current);
  return pieces;
}

const SUBSCRIPT = /^(.+?)\[(-?\d+)(?::(-?\d*))?]$/;

/** The hosts a single term names, or an error message. */
function matchTerm(term: string, inventory: Inventory): Set<string> | string {
  if (term === 'all' || term === '*') return new Set(inventory.hostNames);
  if (term.startsWith('~')) {
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${term.slice(1)})`);
    } catch (e) {
      return `invalid --limit regular expression ${JSON.stringify(term)}: ${(e as Error).message}`;
    }
    return namesMatching((name) => regex.test(name), inventory);
  }
  if (inventory.hasHost(term)) return new Set([term]);
  const group = inventory.groups.get(term);
  if (group !== undefined) return new Set(group);
  const subscript = SUBSCRIPT.exec(term);
  if (subscript !== null && inventory.groups.has(subscript[1] ?? '')) {
    return new Set(subscriptHosts(inventory.groups.get(subscript[1] ?? '') ?? [], subscript[2] ?? '0', subscript[3]));
  }
  if (/[*?[]/.test(term)) {
    const glob = globToRegExp(term);
    return namesMatching((name) => glob.test(name), inventory);
  }
  return new Set();
}

/** Hosts whose name matches, plus every member of each group whose name matches. */
function namesMatching(test: (name: string) => boolean, inventory: Inventory): Set<string> {
  const found = new Set<string>();
  for (const host of inventory.hostNames) if (test(host)) found.add(host);
  for (const [group, members] of inventory.groups) if (test(group)) for (const host of members) found.add(host);
  return found;
}

function subscriptHosts(members: readonly string[], startText: string, endText: string | undefined): string[] {
  const at = (i: number): number => (i < 0 ? members.length + i : i);
  const start = at(Number(startText));
  if (endText === undefined) {
    const one = members[start];
    return one === undefined ? [] : [one];
  }
  const end = endText === '' ? members.length - 1 : at(Number(endText));
  return members.slice(Math.max(0, start), end + 1);
}

/** fnmatch-style glob: `*`, `?` and `[...]` classes (`[!...]` negated); the whole name must match. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else source += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function uniqueConcat(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])];
}
