/**
 * The unknown value of a check-mode run (`docs/cli.md#unknown-values-in-check-mode`): what a task
 * that did not really run would have produced. The variable store keeps it like any value; the
 * template executor carries it through field access, calls and pipelines and refuses to turn it
 * into text, a truth value or a comparison, so nothing that depends on it is decided by a guess.
 *
 * It is a Go object (values.ts) so that maps, merges and copies treat it as a leaf; every way of
 * reading it as data (printing, JSON, equality) throws `UnknownValueError`, which whoever renders
 * turns into an `unknown` outcome.
 */
import type { GoMethod, GoObject, GoValue } from './values';

export class Unknown implements GoObject {
  readonly goType = 'unknown';
  readonly goKind = 'struct';

  constructor(
    /** Why the value is unknown: which variable, set by which task. */
    readonly reason: string,
  ) {}

  goString(): string {
    throw new UnknownValueError(this);
  }

  goSyntax(): string {
    throw new UnknownValueError(this);
  }

  goEqual(): boolean {
    throw new UnknownValueError(this);
  }

  goDeepCopy(): GoValue {
    return this;
  }

  /** A field or method of an unknown value is the same unknown value, whatever its arguments. */
  goField(name: string): GoMethod {
    return { goMethod: true, name, call: () => this };
  }
}

/** Thrown where an unknown value would have to become text, a truth value or a comparison. */
export class UnknownValueError extends Error {
  constructor(readonly unknown: Unknown) {
    super(unknownText(unknown));
    this.name = 'UnknownValueError';
  }
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** How an unknown value is shown to people: in debug output, diffs and task results. */
export function unknownText(u: Unknown): string {
  return `(unknown in check mode: ${u.reason})`;
}

/** The first unknown value inside `v` (maps and lists walked), if any. */
export function findUnknown(v: GoValue): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (typeof v !== 'object' || v === null) return undefined;
  if (Array.isArray(v)) {
    for (const element of v) {
      const found = findUnknown(element);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return undefined;
  for (const key of Object.keys(v)) {
    const found = findUnknown((v as Record<string, GoValue>)[key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `v` with every unknown value replaced by its text, for showing (debug), never for deciding. */
export function showingUnknown(v: GoValue): GoValue {
  if (findUnknown(v) === undefined) return v;
  if (v instanceof Unknown) return unknownText(v);
  if (Array.isArray(v)) return v.map(showingUnknown);
  const out: Record<string, GoValue> = {};
  for (const key of Object.keys(v as object)) out[key] = showingUnknown((v as Record<string, GoValue>)[key]);
  return out;
}
