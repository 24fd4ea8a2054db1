/** Task lists: tasks, blocks (with rescue/always) and include_tasks entries. */

import * as path from 'path';
import { GoFloat, GoInt, type GoValue } from '../core/values';
import { GoTime } from '../core/go-time';
import { childRef, isPlainMap, keysOf, keyPosOf, posOf, type LoadContext, type NodeRef, type TaskScope } from './context';
import { didYouMean } from '../core/did-you-mean';
import { resolveInclude } from './includes';
import { checkKeys, readInheritedKeywords } from './inherited';
import {
  BLOCK_KEYS,
  HANDLER_ONLY_KEYS,
  INHERITED_KEYS,
  KEY_HINTS,
  NO_EFFECT_KEYS,
  TASK_NO_EFFECT_KEYS,
  TASK_ONLY_KEYS,
} from './keyword-sets';
import { conditionTemplate, readConditions, readInt, readString, readStringList, yamlTagOf } from './keywords';
import type { BlockNode, HandlerNode, TaskListEntry, TaskNode } from './model';
import { checkTemplate, checkTemplatesIn } from './template-check';
import { isTemplateText } from './template-bridge';
import { checkTemplateFiles } from './template-files';
import { taskTemplateSites } from './template-sites';

const TASK_KEYS = new Set<string>([...INHERITED_KEYS, ...TASK_ONLY_KEYS]);
const HANDLER_KEYS = new Set<string>([...TASK_KEYS, ...HANDLER_ONLY_KEYS]);
const BLOCK_ENTRY_KEYS = new Set<string>([...INHERITED_KEYS, ...BLOCK_KEYS]);
const INCLUDE_ENTRY_KEYS = new Set<string>([...INHERITED_KEYS, 'include_tasks']);
const NO_EFFECT = new Set<string>(NO_EFFECT_KEYS);
const TASK_NO_EFFECT = new Set<string>([...NO_EFFECT_KEYS, ...TASK_NO_EFFECT_KEYS]);
const NOT_ON_GROUPS = new Map<string, string>(
  [...TASK_ONLY_KEYS, ...HANDLER_ONLY_KEYS].map((k) => [k, ' (it is a task keyword)'] as [string, string]),
);

export function readTaskList(ctx: LoadContext, ref: NodeRef, scope: TaskScope, what: string): TaskListEntry[] {
  const v = ref.value;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    ctx.error(posOf(ref), `${what}: must be a list of tasks, got ${yamlTagOf(v)}`);
    return [];
  }
  const out: TaskListEntry[] = [];
  v.forEach((_, i) => {
    const entry = readTaskListEntry(ctx, childRef(ref, i), scope);
    if (entry) out.push(entry);
  });
  return out;
}

function readTaskListEntry(ctx: LoadContext, ref: NodeRef, scope: TaskScope): TaskListEntry | undefined {
  if (!isPlainMap(ref.value)) {
    ctx.error(posOf(ref), `a task must be a mapping, got ${yamlTagOf(ref.value)}`);
    return undefined;
  }
  const kind = keysOf(ref).find((k) => k === 'include_tasks' || k === 'block');
  if (kind === 'include_tasks') return readInclude(ctx, ref, scope);
  if (kind === 'block') return readBlock(ctx, ref, scope);
  return readTask(ctx, ref, scope, TASK_KEYS);
}

function readBlock(ctx: LoadContext, ref: NodeRef, scope: TaskScope): BlockNode {
  checkKeys(ctx, ref, 'on a block', BLOCK_ENTRY_KEYS, NO_EFFECT, NOT_ON_GROUPS);
  const name = readString(ctx, childRef(ref, 'name'), 'name');
  return {
    kind: 'block',
    ...readInheritedKeywords(ctx, ref),
    ...(name !== undefined ? { name } : {}),
    pos: posOf(ref),
    block: readTaskList(ctx, childRef(ref, 'block'), scope, 'block'),
    rescue: readTaskList(ctx, childRef(ref, 'rescue'), scope, 'rescue'),
    always: readTaskList(ctx, childRef(ref, 'always'), scope, 'always'),
  };
}

