/** Playbook files: plays, import_playbook, injected playbooks and vars_files. */

import * as path from 'path';
import type { GoValue } from '../core/values';
import { GoFloat, GoInt } from '../core/values';
import { childRef, isPlainMap, keysOf, keyPosOf, posOf, rootRef, type LoadContext, type NodeRef } from './context';
import { isFile, resolvePlaybookImport } from './includes';
import { checkKeys, readInheritedKeywords } from './inherited';
import { INHERITED_KEYS, NO_EFFECT_KEYS, PLAY_KEYS, PLAY_NO_EFFECT_KEYS } from './keyword-sets';
import { readBool, readNumber, readString, readStringList, yamlTagOf } from './keywords';
import type { SourcePos } from '../core/source';
import type { HandlerNode, PlayNode, RoleNode, VarsNode } from './model';
import { readRoleRef } from './roles';
import { isTemplateText } from './template-bridge';
import { readHandlers, readTaskList } from './tasks';
import type { TaskScope } from './context';
import { readVarsDocument } from './vars-files';

const PLAY_ALLOWED = new Set<string>([...INHERITED_KEYS.filter((k) => k !== 'when'), ...PLAY_KEYS]);
const PLAY_NO_EFFECT = new Set<string>([...NO_EFFECT_KEYS, ...PLAY_NO_EFFECT_KEYS]);
const PLAY_MISPLACED = new Map<string, string>([
  ['when', ' (plays have no condition; put when on roles, blocks or tasks)'],
  ['percent', ' (write max_fail_percentage)'],
]);

/** One entry of a playbook after injection: a play of the file or an injected import. */
type PlaybookEntry = { readonly kind: 'play'; readonly ref: NodeRef } | { readonly kind: 'injected'; readonly index: number; readonly path: GoValue };

/**
 * Loads a playbook file and everything it imports. `chain` is the list of playbook files being
 * imported (outermost first).
 */
export function loadPlaybookFile(ctx: LoadContext, file: string, chain: readonly string[], isEntry: boolean): PlayNode[] {
  const src = ctx.readYaml(file);
  if (!src) return [];
  const root = rootRef(src);
  if (src.empty || root.value === null) return [];
  if (!Array.isArray(root.value)) {
    ctx.error(posOf(root), `failed to unmarshal playbook "${path.relative(ctx.root, file)}": a playbook must be a list of plays, got ${yamlTagOf(root.value)}`);
    return [];
  }
  const fileEntries: PlaybookEntry[] = root.value.map((_, i) => ({ kind: 'play', ref: childRef(root, i) }));
  const entries = isEntry ? injectPlaybooks(ctx, fileEntries) : fileEntries;
  const plays: PlayNode[] = [];
  for (const entry of entries) {
    if (entry.kind === 'injected') {
      const at: SourcePos = { file, line: 1, col: 1 };
      plays.push(...importPlaybook(ctx, entry.path, `config playbooks[${entry.index}].path`, at, file, chain));
      continue;
    }
    const ref = entry.ref;
    if (!isPlainMap(ref.value)) {
      ctx.error(posOf(ref), `a play must be a mapping, got ${yamlTagOf(ref.value)}`);
      continue;
    }
    if (keysOf(ref).includes('import_playbook')) {
      for (const key of keysOf(ref).filter((k) => k !== 'import_playbook')) {
        ctx.warn(keyPosOf(childRef(ref, key)), `"${key}" is ignored on an import_playbook entry`);
      }
      const valueRef = childRef(ref, 'import_playbook');
      plays.push(...importPlaybook(ctx, valueRef.value, 'import_playbook', posOf(valueRef), file, chain));
      continue;
    }
    const play = readPlay(ctx, ref, file);
    if (play) plays.push(play);
  }
  return plays;
}

/** Config `playbooks: [{order, path}]` merged into the entry playbook by weight (`docs/playbooks.md#imports-and-injected-playbooks`). */
function injectPlaybooks(ctx: LoadContext, fileEntries: PlaybookEntry[]): PlaybookEntry[] {
  const config = ctx.config;
  const list = isPlainMap(config) ? config.playbooks : undefined;
  if (!Array.isArray(list) || list.length === 0) return fileEntries;
  const weighted: { weight: number; injected: boolean; seq: number; entry: PlaybookEntry }[] = fileEntries.map((entry, i) => ({
    weight: i + 1,
    injected: false,
    seq: i,
    entry,
  }));
  list.forEach((item, i) => {
    const order = isPlainMap(item) ? numeric(item.order) : undefined;
    const p = isPlainMap(item) ? item.path : undefined;
    weighted.push({ weight: order ?? 0, injected: true, seq: i, entry: { kind: 'injected', index: i, path: p ?? null } });
  });
  weighted.sort((a, b) => a.weight - b.weight || (a.injected === b.injected ? a.seq - b.seq : a.injected ? -1 : 1));
  return weighted.map((w) => w.entry);
}

function numeric(v: GoValue): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof GoFloat) return v.value;
  if (v instanceof GoInt) return Number(v.value);
  return undefined;
}

