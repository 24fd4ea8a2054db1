/**
 * The value `register` stores (`docs/playbooks.md#registered-results`) plus kplay's `rc`, `changed`, `failed` and
 * `skipped`: a map for a task without loop, a list of per-item maps for a loop.
 */

import { parse as parseYaml } from 'yaml';
import { parseJsonLossless } from '../go/json';
import { marshalJson } from '../go/json';
import type { GoMap, GoValue } from '../core/values';

export type RegisterType = 'json' | 'yaml' | 'string';

export interface ItemOutcome {
  readonly item?: GoValue;
  readonly hasItem: boolean;
  readonly stdout: GoValue;
  readonly stderr: string;
  readonly error: string;
  readonly rc?: number;
  readonly changed: boolean;
  readonly failed: boolean;
  readonly skipped: boolean;
  readonly extra?: Readonly<Record<string, GoValue>>;
}

export function parseStdout(stdout: GoValue, type: RegisterType | undefined): GoValue {
  if (typeof stdout !== 'string') return stdout;
  switch (type) {
    case 'json':
      try {
        return parseJsonLossless(stdout);
      } catch {
        return stdout;
      }
    case 'yaml':
      if (stdout === '') return '';
      try {
        return parseYaml(stdout, { version: '1.2', intAsBigInt: false }) as GoValue;
      } catch {
        return stdout;
      }
    default:
      return stdout.replace(/\n+$/, '');
  }
}

function itemRecord(outcome: ItemOutcome, type: RegisterType | undefined): GoMap {
  const record: GoMap = {
    stdout: outcome.skipped && outcome.stdout === '' ? 'skip' : parseStdout(outcome.stdout, type),
    stderr: outcome.stderr,
    error: outcome.error,
    changed: outcome.changed,
    failed: outcome.failed,
    skipped: outcome.skipped,
  };
  if (outcome.rc !== undefined) record.rc = outcome.rc;
  if (outcome.extra) for (const [k, v] of Object.entries(outcome.extra)) if (!(k in record)) record[k] = v;
  return record;
}

export function registeredValue(outcomes: readonly ItemOutcome[], looped: boolean, type: RegisterType | undefined): GoValue {
  if (!looped) return itemRecord(outcomes[0], type);
  if (outcomes.length === 1 && outcomes[0].skipped && outcomes[0].hasItem) {
    // KubeKey: a one-item loop skipped by `when` registers the flat shape.
    return itemRecord(outcomes[0], type);
  }
  return outcomes.map((o) => {
    const record = itemRecord(o, type);
    return { item: o.hasItem && !o.skipped ? marshalJson(o.item ?? null, { escapeHtml: false }) : '', ...record };
  });
}
