/**
 * How one task result of one host is counted in the recap, as Ansible 2.14's linear strategy
 * counts it (`docs/compatibility.md#compared-with-ansible`): `ok` includes changed and ignored
 * results, an ignored failure that reported a change is also `changed`, and a failure that a
 * `rescue` will handle is `rescued`, not `failed`.
 */
import type { HostStats, HostStatus } from '../events/types';

export interface CountedResult {
  readonly status: HostStatus;
  /** The module reported a change (a failed command does too). */
  readonly changed: boolean;
  /** A `rescue` of an enclosing block takes over when this result is a failure. */
  readonly rescuable: boolean;
}

export function countResult(stats: HostStats, r: CountedResult): void {
  switch (r.status) {
    case 'ok':
      stats.ok++;
      break;
    case 'changed':
      stats.ok++;
      stats.changed++;
      break;
    case 'ignored':
      stats.ok++;
      stats.ignored++;
      if (r.changed) stats.changed++;
      break;
    case 'failed':
      if (r.rescuable) stats.rescued++;
      else stats.failed++;
      break;
    case 'unreachable':
      stats.unreachable++;
      break;
    case 'rescued':
      stats.rescued++;
      break;
    case 'skipped':
      stats.skipped++;
      break;
    case 'unknown':
      // Neither ok nor skipped: a real run may do either.
      stats.unknown++;
      break;
  }
}
