/** Which keys each level of the language accepts. Anything else is an error. */

/** Keys every level (play, role reference, block, include, task) accepts and children inherit. */
export const INHERITED_KEYS = [
  'name',
  'when',
  'tags',
  'vars',
  'ignore_errors',
  'run_once',
  'become',
  'become_user',
  'become_method',
  'check_mode',
  'diff',
  'no_log',
  'any_errors_fatal',
  'timeout',
  'throttle',
] as const;

/**
 * Keys KubeKey's decoder accepts but never acts on. kplay accepts them too, so KubeKey projects
 * load, but warns because they do nothing.
 */
export const NO_EFFECT_KEYS = [
  'collections',
  'connection',
  'port',
  'remote_user',
  'environment',
  'debugger',
  'become_flags',
  'become_exe',
] as const;

export const TASK_ONLY_KEYS = [
  'loop',
  'register',
  'register_type',
  'failed_when',
  'changed_when',
  'until',
  'retries',
  'delay',
  'delegate_to',
  'notify',
] as const;

export const TASK_NO_EFFECT_KEYS = ['async', 'poll', 'loop_control', 'delegate_facts'] as const;

export const PLAY_KEYS = [
  'hosts',
  'import_playbook',
  'gather_facts',
  'serial',
  'vars_files',
  'pre_tasks',
  'roles',
  'tasks',
  'post_tasks',
  'handlers',
  'max_fail_percentage',
  'force_handlers',
] as const;

export const PLAY_NO_EFFECT_KEYS = ['strategy', 'order'] as const;

export const BLOCK_KEYS = ['block', 'rescue', 'always'] as const;

export const ROLE_REF_KEYS = ['role'] as const;

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
