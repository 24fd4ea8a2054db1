/**
 * The summary a real `kplay create cluster` shows before it changes anything, and the question
 * that follows it on a terminal (docs/create-cluster.md#confirmation). Read from the files the run
 * will use: the inventory's groups, the config over the role defaults.
 */

import { readFileSync } from 'node:fs';
import { defaultsFiles } from '../known-keys';
import { combineVariables, isList, isMap, loadConfig, loadYaml, type GoMap, type GoValue } from '../../engine';

const ROLES = ['kube_control_plane', 'kube_worker', 'etcd', 'nfs', 'image_registry'] as const;

/** Members of each group, child groups flattened (cycles were rejected by the inventory check). */
export function inventoryGroups(inventoryFile: string): Map<string, string[]> {
  const doc = loadYaml(readFileSync(inventoryFile, 'utf8'), inventoryFile, { schema: 'yaml11' });
  const spec = isMap(doc.value) && isMap(doc.value.spec) ? doc.value.spec : {};
  const defs = isMap(spec.groups) ? spec.groups : {};
  const strings = (v: GoValue | undefined): string[] => (isList(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const resolve = (name: string, seen: Set<string>): string[] => {
    const def = defs[name];
    if (!isMap(def) || seen.has(name)) return [];
    seen.add(name);
    const out = new Set(strings(def.hosts));
    for (const child of strings(def.groups)) for (const h of resolve(child, seen)) out.add(h);
    return [...out];
  };
  return new Map(Object.keys(defs).map((g) => [g, resolve(g, new Set())]));
}

function defaultsOf(rolesDir: string): GoMap {
  let merged: GoMap = {};
  for (const f of defaultsFiles(rolesDir)) {
    const doc = loadYaml(readFileSync(f, 'utf8'), f, { schema: 'yaml11' });
    if (isMap(doc.value)) merged = combineVariables(merged, doc.value);
  }
  return merged;
}

function dig(map: GoMap, path: string): string {
  let v: GoValue | undefined = map;
  for (const key of path.split('.')) v = isMap(v) ? v[key] : undefined;
  return typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint' ? String(v) : '';
}

export interface SummaryInput {
  readonly inventoryFile: string;
  readonly configFile?: string;
  readonly configDefaults: GoMap;
  /** roles/: every role's defaults, as the run merges them. */
  readonly rolesDir: string;
  readonly limit?: string;
  readonly artifact?: string;
}

export function installSummary(input: SummaryInput): string {
  const config = loadConfig(input.configFile).config ?? {};
  const values = combineVariables(combineVariables(defaultsOf(input.rolesDir), input.configDefaults), config);
  const groups = inventoryGroups(input.inventoryFile);
  const lines = ['kplay create cluster will change these hosts:'];
  for (const role of ROLES) {
    const members = groups.get(role) ?? [];
    if (members.length > 0) lines.push(`  ${role.padEnd(19)} ${members.join(', ')}`);
  }
  if (input.limit !== undefined) lines.push(`  (only the hosts --limit ${input.limit} selects)`);
  const bootstrap = dig(values, 'kubernetes.bootstrap') !== 'false';
  const runtime = dig(values, 'cri.container_manager');
  const parts = [
    bootstrap ? `Kubernetes ${dig(values, 'kubernetes.kube_version')}` : `node preparation for Kubernetes ${dig(values, 'kubernetes.kube_version')} (kubernetes.bootstrap: false)`,
    `${runtime} ${dig(values, `cri.${runtime}_version`)}`.trim(),
    dig(values, 'etcd.deployment_type') === 'external' ? `etcd ${dig(values, 'etcd.etcd_version')}` : `etcd (${dig(values, 'etcd.deployment_type')})`,
    ...(bootstrap ? [`CNI ${dig(values, 'cni.type')}`] : []),
    ...(dig(values, 'image_registry.type') !== '' ? [`image registry ${dig(values, 'image_registry.type')}`] : []),
  ];
  lines.push(`It installs: ${parts.join(', ')}.`);
  const mirror = dig(values, 'download.mirror');
  lines.push(
    `Artifacts come from: ${input.artifact !== undefined ? `the offline bundle ${input.artifact}` : mirror !== '' ? `the mirror ${mirror}` : 'the upstream download sites (internet)'}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** Reads one line from a terminal; resolves to '' when the stream ends first. */
export function readAnswer(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let buffered = '';
    const done = (answer: string) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      (stdin as { pause?: () => void }).pause?.();
      resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      buffered += chunk.toString();
      const nl = buffered.indexOf('\n');
      if (nl >= 0) done(buffered.slice(0, nl).trim());
    };
    const onEnd = () => done(buffered.trim());
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

export function isTty(stream: unknown): boolean {
  return Boolean((stream as { isTTY?: boolean } | undefined)?.isTTY);
}
