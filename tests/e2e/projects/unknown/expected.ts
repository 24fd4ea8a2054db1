/** What projects/unknown's playbook gives in check mode, shared by the local and the SSH end-to-end tests. */

/** What check mode says of each task (the same on both hosts). */
export const CHECK: Record<string, string> = {
  'u-probe': 'unknown',
  'u-facts': 'ok',
  'u-when-installed': 'unknown',
  'u-when-fresh': 'unknown',
  'u-reads-fresh': 'unknown',
  'u-known-when': 'ok',
  'u-assert': 'unknown',
  'u-assert-known': 'ok',
  'u-loop-string': 'unknown',
  'u-loop-items': 'unknown',
  'u-debug-msg': 'ok',
  'u-debug-var': 'ok',
  'u-template': 'unknown',
  'u-copy': 'unknown',
  'u-args-real': 'unknown',
  'u-hostvars': 'ok',
  'u-reads-hostvars': 'unknown',
  'u-task-vars': 'unknown',
  'u-failed-when': 'unknown',
  'u-delegate': 'unknown',
  'u-creates-exists': 'skipped',
  'u-removes-missing': 'skipped',
  'u-creates-missing': 'unknown',
  'u-creates-decides-unknown-cmd': 'skipped',
};

export const PROBE = /\.probe: registered by task "u-probe" \(unknown\.yaml:5\), which did not really run/;
