/**
 * Sprig's `semver` and `semverCompare` over a port of Masterminds semver 3.2.0. Its parsing is
 * regex-driven, so the library's own Go regexes are run through our RE2 translation to keep
 * Go's exact acceptance rules.
 */
import { FunctionError, fn, type FunctionMap } from '../function-types';
import { byteSlice, GoInt, goMethod, type GoMethod, type GoObject, type GoValue } from '../../core/values';
import { quote } from '../../go/strconv';
import { compileGoRegexp, findAllStrings, findAllStringSubmatch, findStringSubmatch } from './regex';

const MAX_UINT64 = (1n << 64n) - 1n;
const NUMERIC = /^[0-9]*$/;
const ALLOWED = /^[0-9A-Za-z-]*$/;

class SemverError extends Error {}

const VERSION_PATTERN =
  `v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?` +
  `(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?` +
  `(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?`;
const CONSTRAINT_VERSION_PATTERN =
  `v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?` +
  `(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?` +
  `(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?`;
const OPS = `=||!=|>|<|>=|=>|<=|=<|~|~>|\\^`;

const versionRegex = () => compileGoRegexp(`^${VERSION_PATTERN}$`);
const constraintRegex = () => compileGoRegexp(`^\\s*(${OPS})\\s*(${CONSTRAINT_VERSION_PATTERN})\\s*$`);
const constraintRangeRegex = () =>
  compileGoRegexp(`\\s*(${CONSTRAINT_VERSION_PATTERN})\\s+-\\s+(${CONSTRAINT_VERSION_PATTERN})\\s*`);
const findConstraintRegex = () => compileGoRegexp(`(${OPS})\\s*(${CONSTRAINT_VERSION_PATTERN})`);
const validConstraintRegex = () =>
  compileGoRegexp(
    `^(\\s*(${OPS})\\s*(${CONSTRAINT_VERSION_PATTERN})\\s*)((?:\\s+|,\\s*)(${OPS})\\s*(${CONSTRAINT_VERSION_PATTERN})\\s*)*$`,
  );

interface VersionParts {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: string;
  readonly metadata: string;
  readonly original: string;
}

function parseSegment(text: string): bigint {
  const value = BigInt(text);
  if (value > MAX_UINT64) {
    throw new SemverError(`Error parsing version segment: strconv.ParseUint: parsing "${text}": value out of range`);
  }
  return value;
}

function validatePrerelease(pre: string): void {
  for (const part of pre.split('.')) {
    if (NUMERIC.test(part)) {
      if (part.length > 1 && part.startsWith('0')) throw new SemverError('Version segment starts with 0');
    } else if (!ALLOWED.test(part)) {
      throw new SemverError('Invalid Prerelease string');
    }
  }
}

function validateMetadata(metadata: string): void {
  for (const part of metadata.split('.')) if (!ALLOWED.test(part)) throw new SemverError('Invalid Metadata string');
}

/** semver.NewVersion (the lenient parser: `v` prefix, missing minor/patch allowed). */
export function parseVersion(text: string): SemverVersion {
  const m = findStringSubmatch(versionRegex(), text);
  if (m === undefined) throw new SemverError('Invalid Semantic Version');
  const parts: VersionParts = {
    major: parseSegment(m[1]),
    minor: m[2] === '' ? 0n : parseSegment(m[2].slice(1)),
    patch: m[3] === '' ? 0n : parseSegment(m[3].slice(1)),
    pre: m[5],
    metadata: m[8],
    original: text,
  };
  if (parts.pre !== '') validatePrerelease(parts.pre);
  if (parts.metadata !== '') validateMetadata(parts.metadata);
  return new SemverVersion(parts, true);
}

function comparePrereleasePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sNum = NUMERIC.test(s) && s !== '' && BigInt(s) <= MAX_UINT64;
  const oNum = NUMERIC.test(o) && o !== '' && BigInt(o) <= MAX_UINT64;
  if (!sNum && !oNum) return s > o ? 1 : -1;
  if (!oNum) return -1;
  if (!sNum) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