function readInclude(ctx: LoadContext, ref: NodeRef, scope: TaskScope): BlockNode | undefined {
  checkKeys(ctx, ref, 'on include_tasks', INCLUDE_ENTRY_KEYS, NO_EFFECT, NOT_ON_GROUPS);
  const pathRef = childRef(ref, 'include_tasks');
  const rel = readString(ctx, pathRef, 'include_tasks');
  const name = readString(ctx, childRef(ref, 'name'), 'name');
  const keywords = readInheritedKeywords(ctx, ref);
  if (rel === undefined || rel === '') {
    if (rel === '') ctx.error(posOf(pathRef), 'include_tasks: the path must not be empty');
    return undefined;
  }
  const file = resolveInclude(ctx, rel, scope);
  if (file === undefined) {
    ctx.error(posOf(pathRef), `failed to find include_task "${rel}" base on "${path.relative(ctx.root, scope.sourceDir) || '.'}"`);
    return undefined;
  }
  let children: TaskListEntry[] = [];
  if (scope.includeChain.includes(file)) {
    const chain = [...scope.includeChain.slice(scope.includeChain.indexOf(file)), file].map((f) => path.relative(ctx.root, f));
    ctx.error(posOf(pathRef), `include_tasks cycle: ${chain.join(' -> ')}`);
  } else {
    const src = ctx.readYaml(file);
    if (src) {
      const inner: TaskScope = { ...scope, sourceDir: path.dirname(file), includeChain: [...scope.includeChain, file] };
      children = readTaskList(ctx, { src, path: [], value: src.doc.value }, inner, 'included file');
    }
  }
  return {
    kind: 'block',
    ...keywords,
    ...(name !== undefined ? { name } : {}),
    pos: posOf(ref),
    block: children,
    rescue: [],
    always: [],
    includedFile: file,
  };
}

function readTask(ctx: LoadContext, ref: NodeRef, scope: TaskScope, allowed: ReadonlySet<string>): TaskNode | undefined {
  const modules: string[] = [];
  const unknown: string[] = [];
  for (const key of keysOf(ref)) {
    if (allowed.has(key)) continue;
    if (ctx.moduleNames.has(key)) modules.push(key);
    else if (TASK_NO_EFFECT.has(key)) ctx.warn(keyPosOf(childRef(ref, key)), `"${key}" is accepted for compatibility but has no effect on a task`);
    else unknown.push(key);
  }
  const name = readString(ctx, childRef(ref, 'name'), 'name');
  const label = name !== undefined ? `task "${name}"` : 'task';
  for (const key of unknown) {
    const hint = KEY_HINTS[key] ?? didYouMean(key, [...allowed, ...ctx.moduleNames]);
    ctx.error(keyPosOf(childRef(ref, key)), `unknown module or keyword "${key}" in ${label}${hint}`);
  }
  if (modules.length > 1) {
    ctx.error(keyPosOf(childRef(ref, modules[1])), `${label} has more than one module: ${modules.map((m) => `"${m}"`).join(', ')}`);
  }
  if (modules.length === 0) {
    if (unknown.length === 0) ctx.error(posOf(ref), `no module/action detected in ${label}`);
    return undefined;
  }
  const module = modules[0];
  const argsRef = childRef(ref, module);
  checkModuleArgs(ctx, module, argsRef);

  const keywords = readInheritedKeywords(ctx, ref);
  const task: Mutable<TaskNode> = {
    kind: 'task',
    ...keywords,
    name: name ?? module,
    pos: posOf(ref),
    module,
    args: jsonRoundTrip(argsRef.value),
    argsPos: posOf(argsRef),
    failedWhen: readConditions(ctx, childRef(ref, 'failed_when'), 'failed_when'),
    notify: readStringList(ctx, childRef(ref, 'notify'), 'notify') ?? [],
    baseDir: scope.top,
    ...(scope.role !== undefined ? { role: scope.role } : {}),
  };
  const loop = readLoop(ctx, childRef(ref, 'loop'));
  if (loop) task.loop = loop;
  const loopLabel = readLoopLabel(ctx, childRef(ref, 'loop_control'));
  if (loopLabel !== undefined) task.loopLabel = loopLabel;
  const register = readString(ctx, childRef(ref, 'register'), 'register');
  if (register !== undefined) task.register = register;
  const registerType = readRegisterType(ctx, childRef(ref, 'register_type'));
  if (registerType !== undefined) task.registerType = registerType;
  if (childRef(ref, 'changed_when').value !== undefined) task.changedWhen = readConditions(ctx, childRef(ref, 'changed_when'), 'changed_when');
  if (childRef(ref, 'until').value !== undefined) task.until = readConditions(ctx, childRef(ref, 'until'), 'until');
  const retries = readInt(ctx, childRef(ref, 'retries'), 'retries');
  if (retries !== undefined) task.retries = retries;
  const delay = readInt(ctx, childRef(ref, 'delay'), 'delay');
  if (delay !== undefined) task.delay = delay;
  const delegateRef = childRef(ref, 'delegate_to');
  const delegateTo = readString(ctx, delegateRef, 'delegate_to');
  if (delegateTo !== undefined) {
    if (isTemplateText(delegateTo)) checkTemplate(ctx, delegateRef, delegateTo, 'delegate_to');
    task.delegateTo = delegateTo;
  }
  const sites = taskTemplateSites(module, argsRef, [childRef(ref, 'loop'), delegateRef]);
  if (sites.length > 0) task.templateSites = sites;
  const templateFiles = checkTemplateFiles(ctx, module, argsRef, scope.top);
  if (templateFiles.length > 0) task.templateFiles = templateFiles;
  return task;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function readHandlers(ctx: LoadContext, ref: NodeRef, scope: TaskScope): HandlerNode[] {
  const v = ref.value;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    ctx.error(posOf(ref), `handlers: must be a list of tasks, got ${yamlTagOf(v)}`);
    return [];
  }
  const out: HandlerNode[] = [];
  v.forEach((_, i) => {
    const item = childRef(ref, i);
    if (!isPlainMap(item.value)) {
      ctx.error(posOf(item), `a handler must be a mapping, got ${yamlTagOf(item.value)}`);
      return;
    }
    if (keysOf(item).some((k) => k === 'block' || k === 'include_tasks')) {
      ctx.error(posOf(item), 'handlers must be plain tasks (no block or include_tasks)');
      return;
    }
    const task = readTask(ctx, item, scope, HANDLER_KEYS);
    if (task) out.push({ task, listen: readStringList(ctx, childRef(item, 'listen'), 'listen') ?? [] });
  });
  return out;
}

