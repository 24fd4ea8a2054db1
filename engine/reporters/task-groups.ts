/**
 * The compact layout's grouping (docs/cli.md#compact-output): the hosts of one task that ended
 * the same way share a line. `ok: node1, node2, node3` instead of three lines; a loop item or a
 * message of its own gets its own line, with every host it applies to.
 */
import type { HostResult, HostStatus } from '../events/types';
import { itemLabel } from './item-label';

export interface OutcomeGroup {
  readonly status: HostStatus;
  readonly hosts: string[];
  /** The loop item's label, for an item line. */
  readonly item?: string;
  /** The unknown reason or the message shown with the outcome. */
  readonly note?: string;
}

/** Outcomes in the order an operator reads them: what would change first, the quiet ones last. */
const ORDER: readonly HostStatus[] = ['failed', 'unreachable', 'ignored', 'rescued', 'changed', 'unknown', 'ok', 'skipped'];

function hostName(r: HostResult): string {
  return r.delegatedTo !== undefined ? `${r.host} -> ${r.delegatedTo}` : r.host;
}

function noteOf(r: HostResult, showMsg: boolean): string | undefined {
  if (r.status === 'unknown') return r.reason ?? 'outcome unknown in check mode';
  if ((r.status === 'ok' || r.status === 'changed') && showMsg && r.msg !== undefined && r.msg !== '') return r.msg;
  return undefined;
}

/**
 * `showMsg`: messages of ok/changed results are shown (debug, or a module's short summary).
 * A host's skipped loop items become one skipped outcome for that host; `hideSkipped` drops
 * skipped outcomes altogether.
 */
export function groupOutcomes(results: readonly HostResult[], opts: { readonly showMsg: (r: HostResult) => boolean; readonly hideSkipped: boolean }): OutcomeGroup[] {
  const groups = new Map<string, { status: HostStatus; hosts: string[]; item?: string; note?: string }>();
  const add = (status: HostStatus, host: string, item: string | undefined, note: string | undefined): void => {
    if (status === 'skipped' && opts.hideSkipped) return;
    const key = `${status}\u0000${item ?? ''}\u0000${note ?? ''}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { status, hosts: [host], ...(item !== undefined ? { item } : {}), ...(note !== undefined ? { note } : {}) });
    else if (!group.hosts.includes(host)) group.hosts.push(host);
  };
  for (const r of results) {
    const host = hostName(r);
    if (r.items === undefined) {
      add(r.status, host, undefined, noteOf(r, opts.showMsg(r)));
      continue;
    }
    if (r.items.length > 0 && r.items.every((i) => i.status === 'skipped')) {
      add('skipped', host, undefined, undefined);
      continue;
    }
    for (const i of r.items) {
      if (i.status === 'skipped') add('skipped', host, undefined, undefined);
      else add(i.status, host, i.item !== undefined ? itemLabel(i.item, i.label) : undefined, noteOf(i, opts.showMsg(r)));
    }
  }
  return [...groups.values()].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
}

/** The word Ansible prints for an outcome. */
export function statusWord(status: HostStatus): string {
  return status === 'skipped' ? 'skipping' : status === 'failed' || status === 'unreachable' ? 'fatal' : status;
}