function comparePrerelease(a: string, b: string): number {
  const as = a.split('.');
  const bs = b.split('.');
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const d = comparePrereleasePart(as[i] ?? '', bs[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

const compareBig = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function compareVersions(a: VersionParts, b: VersionParts): number {
  const d = compareBig(a.major, b.major) || compareBig(a.minor, b.minor) || compareBig(a.patch, b.patch);
  if (d !== 0) return d;
  if (a.pre === '' && b.pre === '') return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return comparePrerelease(a.pre, b.pre);
}

function versionString(v: VersionParts): string {
  let s = `${v.major}.${v.minor}.${v.patch}`;
  if (v.pre !== '') s += `-${v.pre}`;
  if (v.metadata !== '') s += `+${v.metadata}`;
  return s;
}



const ZERO_PARTS: VersionParts = { major: 0n, minor: 0n, patch: 0n, pre: '', metadata: '', original: '' };

function versionArg(args: GoValue[]): SemverVersion {
  const arg = args[0];
  if (!(arg instanceof SemverVersion) || !arg.pointer) {
    throw new FunctionError(`wrong type for value; expected *semver.Version; got ${describe(arg)}`);
  }
  return arg;
}

function describe(v: GoValue): string {
  if (v instanceof SemverVersion) return v.goType;
  return v === null || v === undefined ? '<nil>' : typeof v;
}

/**
 * A `*semver.Version` (what `semver` returns) or a `semver.Version` value (what IncMajor & co.
 * return). Go only lets templates call pointer-receiver methods (Original, Compare, LessThan,
 * GreaterThan, Equal) on the pointer.
 */
export class SemverVersion implements GoObject {
  constructor(
    readonly parts: VersionParts,
    readonly pointer: boolean,
  ) {}

  get goType(): string {
    return this.pointer ? '*semver.Version' : 'semver.Version';
  }

  get goKind(): string {
    return this.pointer ? 'ptr' : 'struct';
  }

  goString(): string {
    return versionString(this.parts);
  }

  /** The JSON form (MarshalJSON): the version string. */
  toJSON(): string {
    return this.goString();
  }

  /** `%#v`: Go spells out the struct (unsigned fields in hex), `&` first for the pointer. */
  goSyntax(): string {
    const p = this.parts;
    const hex = (n: bigint): string => `0x${n.toString(16)}`;
    const fields =
      `major:${hex(p.major)}, minor:${hex(p.minor)}, patch:${hex(p.patch)}, ` +
      `pre:${quote(p.pre)}, metadata:${quote(p.metadata)}, original:${quote(p.original)}`;
    return `${this.pointer ? '&' : ''}semver.Version{${fields}}`;
  }

  /** Go's `==`: pointers by identity, Version values field by field. */
  goEqual(other: GoValue): boolean {
    if (this.pointer || !(other instanceof SemverVersion) || other.pointer) return this === other;
    const a = this.parts;
    const b = other.parts;
    return a.major === b.major && a.minor === b.minor && a.patch === b.patch && a.pre === b.pre && a.metadata === b.metadata && a.original === b.original;
  }

  /** major, minor, patch, pre, metadata, original — as fmt prints the struct for `%d` & co. */
  goFields(): GoValue[] {
    const p = this.parts;
    return [new GoInt('uint64', p.major), new GoInt('uint64', p.minor), new GoInt('uint64', p.patch), p.pre, p.metadata, p.original];
  }

  /** copystructure copies no unexported field: a deep copy is the zero Version (`0.0.0`, Original ""). */
  goDeepCopy(): GoValue {
    return new SemverVersion(ZERO_PARTS, this.pointer);
  }

  compare(other: SemverVersion): number {
    return compareVersions(this.parts, other.parts);
  }

  private next(changes: Partial<VersionParts>): SemverVersion {
    const vPrefix = this.parts.original.startsWith('v') ? 'v' : '';
    const parts = { ...this.parts, ...changes };
    return new SemverVersion({ ...parts, original: vPrefix + versionString(parts) }, false);
  }

  incPatch(): SemverVersion {
    const patch = this.parts.pre === '' ? this.parts.patch + 1n : this.parts.patch;
    return this.next({ patch, pre: '', metadata: '' });
  }

  goField(name: string): GoValue | GoMethod | undefined {
    const p = this.parts;
    switch (name) {
      case 'Major':
        return new GoInt('uint64', p.major);
      case 'Minor':
        return new GoInt('uint64', p.minor);
      case 'Patch':
        return new GoInt('uint64', p.patch);
      case 'Prerelease':
        return p.pre;
      case 'Metadata':
        return p.metadata;
      case 'String':
      case 'Value':
        return this.goString();
      case 'MarshalJSON':
        return byteSlice(JSON.stringify(this.goString()));
      case 'MarshalText':
        return byteSlice(this.goString());
      case 'IncPatch':
        return this.incPatch();
      case 'IncMinor':
        return this.next({ minor: p.minor + 1n, patch: 0n, pre: '', metadata: '' });
      case 'IncMajor':
        return this.next({ major: p.major + 1n, minor: 0n, patch: 0n, pre: '', metadata: '' });
      case 'SetPrerelease':
        return goMethod(name, ['string'], ([pre]) => {
          if (typeof pre !== 'string') throw new FunctionError('wrong type for value; expected string');
          if (pre !== '') wrapSemverError(() => validatePrerelease(pre));
          return this.next({ pre });
        });
      case 'SetMetadata':
        return goMethod(name, ['string'], ([metadata]) => {
          if (typeof metadata !== 'string') throw new FunctionError('wrong type for value; expected string');
          if (metadata !== '') wrapSemverError(() => validateMetadata(metadata));
          return this.next({ metadata });
        });
      default:
        break;
    }
    if (!this.pointer) return undefined;
    switch (name) {
      case 'Original':
        return p.original;
      case 'Compare':
        return goMethod(name, ['*semver.Version'], (args) => this.compare(versionArg(args)));
      case 'LessThan':
        return goMethod(name, ['*semver.Version'], (args) => this.compare(versionArg(args)) < 0);
      case 'GreaterThan':
        return goMethod(name, ['*semver.Version'], (args) => this.compare(versionArg(args)) > 0);
      case 'Equal':
        return goMethod(name, ['*semver.Version'], (args) => this.compare(versionArg(args)) === 0);
      default:
        return undefined;
    }
  }
}

function wrapSemverError<T>(action: () => T): T {
  try {
    return action();
  } catch (e) {
    if (e instanceof SemverError) throw new FunctionError(e.message);
    throw e;
  }
}

// ---- constraints ----

type Operator = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

interface Constraint {
  readonly op: Operator;
  readonly con: VersionParts;
  readonly dirty: boolean;
  readonly minorDirty: boolean;
  readonly patchDirty: boolean;
}

const isWildcard = (x: string): boolean => x === 'x' || x === '*' || x === 'X';

function parseConstraint(text: string): Constraint {
  if (text === '') {
    const zero = { major: 0n, minor: 0n, patch: 0n, pre: '', metadata: '', original: '0.0.0' };
    return { op: '', con: zero, dirty: true, minorDirty: false, patchDirty: false };
  }
  const m = findStringSubmatch(constraintRegex(), text);
  if (m === undefined) throw new SemverError(`improper constraint: ${text}`);
  let version = m[2];
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isWildcard(m[3]) || m[3] === '') {
    version = `0.0.0${m[6]}`;
    dirty = true;
  } else if (isWildcard(m[4].replace(/^\./, '')) || m[4] === '') {
    version = `${m[3]}.0.0${m[6]}`;
    dirty = minorDirty = true;
  } else if (isWildcard(m[5].replace(/^\./, '')) || m[5] === '') {
    version = `${m[3]}${m[4]}.0${m[6]}`;
    dirty = patchDirty = true;
  }
  let con: SemverVersion;
  try {
    con = parseVersion(version);
  } catch {
    throw new SemverError('constraint Parser Error');
  }
  return { op: m[1] as Operator, con: con.parts, dirty, minorDirty, patchDirty };
}

/** Hyphen ranges `1.2 - 1.4.5` become `>= 1.2, <= 1.4.5` before anything else is parsed. */
function rewriteRanges(text: string): string {
  let out = text;
  for (const m of findAllStringSubmatch(constraintRangeRegex(), text, -1)) {
    out = out.replace(m[0], `>= ${m[1]}, <= ${m[11]}`);
  }
  return out;
}

function parseConstraints(text: string): Constraint[][] {
  return rewriteRanges(text)
    .split('||')
    .map((alternative) => {
      if (findStringSubmatch(validConstraintRegex(), alternative) === undefined) {
        throw new SemverError(`improper constraint: ${alternative}`);
      }
      const parts = findAllStrings(findConstraintRegex(), alternative, -1);
      return (parts.length === 0 ? [alternative] : parts).map(parseConstraint);
    });
}

function tilde(v: VersionParts, c: Constraint): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  return v.minor === c.con.minor || c.minorDirty;
}

function notEqual(v: VersionParts, c: Constraint): boolean {
  if (c.dirty) {
    if (v.pre !== '' && c.con.pre === '') return false;
    if (c.con.major !== v.major) return true;
    if (c.con.minor !== v.minor && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (c.con.patch !== v.patch && !c.patchDirty) return true;
    if (c.patchDirty) {
      if (v.pre !== '' || c.con.pre !== '') return comparePrerelease(v.pre, c.con.pre) !== 0;
      return false;
    }
  }
  return compareVersions(v, c.con) !== 0;
}

function caret(v: VersionParts, c: Constraint): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
  if (c.con.major === 0n && v.major > 0n) return false;
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
  if (c.con.minor === 0n && v.minor > 0n) return false;
  return c.con.patch === v.patch;
}

function satisfies(v: VersionParts, c: Constraint): boolean {
  if (c.op === '!=') return notEqual(v, c);
  // Every other operator rejects a prerelease unless the constraint names one.
  if (v.pre !== '' && c.con.pre === '') return false;
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : compareVersions(v, c.con) === 0;
    case '>':
      if (!c.dirty) return compareVersions(v, c.con) > 0;
      if (v.major !== c.con.major) return v.major > c.con.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return compareVersions(v, c.con) > 0;
    case '<':
      return compareVersions(v, c.con) < 0;
    case '>=':
    case '=>':
      return compareVersions(v, c.con) >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return compareVersions(v, c.con) <= 0;
      if (v.major > c.con.major) return false;
      return !(v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty);
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      return caret(v, c);
  }
}

