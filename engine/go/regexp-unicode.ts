/**
 * The `\p{Name}` classes of Go's regexp/syntax with Go's own Unicode tables (engine/go/unicode-tables.ts,
 * generated from Go 1.19: Unicode 13.0). re2js carries newer tables, so every `\p` is handed to it
 * as the explicit ranges Go would put in the class.
 */
import { CATEGORIES, FOLD_CATEGORIES, FOLD_SCRIPTS, SCRIPTS } from './unicode-tables';

type Range = readonly [number, number];

const MAX_RUNE = 0x10ffff;

const toMap = (table: Readonly<Record<string, string>>): ReadonlyMap<string, string> => new Map(Object.entries(table));
const categories = toMap(CATEGORIES);
const scripts = toMap(SCRIPTS);
const foldCategories = toMap(FOLD_CATEGORIES);
const foldScripts = toMap(FOLD_SCRIPTS);

const decoded = new Map<string, Range[]>();

function decode(encoded: string): Range[] {
  const cached = decoded.get(encoded);
  if (cached !== undefined) return cached;
  const ranges: Range[] = [];
  let prev = -1;
  for (const item of encoded.split(' ')) {
    const [gap, extra] = item.split('+');
    const lo = prev + 1 + parseInt(gap, 36);
    const hi = lo + (extra === undefined ? 0 : parseInt(extra, 36));
    ranges.push([lo, hi]);
    prev = hi;
  }
  decoded.set(encoded, ranges);
  return ranges;
}

/** Go's unicodeTable: categories first, then scripts; `Any` is handled by the caller. */
function lookup(name: string): { table: string; fold: string | undefined } | undefined {
  const category = categories.get(name);
  if (category !== undefined) return { table: category, fold: foldCategories.get(name) };
  const script = scripts.get(name);
  if (script !== undefined) return { table: script, fold: foldScripts.get(name) };
  return undefined;
}

/** Whether Go 1.19 knows `\p{name}` (a general category, a script or `Any`). */
export function isGoUnicodeClass(name: string): boolean {
  return name === 'Any' || lookup(name) !== undefined;
}

function union(a: readonly Range[], b: readonly Range[]): Range[] {
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

/**
 * The code points Go's parseUnicodeClass puts in a class for `\p{name}` (`negated` for `\P`/`^`),
 * with the case-folding complement of the table under `(?i)`; undefined for `Any` and unknown names.
 */
export function unicodeClassRanges(name: string, negated: boolean, caseless: boolean): readonly Range[] | undefined {
  const found = lookup(name);
  if (found === undefined) return undefined;
  const table = decode(found.table);
  const ranges = caseless && found.fold !== undefined ? union(table, decode(found.fold)) : table;
  return negated ? complement(ranges) : ranges;
}

/**
 * Characters Go 1.19 does not know that re2js's case folding pairs with characters Go does know
 * (U+019B ƛ ~ U+A7DC, U+0264 ɤ ~ U+A7CB; regexp-unicode.test.ts re-derives the list from re2js).
 */
export const NEWER_FOLD_PARTNERS: readonly (readonly [number, number])[] = [
  [0x19b, 0xa7dc],
  [0x264, 0xa7cb],
];

/** `ranges` without the newer partners, so re2js's folding of a class cannot add ƛ or ɤ. */
export function withoutNewerFoldPartners(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  const partners = NEWER_FOLD_PARTNERS.map(([, partner]) => partner).sort((a, b) => a - b);
  for (const [lo, hi] of ranges) {
    let start = lo;
    for (const p of partners) {
      if (p < start || p > hi) continue;
      if (p > start) out.push([start, p - 1]);
      start = p + 1;
    }
    if (start <= hi) out.push([start, hi]);
  }
  return out;
}

/** Ranges as RE2 class items (`\x{41}-\x{5a}`), to stand inside `[…]`. */
export function rangesSource(ranges: readonly Range[]): string {
  const hex = (cp: number): string => `\\x{${cp.toString(16)}}`;
  return ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('');
}
