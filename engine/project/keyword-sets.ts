/**
 * Which keys each level of the language accepts, read from the schemas (schemas/playbook.json,
 * schemas/tasks.json): a key is accepted when the level's schema lists it, and accepted with a
 * "has no effect" warning when the schema marks it `deprecated`. Anything else is an error.
 * The value checks stay in keywords.ts: they tell a quoted "yes" from a YAML boolean, which a JSON
 * Schema cannot see.
 */

import { readSchema, type JsonSchema } from '../yaml/schema-validation';

const tasksSchema = readSchema('tasks');
const playbookSchema = readSchema('playbook');

function child(schema: unknown, ...path: (string | number)[]): JsonSchema {
  let at: unknown = schema;
  for (const key of path) at = (at as Record<string | number, unknown> | undefined)?.[key];
  if (typeof at !== 'object' || at === null) throw new Error(`kplay: schemas lack ${path.join('.')}`);
  return at as JsonSchema;
}

function keysOf(level: JsonSchema, deprecated: boolean): string[] {
  return Object.entries(child(level, 'properties'))
    .filter(([, property]) => ((property as JsonSchema).deprecated === true) === deprecated)
    .map(([key]) => key);
}

const LEVELS = {
  block: child(tasksSchema, 'definitions', 'block'),
  include: child(tasksSchema, 'definitions', 'include'),
  task: child(tasksSchema, 'definitions', 'task'),
  handler: child(tasksSchema, 'definitions', 'handler'),
  play: child(playbookSchema, 'items', 'anyOf', 1),
  roleRef: child(playbookSchema, 'items', 'anyOf', 1, 'properties', 'roles', 'items', 'anyOf', 1),
};

const accepted = (level: keyof typeof LEVELS): string[] => keysOf(LEVELS[level], false);
const withoutEffect = (level: keyof typeof LEVELS): string[] => keysOf(LEVELS[level], true);
const minus = (keys: readonly string[], remove: readonly string[]): string[] => keys.filter((k) => !remove.includes(k));

/** Keys every level below the play (role reference, block, include, task) accepts and children inherit. */
export const INHERITED_KEYS: readonly string[] = accepted('block').filter(
  (k) => accepted('task').includes(k) && accepted('include').includes(k) && accepted('roleRef').includes(k),
);

/**
 * Keys KubeKey's decoder accepts but never acts on. kplay accepts them too, so KubeKey projects
 * load, but warns because they do nothing.
 */
export const NO_EFFECT_KEYS: readonly string[] = withoutEffect('block');

export const TASK_ONLY_KEYS: readonly string[] = minus(accepted('task'), INHERITED_KEYS);

export const TASK_NO_EFFECT_KEYS: readonly string[] = minus(withoutEffect('task'), NO_EFFECT_KEYS);

/** Keys only handlers accept (`listen`). */
export const HANDLER_ONLY_KEYS: readonly string[] = minus(accepted('handler'), accepted('task'));

export const PLAY_KEYS: readonly string[] = minus(accepted('play'), INHERITED_KEYS);

export const PLAY_NO_EFFECT_KEYS: readonly string[] = minus(withoutEffect('play'), NO_EFFECT_KEYS);

export const BLOCK_KEYS: readonly string[] = minus(accepted('block'), INHERITED_KEYS);

export const ROLE_REF_KEYS: readonly string[] = minus(accepted('roleRef'), INHERITED_KEYS);

/** `minimum`/`maximum` of the numeric keywords (timeout, retries, max_fail_percentage, …). */
export const KEY_BOUNDS: ReadonlyMap<string, { readonly minimum?: number; readonly maximum?: number }> = new Map(
  Object.values(LEVELS).flatMap((level) =>
    Object.entries(child(level, 'properties')).flatMap(([key, property]) => {
      const { minimum, maximum } = property as { minimum?: unknown; maximum?: unknown };
      if (typeof minimum !== 'number' && typeof maximum !== 'number') return [];
      return [[key, { ...(typeof minimum === 'number' ? { minimum } : {}), ...(typeof maximum === 'number' ? { maximum } : {}) }] as const];
    }),
  ),
);

/** Hints for keys that exist in Ansible but have a different spelling or no equivalent here. */
export const KEY_HINTS: Readonly<Record<string, string>> = {
  import_tasks: ' (kplay has only include_tasks)',
  include_role: ' (list roles under the play\'s roles: instead)',
  import_role: ' (list roles under the play\'s roles: instead)',
  action: ' (write the module name as the key)',
  local_action: ' (use the module name with delegate_to: localhost)',
  args: ' (write the arguments under the module key)',
  with_items: ' (use loop)',
  loop_var: ' (there is no loop_var; the item is .item)',
};
