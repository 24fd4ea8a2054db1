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
import { documentValidator, problemsToDiagnostics } from '../yaml/schema-validation';
import { deepCopy, deepFreeze } from '../core/merge';
import { findGroupCycles, flattenGroups, groupsParentsFirst, type GroupDefinition } from './groups';

export const LOCALHOST = 'localhost';
const RESERVED_GROUPS = new Set(['all', 'ungrouped']);

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

  /** Whether `spec.hosts` defines `name` (false for the implicit `localhost`). */
  definesHost(name: string): boolean {
    return this.hostVarsByName.has(name);
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

const EMPTY_MAP: GoMap = Object.freeze({});

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

const validateInventory = documentValidator('inventory');

function readInventoryDocument(doc: YamlDocument, file: string, diagnostics: Diagnostic[]): InventoryData | undefined {
  const report = (path: YamlPath, message: string, severity: 'error' | 'warning' = 'error'): void => {
    diagnostics.push({ pos: doc.locate(path), message, severity, ...(severity === 'error' ? { code: 'KP-LOAD-003' as const } : {}) });
  };
  const root = doc.value;
  if (root === null || root === undefined) return { name: 'default', file, hosts: [], groups: [], vars: {} };
  // The schema says what each key may hold; what follows reads the parts that are right and
  // checks what a schema cannot say (membership, reserved names, cycles).
  const problems = validateInventory(root);
  diagnostics.push(...problemsToDiagnostics(doc, problems));
  if (!isMap(root)) return undefined;
  const metadata = mapOrEmpty(root.metadata);
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : 'default';
  const spec = mapOrEmpty(root.spec);

  const hostsValue = mapOrEmpty(spec.hosts);
  const hosts = Object.keys(hostsValue).map((host) => ({
    name: host,
    vars: mapOrEmpty(hostsValue[host]),
    pos: doc.locateKey(['spec', 'hosts', host]),
  }));
  const hostSet = new Set(hosts.map((h) => h.name));

  const groupsValue = mapOrEmpty(spec.groups);
  const groups: GroupDefinition[] = [];
  for (const group of Object.keys(groupsValue)) {
    const at: YamlPath = ['spec', 'groups', group];
    if (RESERVED_GROUPS.has(group)) {
      diagnostics.push({ pos: doc.locateKey(at), message: `group name "${group}" is reserved: kplay computes it from the hosts`, severity: 'error' });
    }
    if (hostSet.has(group)) report(at, `group "${group}" has the name of a host; patterns would only ever select the host`, 'warning');
    const body = mapOrEmpty(groupsValue[group]);
    const members = names(body.hosts);
    members.forEach((member) => {
      if (!hostSet.has(member.name) && member.name !== 'localhost') {
        report([...at, 'hosts', member.index], `host "${member.name}" of group "${group}" is not defined in spec.hosts`);
      }
    });
    const children = names(body.groups);
    children.forEach((child) => {
      if (!Object.prototype.hasOwnProperty.call(groupsValue, child.name)) {
        report([...at, 'groups', child.index], `child group "${child.name}" of group "${group}" is not defined; it contributes no hosts`, 'warning');
      }
    });
    groups.push({
      name: group,
      hosts: members.map((m) => m.name),
      children: children.map((c) => c.name),
      vars: mapOrEmpty(body.vars),
      pos: doc.locateKey(at),
      childPositions: children.map((child) => doc.locate([...at, 'groups', child.index])),
    });
  }
  for (const cycle of findGroupCycles(new Map(groups.map((g) => [g.name, g])))) {
    diagnostics.push({ pos: cycle.pos, message: `cyclic group definition: ${cycle.path.join(' -> ')}`, severity: 'error', code: 'KP-LOAD-003' });
  }
  return { name, file, hosts, groups, vars: mapOrEmpty(spec.vars) };
}

/** A mapping, or `{}` for anything else (the schema has reported a wrong type already). */
function mapOrEmpty(value: GoValue): GoMap {
  return isMap(value) ? value : {};
}

/** The string entries of a list with their indexes (the schema has reported other entries). */
function names(value: GoValue): { name: string; index: number }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((element, index) => (typeof element === 'string' ? [{ name: element, index }] : []));
}

function fileError(file: string, message: string): Diagnostic {
  return { pos: { file, line: 1, col: 1 }, message, severity: 'error', code: 'KP-LOAD-003' };
}
