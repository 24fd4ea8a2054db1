/**
 * Shared by the Sprig test tables: each case calls functions directly and compares with what
 * the real Go oracle printed for the template named in the case ("ok:OUTPUT", or "err:MSG" with
 * the text after "error calling NAME: ").
 */
import { FunctionError } from '../function-types';
import { formatValue } from '../../go/fmt';
import type { GoValue } from '../../core/values';

export function renderResult(run: () => GoValue): string {
  try {
    const v = run();
    return `ok:${v === null || v === undefined ? '<no value>' : formatValue(v)}`;
  } catch (e) {
    if (e instanceof FunctionError) return `err:${e.message}`;
    throw e;
  }
}

export type OracleCase = [template: string, run: () => GoValue, expected: string];

/** A case table and the function that adds to it. */
export function oracleCases(): { cases: OracleCase[]; c: (template: string, run: () => GoValue, expected: string) => void } {
  const cases: OracleCase[] = [];
  return { cases, c: (template, run, expected) => void cases.push([template, run, expected]) };
}
