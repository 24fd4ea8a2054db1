/** Reading the keywords every level shares (`InheritedKeywords`) and `vars` mappings. */

import { childRef, isPlainMap, keysOf, keyPosOf, posOf, type LoadContext, type NodeRef } from './context';
import { didYouMean } from '../core/did-you-mean';
import { KEY_HINTS } from './keyword-sets';
import { readBool, readConditions, readInt, readString, readStringList } from './keywords';
import type { InheritedKeywords, VarsNode } from './model';
import { checkTemplatesIn } from './template-check';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function readInheritedKeywords(ctx: LoadContext, ref: NodeRef): InheritedKeywords {
  const out: Mutable<InheritedKeywords> = {
    when: readConditions(ctx, childRef(ref, 'when'), 'when'),
    tags: readStringList(ctx, childRef(ref, 'tags'), 'tags') ?? [],
  };
  const set = <K extends keyof InheritedKeywords>(key: K, value: InheritedKeywords[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  set('ignoreErrors', readBool(ctx, childRef(ref, 'ignore_errors'), 'ignore_errors'));
  set('runOnce', readBool(ctx, childRef(ref, 'run_once'), 'run_once'));
  set('become', readBool(ctx, childRef(ref, 'become'), 'become'));
  set('becomeUser', readString(ctx, childRef(ref, 'become_user'), 'become_user'));
  set('becomeMethod', readBecomeMethod(ctx, childRef(ref, 'become_method')));
  set('checkMode', readBool(ctx, childRef(ref, 'check_mode'), 'check_mode'));
  set('diff', readBool(ctx, childRef(ref, 'diff'), 'diff'));
  set('noLog', readBool(ctx, childRef(ref, 'no_log'), 'no_log'));
  set('anyErrorsFatal', readBool(ctx, childRef(ref, 'any_errors_fatal'), 'any_errors_fatal'));
  set('timeout', readInt(ctx, childRef(ref, 'timeout'), 'timeout'));
  set('throttle', readInt(ctx, childRef(ref, 'throttle'), 'throttle'));
  set('vars', readVars(ctx, childRef(ref, 'vars')));
  return out;
}

function readBecomeMethod(ctx: LoadContext, ref: NodeRef): 'sudo' | 'su' | undefined {
  const s = readString(ctx, ref, 'become_method');
  if (s === undefined) return undefined;
  if (s === 'sudo' || s === 'su') return s;
  ctx.error(posOf(ref), `become_method: "${s}" is not supported; use sudo or su${didYouMean(s, ['sudo', 'su'])}`);
  return undefined;
}

/** A `vars` mapping; template strings inside are parse-checked but not rendered. */
export function readVars(ctx: LoadContext, ref: NodeRef, what = 'vars'): VarsNode | undefined {
  const v = ref.value;
  if (v === undefined || v === null) return undefined;
  if (!isPlainMap(v)) {
    ctx.error(posOf(ref), `${what}: must be a mapping`);
    return undefined;
  }
  checkTemplatesIn(ctx, ref, what);
  return { data: v, pos: posOf(ref) };
}

/**
 * Reports keys that are not in `allowed`. Keys in `noEffect` only warn. `extraCandidates` widen
 * the did-you-mean search (module names for tasks).
 */
export function checkKeys(
  ctx: LoadContext,
  ref: NodeRef,
  where: string,
  allowed: ReadonlySet<string>,
  noEffect: ReadonlySet<string>,
  misplaced: ReadonlyMap<string, string> = new Map(),
): void {
  for (const key of keysOf(ref)) {
    if (allowed.has(key)) continue;
    const pos = keyPosOf(childRef(ref, key));
    if (noEffect.has(key)) {
      ctx.warn(pos, `"${key}" is accepted for compatibility but has no effect ${where}`);
      continue;
    }
    const reason = misplaced.get(key);
    if (reason !== undefined) {
      ctx.error(pos, `"${key}" is not valid ${where}${reason}`);
      continue;
    }
    ctx.error(pos, `unknown key "${key}" ${where}${KEY_HINTS[key] ?? didYouMean(key, allowed)}`);
  }
}