function readLoop(ctx: LoadContext, ref: NodeRef): TaskNode['loop'] {
  const v = ref.value;
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) {
    checkTemplatesIn(ctx, ref, 'loop');
    return { items: v };
  }
  if (typeof v === 'string') {
    if (isTemplateText(v)) checkTemplate(ctx, ref, v, 'loop');
    return { template: v };
  }
  ctx.error(posOf(ref), `loop: must be a list or a template string, got ${yamlTagOf(v)}`);
  return undefined;
}

/** `loop_control`: kplay honours `label`; Ansible's other keys are accepted with a warning. */
function readLoopLabel(ctx: LoadContext, ref: NodeRef): string | undefined {
  const v = ref.value;
  if (v === undefined || v === null) return undefined;
  if (!isPlainMap(v)) {
    ctx.error(posOf(ref), `loop_control: must be a mapping, got ${yamlTagOf(v)}`);
    return undefined;
  }
  for (const key of keysOf(ref)) {
    if (key !== 'label') ctx.warn(keyPosOf(childRef(ref, key)), `loop_control.${key} has no effect (kplay honours only loop_control.label)`);
  }
  const labelRef = childRef(ref, 'label');
  const label = readString(ctx, labelRef, 'loop_control.label');
  if (label !== undefined && isTemplateText(label)) checkTemplate(ctx, labelRef, label, 'loop_control.label');
  return label;
}

function readRegisterType(ctx: LoadContext, ref: NodeRef): TaskNode['registerType'] {
  const s = readString(ctx, ref, 'register_type');
  if (s === undefined) return undefined;
  if (s === 'json' || s === 'yaml' || s === 'string') return s;
  if (s === 'yml') return 'yaml';
  ctx.error(posOf(ref), `register_type: "${s}" is not one of json, yaml, string${didYouMean(s, ['json', 'yaml', 'string'])}`);
  return undefined;
}

/** Schema validation plus template parse checks of a module's arguments. */
function checkModuleArgs(ctx: LoadContext, module: string, argsRef: NodeRef): void {
  for (const problem of ctx.schemas.check(module, argsRef.value)) {
    const target = childPath(argsRef, problem.path);
    ctx.error(problem.atKey ? keyPosOf(target) : posOf(target), problem.message);
  }
  if (module === 'assert') {
    const that = childRef(argsRef, 'that');
    const items = Array.isArray(that.value) ? that.value.map((_, i) => childRef(that, i)) : [that];
    for (const item of items) {
      if (typeof item.value !== 'string') continue;
      const text = conditionTemplate(item.value);
      checkTemplate(ctx, item, text, `${module}.that`, text !== item.value);
    }
    for (const key of keysOf(argsRef).filter((k) => k !== 'that')) checkTemplatesIn(ctx, childRef(argsRef, key), `${module}.${key}`);
    return;
  }
  checkTemplatesIn(ctx, argsRef, module);
}

function childPath(ref: NodeRef, p: readonly (string | number)[]): NodeRef {
  return p.reduce<NodeRef>((r, seg) => childRef(r, seg), ref);
}

/**
 * The argument as modules receive it after KubeKey's JSON round trip (`docs/playbooks.md#typed-keywords-and-module-arguments`):
 * timestamps become RFC 3339 strings, integral floats become ints, mapping keys are sorted.
 */
export function jsonRoundTrip(v: GoValue): GoValue {
  if (v instanceof GoTime) return v.toRfc3339();
  if (v instanceof GoFloat) return Number.isInteger(v.value) ? v.value : v;
  if (v instanceof GoInt) return v;
  if (Array.isArray(v)) return v.map(jsonRoundTrip);
  if (isPlainMap(v)) {
    const out: Record<string, GoValue> = {};
    for (const k of Object.keys(v).sort()) out[k] = jsonRoundTrip(v[k]);
    return out;
  }
  return v;
}
