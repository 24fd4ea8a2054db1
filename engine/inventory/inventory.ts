/**
 * The inventory: hosts in inventory order, flattened groups and the variables the inventory
 * defines (`docs/inventory.md#inventory`, `docs/inventory.md#groups`). Loading validates the document and reports every problem with
 * its position; an inventory with errors is not returned.
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic, SourcePos } from '../core/source';
import { isMap, withGoType, type GoList, type GoMap, type GoValue } from '../core/values';
import { loadYaml, sortDiagnostics, type YamlDocument, type YamlPath } from '../yaml';
import { deepCopy, deepFreeze } from '../core/merge';
import { findGroupCycles, flattenGroups, groupsParentsFirst, type GroupDefinition } from './groups';

export const LOCALHOST = 'localhost';
const RESERVED_GROUPS = new Set(['all', 'ungrouped']);
const GROUP_KEYS = new Set(['hosts', 'groups', 'vars']);

export interface InventoryData {
  readonly name: string;
  /** Absolute path of the file, when loaded from one. */
  readonly file?: string;
  /** `spec.hosts` in inventory order, each with its variables. */
  readonly hosts: readonly { readonly name: string; readonly vars: GoMap; readonly pos?: SourcePos }[];
  readonly groups: readonly GroupDefinition[];
  readonly vars: GoMap;
}

/** A validated inventory. All maps it hands out are frozen. */
export class Inventory {
  readonly name: string;
  readonly file: string | undefined;
  /** Every known host: inventory hosts in order, then `localhost` when the inventory lacks it. */
  readonly hostNames: readonly string[];
  /** `spec.vars`. */
  readonly vars: GoMap;
  /** Flattened groups: `all`, `ungrouped`, then each defined group in inventory order. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  readonly groupDefinitions: ReadonlyMap<string, GroupDefinition>;

  private readonly hostVarsByName: ReadonlyMap<string, GoMap>;
  private readonly hostPositions: ReadonlyMap<string, SourcePos>;
  private readonly groupVarsByHost = new Map<string, readonly GoMap[]>();
  private readonly parentsFirst: readonly string[];
  private groupsValueCache: GoMap | undefined;
  private memberSets: Map<string, Set<string>> | undefined;

  /** Builds from already validated data; cyclic group definitions must have been rejected. */
  constructor(data: InventoryData) {
    this.name = data.name;
    this.file = data.file;
    this.vars = deepFreeze(deepCopy(data.vars));
    this.hostVarsByName = new Map(data.hosts.map((h) => [h.name, deepFreeze(deepCopy(h.vars))]));
    this.hostPositions = new Map(data.hosts.flatMap((h) => (h.pos === undefined ? [] : [[h.name, h.pos] as const])));
    const inventoryHosts = data.hosts.map((h) => h.name);
    this.hostNames = inventoryHosts.includes(LOCALHOST) ? inventoryHosts : [...inventoryHosts, LOCALHOST];

    const definitions = new Map(data.groups.map((g) => [g.name, { ...g, vars: deepFreeze(deepCopy(g.vars)) }]));
    this.groupDefinitions = definitions;
    const flattened = flattenGroups(definitions);
    const grouped = new Set([...flattened.values()].flat());
    this.groups = new Map<string, readonly string[]>([
      ['all', this.hostNames],
      ['ungrouped', inventoryHosts.filter((h) => !grouped.has(h))],
      ...flattened,
    ]);
    this.parentsFirst = groupsParentsFirst(definitions);
  }

  hasHost(name: string): boolean {
    return this.hostVarsByName.has(name) || name === LOCALHOST;
  }

  hasGroup(name: string): boolean {
    return this.groups.has(name);
  }

  /** `spec.hosts[host]`; empty for the implicit `localhost`. */
  hostVars(host: string): GoMap {
    return this.hostVarsByName.get(host) ?? EMPTY_MAP;
  }

  hostPos(host: string): SourcePos | undefined {
    return this.hostPositions.get(host);
  }

  /**
   * Vars of every defined group `host` belongs to (directly or through child groups), parents
   * before children and otherwise in inventory order: later entries win.
   */
  groupVarsFor(host: string): readonly GoMap[] {
    let cached = this.groupVarsByHost.get(host);
    if (cached === undefined) {
      this.memberSets ??= new Map([...this.groups].map(([group, members]) => [group, new Set(members)]));
      const memberSets = this.memberSets;
      cached = this.parentsFirst
        .filter((group) => memberSets.get(group)?.has(host) === true)
        .map((group) => this.groupDefinitions.get(group)?.vars ?? EMPTY_MAP)
        .filter((vars) => Object.keys(vars).length > 0);
      this.groupVarsByHost.set(host, cached);
    }
    return cached;
  }

  /** The `groups` variable: a frozen `map[string][]string`. */
  groupsValue(): GoMap {
    if (this.groupsValueCache === undefined) {
      const value: GoMap = {};
      for (const [name, hosts] of this.groups) value[name] = withGoType([...hosts] as GoList, '[]string');
      this.groupsValueCache = deepFreeze(withGoType(value, 'map[string][]string'));
    }
    return this.groupsValueCache;
  }
}

const EMPTY_MAP: GoMap = Object.freeze({}) as GoMap;

export interface InventoryLoadResult {
  readonly inventory?: Inventory;
  readonly diagnostics: Diagnostic[];
}

/** The inventory used without `-i`: no hosts but the implicit `localhost`. */
export function defaultInventory(): Inventory {
  return new Inventory({ name: 'default', hosts: [], groups: [], vars: {} });
}