/**
 * Parses are memoised by text: templates call semverCompare with the same few constraints and
 * versions on every render, and the regex-driven parse dominates the comparison. A failed parse
 * is remembered as its message so the same SemverError is raised again.
 */
const MEMO_LIMIT = 1000;
/** Longer texts are parsed every time: the memo must not keep large strings alive. */
const MEMO_MAX_LENGTH = 256;
const constraintMemo = new Map<string, Constraint[][] | string>();
const versionMemo = new Map<string, VersionParts | string>();

function memoised<T>(memo: Map<string, T | string>, text: string, parse: (text: string) => T): T {
  let hit = text.length > MEMO_MAX_LENGTH ? undefined : memo.get(text);
  if (hit === undefined) {
    try {
      hit = parse(text);
    } catch (e) {
      if (!(e instanceof SemverError)) throw e;
      hit = e.message;
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    if (text.length <= MEMO_MAX_LENGTH) memo.set(text, hit);
  }
  if (typeof hit === 'string') throw new SemverError(hit);
  return hit;
}

export function semverCompare(constraint: string, version: string): boolean {
  return wrapSemverError(() => {
    const alternatives = memoised(constraintMemo, constraint, parseConstraints);
    const v = memoised(versionMemo, version, (t) => parseVersion(t).parts);
    return alternatives.some((all) => all.every((c) => satisfies(v, c)));
  });
}

export const semverFunctions: FunctionMap = {
  semver: fn(['string'], (s) => wrapSemverError(() => parseVersion(s as string))),
  semverCompare: fn(['string', 'string'], (c, v) => semverCompare(c as string, v as string)),
};
