/**
 * Translates Go RE2 syntax (regexp/syntax with Perl flags, as regexp.Compile uses it) into a
 * JavaScript RegExp with the `u` flag.
 *
 * Differences the translation has to bridge:
 * - Go's `.` excludes only `\n` (JS also excludes `\r`, U+2028, U+2029); `\s` is `[\t\n\f\r ]`;
 *   `^`/`$` in (?m) mode only react to `\n`. These are emitted as explicit classes/lookarounds.
 * - Inline flags `(?i)`, `(?s)`, `(?m)`, `(?U)` and `(?flags:…)` groups may be scoped, while
 *   Node 20 only has pattern-wide flags. `s`, `m` and `U` are applied while translating; `i`
 *   becomes the JS `i` flag when it covers every atom, else literals and classes are
 *   case-expanded (`a` → `[aA]`).
 * - Group names are Go's `(?P<name>…)` and may start with a digit, so every group is emitted as a
 *   plain numbered group and names are reported separately.
 * Errors carry Go's messages (`error parsing regexp: CODE: \`EXPR\``).
 */

export interface TranslatedRegex {
  readonly source: string;
  readonly flags: string;
  /** Capture names by group number; index 0 is the whole match; unnamed groups are "". */
  readonly groupNames: readonly string[];
}

export class Re2SyntaxError extends Error {
  constructor(
    readonly code: string,
    readonly expr: string,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
    this.name = 'Re2SyntaxError';
  }
}

interface Flags {
  readonly caseless: boolean;
  readonly multiLine: boolean;
  readonly dotNewline: boolean;
  readonly ungreedy: boolean;
}

type Range = readonly [number, number];

const MAX_RUNE = 0x10ffff;
const MAX_REPEAT = 1000;

const PERL_CLASSES: Record<string, Range[]> = {
  d: [[0x30, 0x39]],
  s: [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]],
  w: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
};

const POSIX_CLASSES: Record<string, Range[]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

function complement(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const result: Range[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) result.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) result.push([next, MAX_RUNE]);
  return result;
}

const isAsciiAlnum = (cp: number): boolean =>
  (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);

/** A code point as JS regex source that is valid both inside and outside a class in u-mode. */
function literal(cp: number): string {
  return isAsciiAlnum(cp) ? String.fromCodePoint(cp) : `\\u{${cp.toString(16)}}`;
}

function rangeSource([lo, hi]: Range): string {
  return lo === hi ? literal(lo) : `${literal(lo)}-${literal(hi)}`;
}

/** Code points equivalent to `cp` under simple case folding (Go's SimpleFold orbit, approximately). */
function caseVariants(cp: number): number[] {
  const variants = new Set<number>([cp]);
  const ch = String.fromCodePoint(cp);
  for (const mapped of [ch.toLowerCase(), ch.toUpperCase()]) {
    if ([...mapped].length === 1) variants.add(mapped.codePointAt(0) ?? cp);
  }
  const orbits = [
    [0x4b, 0x6b, 0x212a], // K k KELVIN SIGN
    [0x53, 0x73, 0x17f], // S s LONG S
    [0xc5, 0xe5, 0x212b], // Å å ANGSTROM SIGN
  ];
  for (const orbit of orbits) if (orbit.some((o) => variants.has(o))) orbit.forEach((o) => variants.add(o));
  return [...variants];
}

/** Adds the case variants of every code point in (small) ranges; huge ranges are kept as is. */
function foldRanges(ranges: readonly Range[]): Range[] {
  const result: Range[] = [...ranges];
  for (const [lo, hi] of ranges) {
    if (hi - lo > 5000) continue;
    for (let cp = lo; cp <= hi; cp++) for (const v of caseVariants(cp)) if (v < lo || v > hi) result.push([v, v]);
  }
  return result;
}