/** Reads, parses (YAML 1.1 scalars) and validates an inventory file; no file gives {@link defaultInventory}. */
export function loadInventory(file?: string): InventoryLoadResult {
  if (file === undefined) return { inventory: defaultInventory(), diagnostics: [] };
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { diagnostics: [fileError(path, `cannot read inventory: ${(e as Error).message}`)] };
  }
  return parseInventory(text, path);
}

/** Parses and validates inventory text; `file` is used for positions. */
export function parseInventory(text: string, file: string): InventoryLoadResult {
  const loaded = loadYaml(text, file, { schema: 'yaml11' });
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: loaded.diagnostics };
  const diagnostics = [...loaded.diagnostics];
  const data = readInventoryDocument(loaded, file, diagnostics);
  sortDiagnostics(diagnostics);
  if (data === undefined || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { inventory: new Inventory(data), diagnostics };
}

function readInventoryDocument(doc: YamlDocument, file: string, diagnostics: Diagnostic[]): InventoryData | undefined {
  const error = (path: YamlPath, message: string, severity: 'error' | 'warning' = 'error'): void => {
    diagnostics.push({ pos: doc.locate(path), message, severity, ...(severity === 'error' ? { code: 'KP-LOAD-003' as const } : {}) });
  };
  const keyError = (path: YamlPath, message: string): void => {
    diagnostics.push({ pos: doc.locateKey(path), message, severity: 'error', code: 'KP-LOAD-003' });
  };
  const root = doc.value;
  if (root === null || root === undefined) return { name: 'default', file, hosts: [], groups: [], vars: {} };
  if (!isMap(root)) {
    error([], 'an inventory must be a mapping with apiVersion, kind and spec');
    return undefined;
  }
  if (root.kind !== undefined && root.kind !== 'Inventory') error(['kind'], `kind must be "Inventory", not ${JSON.stringify(root.kind)}`);
  const metadata = optionalMap(root.metadata, ['metadata'], error);
  const name = typeof metadata?.name === 'string' && metadata.name !== '' ? metadata.name : 'default';
  const spec = optionalMap(root.spec, ['spec'], error) ?? {};

  const hostsValue = optionalMap(spec.hosts, ['spec', 'hosts'], error) ?? {};
  const hosts = Object.keys(hostsValue).map((host) => ({
    name: host,
    vars: optionalMap(hostsValue[host], ['spec', 'hosts', host], error) ?? {},
    pos: doc.locateKey(['spec', 'hosts', host]),
  }));
  const hostSet = new Set(hosts.map((h) => h.name));

  const groupsValue = optionalMap(spec.groups, ['spec', 'groups'], error) ?? {};
  const groups: GroupDefinition[] = [];
  for (const group of Object.keys(groupsValue)) {
    const at: YamlPath = ['spec', 'groups', group];
    if (RESERVED_GROUPS.has(group)) keyError(at, `group name "${group}" is reserved: kplay computes it from the hosts`);
    if (hostSet.has(group)) error(at, `group "${group}" has the name of a host; patterns would only ever select the host`, 'warning');
    const body = optionalMap(groupsValue[group], at, error) ?? {};
    for (const key of Object.keys(body)) {
      if (!GROUP_KEYS.has(key)) keyError([...at, key], `unknown key "${key}" in group "${group}" (expected hosts, groups or vars)`);
    }
    const members = stringList(body.hosts, [...at, 'hosts'], error);
    members.forEach((member, index) => {
      if (!hostSet.has(member) && member !== 'localhost') {
        error([...at, 'hosts', index], `host "${member}" of group "${group}" is not defined in spec.hosts`);
      }
    });
    const children = stringList(body.groups, [...at, 'groups'], error);
    children.forEach((child, index) => {
      if (!Object.prototype.hasOwnProperty.call(groupsValue, child)) {
        error([...at, 'groups', index], `child group "${child}" of group "${group}" is not defined; it contributes no hosts`, 'warning');
      }
    });
    groups.push({
      name: group,
      hosts: members,
      children,
      vars: optionalMap(body.vars, [...at, 'vars'], error) ?? {},
      pos: doc.locateKey(at),
      childPositions: children.map((_, index) => doc.locate([...at, 'groups', index])),
    });
  }
  for (const cycle of findGroupCycles(new Map(groups.map((g) => [g.name, g])))) {
    diagnostics.push({ pos: cycle.pos, message: `cyclic group definition: ${cycle.path.join(' -> ')}`, severity: 'error', code: 'KP-LOAD-003' });
  }
  const vars = optionalMap(spec.vars, ['spec', 'vars'], error) ?? {};
  return { name, file, hosts, groups, vars };
}

type ReportError = (path: YamlPath, message: string) => void;

function optionalMap(value: GoValue, path: YamlPath, error: ReportError): GoMap | undefined {
  if (value === null || value === undefined) return undefined;
  if (isMap(value)) return value;
  error(path, `${describePath(path)} must be a mapping`);
  return undefined;
}

function stringList(value: GoValue, path: YamlPath, error: ReportError): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    error(path, `${describePath(path)} must be a list of names`);
    return [];
  }
  const names: string[] = [];
  (value as GoList).forEach((element, index) => {
    if (typeof element === 'string') names.push(element);
    else error([...path, index], `${describePath(path)} must contain only names (strings)`);
  });
  return names;
}

function describePath(path: YamlPath): string {
  return path.length === 0 ? 'the document' : path.join('.');
}

function fileError(file: string, message: string): Diagnostic {
  return { pos: { file, line: 1, col: 1 }, message, severity: 'error', code: 'KP-LOAD-003' };
}