function importPlaybook(
  ctx: LoadContext,
  raw: GoValue,
  what: string,
  at: SourcePos,
  importingFile: string,
  chain: readonly string[],
): PlayNode[] {
  if (typeof raw !== 'string') {
    ctx.error(at, `${what}: must be a string, got ${yamlTagOf(raw)}`);
    return [];
  }
  const rendered = renderWithConfig(ctx, raw, what, at);
  if (rendered === undefined || rendered.trim() === '') return [];
  const target = resolvePlaybookImport(ctx, rendered, importingFile);
  if (target === undefined) {
    ctx.error(at, `failed to find import_playbook "${rendered}" base on "${path.relative(ctx.root, importingFile)}"`);
    return [];
  }
  if (target === importingFile) {
    ctx.error(at, `failed to import ${rendered} because it is already imported`);
    return [];
  }
  const fullChain = [...chain, importingFile];
  if (fullChain.includes(target)) {
    const cycle = [...fullChain.slice(fullChain.indexOf(target)), target].map((f) => path.relative(ctx.root, f));
    ctx.error(at, `failed to import ${rendered} because it cause a cycle import: ${cycle.join(' -> ')}`);
    return [];
  }
  return loadPlaybookFile(ctx, target, fullChain, false);
}

/** Renders a load-time path with the config only (`docs/playbooks.md#imports-and-injected-playbooks`); undefined on failure. */
function renderWithConfig(ctx: LoadContext, text: string, what: string, at: SourcePos): string | undefined {
  if (!isTemplateText(text)) return text;
  try {
    return ctx.templates.render(text, ctx.config, what);
  } catch (e) {
    ctx.error(at, `${what}: cannot render "${text}" with the config: ${(e as Error).message}`);
    return undefined;
  }
}

function readPlay(ctx: LoadContext, ref: NodeRef, file: string): PlayNode | undefined {
  checkKeys(ctx, ref, 'on a play', PLAY_ALLOWED, PLAY_NO_EFFECT, PLAY_MISPLACED);
  const hostsRef = childRef(ref, 'hosts');
  const hosts = readStringList(ctx, hostsRef, 'hosts');
  if (hosts === undefined || hosts.length === 0) {
    ctx.error(hosts === undefined ? posOf(ref) : posOf(hostsRef), "playbook's hosts must not be empty");
  }
  const dir = path.dirname(file);
  const scope: TaskScope = { top: dir, sourceDir: dir, includeChain: [file] };
  const keywords = readInheritedKeywords(ctx, ref);
  const varsNodes: VarsNode[] = [];
  if (keywords.vars) varsNodes.push(keywords.vars);
  varsNodes.push(...readVarsFiles(ctx, childRef(ref, 'vars_files'), dir));

  const roles: RoleNode[] = [];
  const handlers: HandlerNode[] = [];
  const rolesRef = childRef(ref, 'roles');
  if (Array.isArray(rolesRef.value)) {
    rolesRef.value.forEach((_, i) => {
      const loaded = readRoleRef(ctx, childRef(rolesRef, i), file, []);
      if (loaded) {
        roles.push(loaded.role);
        handlers.push(...loaded.handlers);
      }
    });
  } else if (rolesRef.value !== undefined && rolesRef.value !== null) {
    ctx.error(posOf(rolesRef), `roles: must be a list, got ${yamlTagOf(rolesRef.value)}`);
  }
  handlers.unshift(...readHandlers(ctx, childRef(ref, 'handlers'), scope));

  const name = readString(ctx, childRef(ref, 'name'), 'name');
  const serial = readSerial(ctx, childRef(ref, 'serial'));
  const maxFail = readNumber(ctx, childRef(ref, 'max_fail_percentage'), 'max_fail_percentage');
  const forceHandlers = readBool(ctx, childRef(ref, 'force_handlers'), 'force_handlers');
  const play: PlayNode = {
    ...keywords,
    ...(name !== undefined ? { name } : {}),
    pos: posOf(ref),
    file,
    hosts: hosts ?? [],
    gatherFacts: readBool(ctx, childRef(ref, 'gather_facts'), 'gather_facts') ?? false,
    ...(serial !== undefined ? { serial } : {}),
    ...(maxFail !== undefined ? { maxFailPercentage: maxFail } : {}),
    ...(forceHandlers !== undefined ? { forceHandlers } : {}),
    varsNodes,
    preTasks: readTaskList(ctx, childRef(ref, 'pre_tasks'), scope, 'pre_tasks'),
    roles,
    tasks: readTaskList(ctx, childRef(ref, 'tasks'), scope, 'tasks'),
    postTasks: readTaskList(ctx, childRef(ref, 'post_tasks'), scope, 'post_tasks'),
    handlers,
  };
  return play;
}

/** A scalar is kept as a string; list items keep int/string types (`docs/playbooks.md#serial`). */
function readSerial(ctx: LoadContext, ref: NodeRef): (number | string)[] | undefined {
  const v = ref.value;
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    const s = readString(ctx, ref, 'serial');
    return s === undefined ? undefined : [s];
  }
  const out: (number | string)[] = [];
  v.forEach((item, i) => {
    if ((typeof item === 'number' && Number.isInteger(item)) || typeof item === 'string') out.push(item);
    else ctx.error(posOf(childRef(ref, i)), `serial: unknown serial type ${yamlTagOf(item)}. only support int or percent`);
  });
  return out;
}

function readVarsFiles(ctx: LoadContext, ref: NodeRef, dir: string): VarsNode[] {
  const entries = readStringList(ctx, ref, 'vars_files') ?? [];
  const out: VarsNode[] = [];
  entries.forEach((raw, i) => {
    const itemRef = Array.isArray(ref.value) ? childRef(ref, i) : ref;
    const rendered = renderWithConfig(ctx, raw, 'vars_files', posOf(itemRef));
    if (rendered === undefined) return;
    const file = path.resolve(dir, rendered);
    if (!isFile(file)) {
      ctx.error(posOf(itemRef), `failed to find vars_files "${rendered}"`);
      return;
    }
    const node = readVarsDocument(ctx, file, 'vars_files', itemRef);
    if (node) out.push(node);
  });
  return out;
}