function isValidUnicodeClass(jsSource: string): boolean {
  try {
    new RegExp(jsSource, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Go's \p{Name}: general categories (one or two letters), `Any`, or script names. */
function unicodeClassSource(name: string, negated: boolean): string | undefined {
  const p = negated ? 'P' : 'p';
  let source: string;
  if (name === 'Any') source = negated ? '[^\\s\\S]' : '[\\s\\S]';
  else if (/^[A-Z][a-z]?$/.test(name)) source = `\\${p}{${name}}`;
  else if (/^[A-Za-z_]+$/.test(name)) source = `\\${p}{Script=${name}}`;
  else return undefined;
  return isValidUnicodeClass(source) ? source : undefined;
}

interface Frame {
  readonly savedFlags: Flags;
  readonly outStart: number;
  readonly openText: number;
}

/** Raised internally when the pattern-wide `i` flag turns out not to be applicable. */
class MixedCaseFlags extends Error {}

class Translator {
  private pos = 0;
  private flags: Flags;
  private readonly out: string[] = [];
  private readonly frames: Frame[] = [];
  private readonly groupNames: string[] = [''];
  /** Index in `out` where the most recent repeatable atom starts, or -1. */
  private atomStart = -1;
  private atomIsAssertion = false;
  /** Pattern offset of the previous repetition operator when it was the last thing parsed. */
  private lastRepeatAt = -1;

  constructor(
    private readonly pattern: string,
    private readonly globalCaseless: boolean,
  ) {
    this.flags = { caseless: false, multiLine: false, dotNewline: false, ungreedy: false };
  }

  translate(): TranslatedRegex {
    while (this.pos < this.pattern.length) this.step();
    if (this.frames.length > 0) throw new Re2SyntaxError('missing closing )', this.pattern);
    return { source: this.out.join(''), flags: this.globalCaseless ? 'iu' : 'u', groupNames: this.groupNames };
  }

  private peek(offset = 0): string {
    return this.pattern[this.pos + offset] ?? '';
  }

  private nextCodePoint(): number {
    const cp = this.pattern.codePointAt(this.pos) ?? 0;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private emitAtom(source: string, assertion = false, caseSensitive = true): void {
    if (caseSensitive && this.globalCaseless && !this.flags.caseless) throw new MixedCaseFlags();
    this.atomStart = this.out.length;
    this.atomIsAssertion = assertion;
    this.lastRepeatAt = -1;
    this.out.push(source);
  }

  private noAtom(): void {
    this.atomStart = -1;
    this.lastRepeatAt = -1;
  }

  private step(): void {
    const c = this.peek();
    switch (c) {
      case '(':
        return this.openGroup();
      case ')':
        return this.closeGroup();
      case '|':
        this.pos++;
        this.out.push('|');
        return this.noAtom();
      case '*':
      case '+':
      case '?':
        this.pos++;
        return this.repeat(this.pos - 1, c);
      case '{':
        return this.braceRepeatOrLiteral();
      case '[':
        return this.emitAtom(this.parseClass());
      case '.':
        this.pos++;
        return this.emitAtom(this.flags.dotNewline ? '[\\s\\S]' : '[^\\n]', false, false);
      case '^':
        this.pos++;
        return this.emitAtom(this.flags.multiLine ? '(?<![^\\n])' : '(?<![\\s\\S])', true, false);
      case '$':
        this.pos++;
        return this.emitAtom(this.flags.multiLine ? '(?![^\\n])' : '(?![\\s\\S])', true, false);
      case '\\':
        return this.escapeOutsideClass();
      default:
        return this.emitLiteral(this.nextCodePoint());
    }
  }

  private emitLiteral(cp: number): void {
    if (this.flags.caseless && !this.globalCaseless) {
      const variants = caseVariants(cp);
      if (variants.length > 1) return this.emitAtom(`[${variants.map(literal).join('')}]`);
    }
    this.emitAtom(literal(cp), false, caseVariants(cp).length > 1);
  }

  private emitRanges(ranges: readonly Range[], negated: boolean): void {
    const effective = this.flags.caseless && !this.globalCaseless ? foldRanges(ranges) : ranges;
    const body = effective.map(rangeSource).join('');
    this.emitAtom(negated ? `[^${body}]` : `[${body}]`);
  }

  private openGroup(): void {
    const start = this.pos;
    if (this.peek(1) !== '?') {
      this.pos++;
      this.pushFrame(start, '(');
      this.groupNames.push('');
      return;
    }
    const rest = this.pattern.slice(start);
    if (rest.length > 4 && rest[2] === 'P' && rest[3] === '<') {
      const end = rest.indexOf('>');
      if (end < 0) throw new Re2SyntaxError('invalid named capture', rest);
      const name = rest.slice(4, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Re2SyntaxError('invalid named capture', rest.slice(0, end + 1));
      this.pos = start + end + 1;
      this.pushFrame(start, '(');
      this.groupNames.push(name);
      return;
    }
    this.parseFlagGroup(start);
  }

  private parseFlagGroup(start: number): void {
    let i = start + 2;
    let next = { ...this.flags };
    let negate = false;
    let sawFlag = false;
    for (; i < this.pattern.length; i++) {
      const c = this.pattern[i];
      const set = !negate;
      if (c === 'i') next = { ...next, caseless: set };
      else if (c === 'm') next = { ...next, multiLine: set };
      else if (c === 's') next = { ...next, dotNewline: set };
      else if (c === 'U') next = { ...next, ungreedy: set };
      else if (c === '-' && !negate) {
        negate = true;
        sawFlag = false;
        continue;
      } else if ((c === ':' || c === ')') && !(negate && !sawFlag)) {
        this.pos = i + 1;
        if (c === ':') {
          this.pushFrame(start, '(?:');
          this.flags = next;
        } else {
          this.flags = next;
          this.noAtom();
        }
        return;
      } else {
        break;
      }
      sawFlag = true;
    }
    const end = Math.min(i + 1, this.pattern.length);
    throw new Re2SyntaxError('invalid or unsupported Perl syntax', this.pattern.slice(start, end));
  }

  private pushFrame(openText: number, source: string): void {
    this.frames.push({ savedFlags: this.flags, outStart: this.out.length, openText });
    this.out.push(source);
    this.noAtom();
  }

  private closeGroup(): void {
    const frame = this.frames.pop();
    if (frame === undefined) throw new Re2SyntaxError('unexpected )', this.pattern);
    this.pos++;
    this.out.push(')');
    this.flags = frame.savedFlags;
    this.atomStart = frame.outStart;
    this.atomIsAssertion = false;
    this.lastRepeatAt = -1;
  }

  private braceRepeatOrLiteral(): void {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.pattern.slice(this.pos));
    if (m === null) {
      this.pos++;
      return this.emitLiteral(0x7b);
    }
    const start = this.pos;
    this.pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
    if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
      throw new Re2SyntaxError('invalid repeat count', m[0]);
    }
    this.repeat(start, max === min ? `{${min}}` : max < 0 ? `{${min},}` : `{${min},${max}}`);
  }

  private repeat(opStart: number, quantifier: string): void {
    let lazy = this.flags.ungreedy;
    if (this.peek() === '?') {
      this.pos++;
      lazy = !lazy;
    }
    if (this.lastRepeatAt >= 0) {
      throw new Re2SyntaxError('invalid nested repetition operator', this.pattern.slice(this.lastRepeatAt, this.pos));
    }
    if (this.atomStart < 0) {
      throw new Re2SyntaxError('missing argument to repetition operator', this.pattern.slice(opStart, this.pos));
    }
    if (this.atomIsAssertion) {
      // JS refuses to quantify lookarounds in u-mode; a group around it means the same.
      const atom = this.out.splice(this.atomStart).join('');
      this.out.push(`(?:${atom})`);
    }
    this.out.push(quantifier + (lazy ? '?' : ''));
    this.lastRepeatAt = opStart;
  }

  private escapeOutsideClass(): void {
    const start = this.pos;
    const c = this.peek(1);
    switch (c) {
      case 'A':
        this.pos += 2;
        return this.emitAtom('(?<![\\s\\S])', true, false);
      case 'z':
        this.pos += 2;
        return this.emitAtom('(?![\\s\\S])', true, false);
      case 'b':
      case 'B':
        this.pos += 2;
        return this.emitAtom(`\\${c}`, true, false);
      case 'Q': {
        const end = this.pattern.indexOf('\\E', start + 2);
        const text = this.pattern.slice(start + 2, end < 0 ? undefined : end);
        this.pos = end < 0 ? this.pattern.length : end + 2;
        for (const ch of text) this.emitLiteral(ch.codePointAt(0) ?? 0);
        return;
      }
      case 'C':
        throw new Re2SyntaxError('invalid escape sequence', '\\C');
      default:
        break;
    }
    const perl = this.parsePerlClass();
    if (perl !== undefined) return this.emitRanges(perl.ranges, perl.negated);
    const unicode = this.parseUnicodeClass();
    if (unicode !== undefined) return this.emitAtom(unicode, false, false);
    this.emitLiteral(this.parseEscape());
  }

  private parsePerlClass(): { ranges: Range[]; negated: boolean } | undefined {
    const c = this.peek(1);
    const ranges = PERL_CLASSES[c.toLowerCase()];
    if (this.peek() !== '\\' || ranges === undefined) return undefined;
    this.pos += 2;
    return { ranges, negated: c !== c.toLowerCase() };
  }

  /** `\pL`, `\p{Greek}`, `\PL`, `\p{^Greek}` as JS source, or undefined when not at one. */
  private parseUnicodeClass(): string | undefined {
    const c = this.peek(1);
    if (this.peek() !== '\\' || (c !== 'p' && c !== 'P')) return undefined;
    const start = this.pos;
    let negated = c === 'P';
    let name: string;
    let seq: string;
    if (this.peek(2) === '{') {
      const end = this.pattern.indexOf('}', start);
      if (end < 0) throw new Re2SyntaxError('invalid character class range', this.pattern.slice(start));
      seq = this.pattern.slice(start, end + 1);
      name = this.pattern.slice(start + 3, end);
    } else {
      const cp = this.pattern.codePointAt(start + 2);
      if (cp === undefined) throw new Re2SyntaxError('invalid character class range', this.pattern.slice(start));
      name = String.fromCodePoint(cp);
      seq = this.pattern.slice(start, start + 2 + name.length);
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const source = unicodeClassSource(name, negated);
    if (source === undefined) throw new Re2SyntaxError('invalid character class range', seq);
    this.pos = start + seq.length;
    return source;
  }

  /** A single-character escape (`\n`, `\x41`, `\x{263a}`, `\101`, `\.`) as a code point. */
  private parseEscape(): number {
    const start = this.pos;
    this.pos++;
    if (this.pos >= this.pattern.length) throw new Re2SyntaxError('trailing backslash at end of expression', '');
    const c = this.nextCodePoint();
    const bad = (): never => {
      throw new Re2SyntaxError('invalid escape sequence', this.pattern.slice(start, this.pos));
    };
    const isOctal = (ch: string): boolean => ch >= '0' && ch <= '7';
    if (c < 0x80 && !isAsciiAlnum(c) && c !== 0x5f) return c;
    if (c === 0x5f) return c; // Go accepts `\_`
    const ch = String.fromCodePoint(c);
    if (ch >= '1' && ch <= '7' && !isOctal(this.peek())) return bad();
    if (ch >= '0' && ch <= '7') {
      let value = c - 0x30;
      for (let i = 1; i < 3 && isOctal(this.peek()); i++) value = value * 8 + (this.nextCodePoint() - 0x30);
      return value;
    }
    switch (ch) {
      case 'a':
        return 0x07;
      case 'f':
        return 0x0c;
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 't':
        return 0x09;
      case 'v':
        return 0x0b;
      case 'x': {
        if (this.peek() === '{') {
          const m = /^\{([0-9A-Fa-f]+)\}/.exec(this.pattern.slice(this.pos));
          if (m === null) {
            this.pos = Math.min(this.pattern.length, this.pattern.indexOf('}', this.pos) + 1 || this.pattern.length);
            return bad();
          }
          this.pos += m[0].length;
          const value = parseInt(m[1], 16);
          return value > MAX_RUNE ? bad() : value;
        }
        const m = /^[0-9A-Fa-f]{2}/.exec(this.pattern.slice(this.pos));
        if (m === null) {
          this.pos = Math.min(this.pattern.length, this.pos + 2);
          return bad();
        }
        this.pos += 2;
        return parseInt(m[0], 16);
      }
      default:
        return bad();
    }
  }

  private parseClass(): string {
    const start = this.pos;
    this.pos++;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const ranges: Range[] = [];
    const unicodeParts: string[] = [];
    let first = true;
    while (first || this.peek() !== ']') {
      if (this.pos >= this.pattern.length) throw new Re2SyntaxError('missing closing ]', this.pattern.slice(start));
      first = false;
      if (this.peek() === '[' && this.peek(1) === ':') {
        const end = this.pattern.indexOf(':]', this.pos + 2);
        if (end >= 0) {
          const name = this.pattern.slice(this.pos, end + 2);
          const inner = name.slice(2, -2);
          const posix = POSIX_CLASSES[inner.replace(/^\^/, '')];
          if (posix === undefined) throw new Re2SyntaxError('invalid character class range', name);
          ranges.push(...(inner.startsWith('^') ? complement(posix) : posix));
          this.pos = end + 2;
          continue;
        }
      }
      const unicode = this.parseUnicodeClass();
      if (unicode !== undefined) {
        // `\p{Any}` is emitted as a class; its negation adds nothing to a union.
        if (unicode === '[\\s\\S]') unicodeParts.push('\\s\\S');
        else if (!unicode.startsWith('[')) unicodeParts.push(unicode);
        continue;
      }
      const perl = this.parsePerlClass();
      if (perl !== undefined) {
        ranges.push(...(perl.negated ? complement(perl.ranges) : perl.ranges));
        continue;
      }
      const rangeStart = this.pos;
      const lo = this.parseClassChar(start);
      let hi = lo;
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.pos++;
        hi = this.parseClassChar(start);
        if (hi < lo) throw new Re2SyntaxError('invalid character class range', this.pattern.slice(rangeStart, this.pos));
      }
      ranges.push([lo, hi]);
    }
    this.pos++; // the closing ]
    const effective = this.flags.caseless && !this.globalCaseless ? foldRanges(ranges) : ranges;
    const body = effective.map(rangeSource).join('') + unicodeParts.join('');
    if (body === '') return negated ? '[\\s\\S]' : '[^\\s\\S]';
    return negated ? `[^${body}]` : `[${body}]`;
  }

  private parseClassChar(classStart: number): number {
    if (this.pos >= this.pattern.length) throw new Re2SyntaxError('missing closing ]', this.pattern.slice(classStart));
    if (this.peek() === '\\') return this.parseEscape();
    return this.nextCodePoint();
  }
}

/** Whether `(?i` appears at all; only then is the pattern-wide JS `i` flag worth trying. */
function mentionsCaseless(pattern: string): boolean {
  return /\(\?[imsU-]*i/.test(pattern);
}

export function translateRe2(pattern: string): TranslatedRegex {
  if (mentionsCaseless(pattern)) {
    try {
      return new Translator(pattern, true).translate();
    } catch (e) {
      if (!(e instanceof MixedCaseFlags)) throw e;
    }
  }
  return new Translator(pattern, false).translate();
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
