/**
 * Go's fmt printing (Sprint, Sprintln, Sprintf and the `%v` of one operand) over the Go value
 * model. Output must match Go byte for byte, including its in-band error notation
 * (`%!d(string=abc)`, `%!(EXTRA …)`), because templates print it verbatim.
 */
import { GoComplex } from './complex';
import { canBackquote, FloatFormat, formatFloat, isPrint, quote, quoteRune, quoteToAscii } from './strconv';
import { sortStrings } from './strings';
import {
  canonicalGoString,
  goStringBytes,
  goStringFromBytes,
  floatValue,
  GoInt,
  GoList,
  GoMap,
  GoNamedInt,
  goTypeName,
  GoValue,
  isGoMethod,
  isGoObject,
  isNilList,
  isNilMap,
} from '../core/values';

const MAX_RUNE = 0x10ffff;

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  widPresent: boolean;
  precPresent: boolean;
  wid: number;
  prec: number;
}

function clearFlags(): Flags {
  return {
    plus: false,
    minus: false,
    sharp: false,
    space: false,
    zero: false,
    plusV: false,
    sharpV: false,
    widPresent: false,
    precPresent: false,
    wid: 0,
    prec: 0,
  };
}

/** How a value takes part in printing: the Go kind plus what printing needs from it. */
type Classified =
  | { kind: 'nil' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint; signed: boolean }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'slice'; value: GoList }
  | { kind: 'map'; value: GoMap }
  | { kind: 'stringer'; value: string }
  | { kind: 'func' };

function classify(v: GoValue): Classified {
  if (v === undefined || v === null) return { kind: 'nil' };
  switch (typeof v) {
    case 'boolean':
      return { kind: 'bool', value: v };
    case 'string':
      return { kind: 'string', value: v };
    case 'number':
      return Number.isInteger(v) ? { kind: 'int', value: BigInt(v), signed: true } : { kind: 'float', value: v };
  }
  const f = floatValue(v);
  if (f !== undefined) return { kind: 'float', value: f };
  if (v instanceof GoInt) return { kind: 'int', value: v.value, signed: !v.kind.startsWith('u') };
  if (v instanceof GoNamedInt) return { kind: 'int', value: v.value, signed: !v.goKind.startsWith('u') };
  if (Array.isArray(v)) return { kind: 'slice', value: v };
  if (isGoObject(v)) return { kind: 'stringer', value: v.goString() };
  if (isGoMethod(v)) return { kind: 'func' };
  return { kind: 'map', value: v as GoMap };
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function utf8Bytes(s: string): Buffer {
  return goStringBytes(s);
}

function sortedKeys(m: GoMap): string[] {
  return sortStrings(Object.keys(m));
}

/** Element type of a slice/map type name, e.g. `interface {}` for `[]interface {}`. */
function elementIsInterface(typeName: string): boolean {
  return typeName.endsWith('interface {}');
}

function toUint64(value: bigint): bigint {
  return BigInt.asUintN(64, value);
}

class Printer {
  buf = '';
  f: Flags = clearFlags();
  /** The operand as an interface (Go's p.arg); undefined when only a reflected value is at hand. */
  private arg: { v: GoValue } | undefined;
  /** The reflected value being printed (Go's p.value). */
  private value: { v: GoValue } | undefined;
  private erroring = false;

  // --- padding ----------------------------------------------------------------------------

  private writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.f.zero ? '0' : ' ').repeat(n);
  }

  private pad(s: string): void {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.f.wid - runeCount(s);
    if (!this.f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  private padNoZero(s: string): void {
    const oldZero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = oldZero;
  }

  // --- primitive formatters ---------------------------------------------------------------

  private fmtBoolean(v: boolean): void {
    this.pad(v ? 'true' : 'false');
  }

  private fmtUnicode(u: bigint): void {
    let prec = 4;
    if (this.f.precPresent && this.f.prec > 4) prec = this.f.prec;
    let out = 'U+' + u.toString(16).toUpperCase().padStart(prec, '0');
    if (this.f.sharp && u <= BigInt(MAX_RUNE) && isPrint(Number(u))) {
      out += " '" + String.fromCodePoint(Number(u)) + "'";
    }
    this.padNoZero(out);
  }

  private fmtInteger(raw: bigint, base: number, signed: boolean, verb: string, upper: boolean): void {
    let u = toUint64(raw);
    const negative = signed && BigInt.asIntN(64, u) < 0n;
    if (negative) u = toUint64(-BigInt.asIntN(64, u));
    let prec = 0;
    if (this.f.precPresent) {
      prec = this.f.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.f.zero;
        this.f.zero = false;
        this.writePadding(this.f.wid);
        this.f.zero = oldZero;
        return;
      }
    } else if (this.f.zero && this.f.widPresent) {
      prec = this.f.wid;
      if (negative || this.f.plus || this.f.space) prec--;
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (this.f.sharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = '0o' + digits;
    if (negative) digits = '-' + digits;
    else if (this.f.plus) digits = '+' + digits;
    else if (this.f.space) digits = ' ' + digits;
    this.padNoZero(digits);
  }

  private truncateString(s: string): string {
    if (!this.f.precPresent) return s;
    let n = this.f.prec;
    let out = '';
    for (const ch of s) {
      if (--n < 0) return out;
      out += ch;
    }
    return out;
  }

  private fmtS(s: string): void {
    this.pad(this.truncateString(s));
  }

  private fmtSx(s: string, upper: boolean): void {
    const bytes = utf8Bytes(s);
    let length = bytes.length;
    if (this.f.precPresent && this.f.prec < length) length = this.f.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.f.space) {
        if (this.f.sharp) width *= 2;
        width += length - 1;
      } else if (this.f.sharp) {
        width += 2;
      }
    } else {
      if (this.f.widPresent) this.writePadding(this.f.wid);
      return;
    }
    if (this.f.widPresent && this.f.wid > width && !this.f.minus) this.writePadding(this.f.wid - width);
    const prefix = upper ? '0X' : '0x';
    let out = this.f.sharp ? prefix : '';
    for (let i = 0; i < length; i++) {
      if (this.f.space && i > 0) {
        out += ' ';
        if (this.f.sharp) out += prefix;
      }
      const h = bytes[i].toString(16).padStart(2, '0');
      out += upper ? h.toUpperCase() : h;
    }
    this.buf += out;
    if (this.f.widPresent && this.f.wid > width && this.f.minus) this.writePadding(this.f.wid - width);
  }

  private fmtQ(s: string): void {
    s = this.truncateString(s);
    if (this.f.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(this.f.plus ? quoteToAscii(s) : quote(s));
  }

  private fmtC(u: bigint): void {
    const cp = u > BigInt(MAX_RUNE) ? 0xfffd : Number(u);
    const valid = !(cp >= 0xd800 && cp <= 0xdfff);
    this.pad(String.fromCodePoint(valid ? cp : 0xfffd));
  }

  private fmtQc(u: bigint): void {
    const cp = u > BigInt(MAX_RUNE) ? 0xfffd : Number(u);
    this.pad(quoteRune(cp, this.f.plus));
  }

  private fmtFloatNumber(v: number, verb: string, defaultPrec: number): void {
    const prec = this.f.precPresent ? this.f.prec : defaultPrec;
    let num = formatFloat(v, verb as FloatFormat, prec);
    num = num[0] === '-' || num[0] === '+' ? num : '+' + num;
    if (this.f.space && num[0] === '+' && !this.f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      if (num[1] === 'N' && !this.f.space && !this.f.plus) num = num.slice(1);
      this.padNoZero(num);
      return;
    }
    if (this.f.sharp && verb !== 'b') {
      num = this.forceDecimalPoint(num, verb, prec);
    }
    if (this.f.plus || num[0] !== '+') {
      if (this.f.zero && this.f.widPresent && this.f.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.f.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  /** The `#` flag: always print a decimal point and, for %g, keep trailing zeros. */
  private forceDecimalPoint(num: string, verb: string, prec: number): string {
    let digits = 0;
    if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
    let tail = '';
    let hasDecimalPoint = false;
    let sawNonzeroDigit = false;
    for (let i = 1; i < num.length; i++) {
      const c = num[i];
      if (c === '.') {
        hasDecimalPoint = true;
        continue;
      }
      if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
        tail = num.slice(i);
        num = num.slice(0, i);
        break;
      }
      if (c !== '0') sawNonzeroDigit = true;
      if (sawNonzeroDigit) digits--;
    }
    if (!hasDecimalPoint) {
      if (num.length === 2 && num[1] === '0') digits--;
      num += '.';
    }
    if (digits > 0) num += '0'.repeat(digits);
    return num + tail;
  }

  // --- per-kind verb dispatch -------------------------------------------------------------

  private fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.fmtBoolean(v);
    else this.badVerb(verb);
  }

  private fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.f.sharp;
    this.f.sharp = leading0x;
    this.fmtInteger(v, 16, false, 'v', false);
    this.f.sharp = sharp;
  }

  private fmtInt(v: bigint, signed: boolean, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV && !signed) this.fmt0x64(v, true);
        else this.fmtInteger(v, 10, signed, verb, false);
        return;
      case 'd':
        return this.fmtInteger(v, 10, signed, verb, false);
      case 'b':
        return this.fmtInteger(v, 2, signed, verb, false);
      case 'o':
      case 'O':
        return this.fmtInteger(v, 8, signed, verb, false);
      case 'x':
        return this.fmtInteger(v, 16, signed, verb, false);
      case 'X':
        return this.fmtInteger(v, 16, signed, verb, true);
      case 'c':
        return this.fmtC(toUint64(v));
      case 'q':
        return this.fmtQc(toUint64(v));
      case 'U':
        return this.fmtUnicode(toUint64(v));
      default:
        this.badVerb(verb);
    }
  }

  private fmtFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        return this.fmtFloatNumber(v, 'g', -1);
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        return this.fmtFloatNumber(v, verb, -1);
      case 'f':
      case 'e':
      case 'E':
        return this.fmtFloatNumber(v, verb, 6);
      case 'F':
        return this.fmtFloatNumber(v, 'f', 6);
      default:
        this.badVerb(verb);
    }
  }

  /** fmt's fmtComplex: both parts with the float verb, the imaginary one always signed. */
  private fmtComplex(c: GoComplex, verb: string): void {
    if (!'vbgGxXfFeE'.includes(verb)) {
      this.badVerb(verb);
      return;
    }
    const oldPlus = this.f.plus;
    this.buf += '(';
    this.fmtFloat(c.re, verb);
    this.f.plus = true;
    this.fmtFloat(c.im, verb);
    this.buf += 'i)';
    this.f.plus = oldPlus;
  }

  private fmtString(v: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        return;
      case 's':
        return this.fmtS(v);
      case 'x':
        return this.fmtSx(v, false);
      case 'X':
        return this.fmtSx(v, true);
      case 'q':
        return this.fmtQ(v);
      default:
        this.badVerb(verb);
    }
  }

  private badVerb(verb: string): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    if (this.arg !== undefined && this.arg.v !== null && this.arg.v !== undefined) {
      this.buf += goTypeName(this.arg.v) + '=';
      this.printArg(this.arg.v, 'v');
    } else if (this.value !== undefined) {
      this.buf += goTypeName(this.value.v) + '=';
      this.printValue(this.value.v, 'v', 0, false);
    } else {
      this.buf += '<nil>';
    }
    this.buf += ')';
    this.erroring = false;
  }

  /**
   * Stringer/error handling: Go calls String() for %v %s %x %X %q; for %#v only a GoString()
   * (or the Go syntax a value spells out itself) — a named integer then prints as its number.
   */
  private handleMethods(v: GoValue, verb: string): boolean {
    if (this.erroring || !isGoObject(v)) return false;
    if (this.f.sharpV) {
      if (v.goSyntax !== undefined) this.fmtS(v.goSyntax());
      else if (v instanceof GoNamedInt) return false;
      else this.fmtS(v.goString());
      return true;
    }
    if ('vsxXq'.includes(verb)) {
      this.fmtString(v.goString(), verb);
      return true;
    }
    return false;
  }

  printArg(arg: GoValue, verb: string): void {
    this.arg = { v: arg };
    this.value = undefined;
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.fmtS(goTypeName(arg));
      return;
    }
    if (verb === 'p') {
      this.fmtPointer(arg, verb);
      return;
    }
    // A named type (time.Month, …) is not an int to Go's type switch: its methods come first.
    if (arg instanceof GoNamedInt && this.handleMethods(arg, verb)) return;
    if (arg instanceof GoComplex) return this.fmtComplex(arg, verb);
    const c = classify(arg);
    switch (c.kind) {
      case 'bool':
        return this.fmtBool(c.value, verb);
      case 'int':
        return this.fmtInt(c.value, c.signed, verb);
      case 'float':
        return this.fmtFloat(c.value, verb);
      case 'string':
        return this.fmtString(c.value, verb);
    }
    if (!this.handleMethods(arg, verb)) this.printValue(arg, verb, 0, false);
  }

  /** Maps, slices and funcs have addresses in Go; kplay values have none, so print a stand-in. */
  private fmtPointer(v: GoValue, verb: string): void {
    const c = classify(v);
    if (c.kind !== 'slice' && c.kind !== 'map' && c.kind !== 'func' && c.kind !== 'stringer') {
      this.badVerb(verb);
      return;
    }
    this.fmt0x64(0xc000010000n, !this.f.sharp);
  }

  /**
   * Prints a value reached by reflection. `inInterface` marks an element stored as
   * `interface{}` (so a nil there prints as `<nil>` / `interface {}(nil)`).
   */
  private printValue(v: GoValue, verb: string, depth: number, inInterface: boolean): void {
    if (v instanceof GoComplex) {
      this.arg = undefined;
      this.value = { v };
      return this.fmtComplex(v, verb);
    }
    if (depth > 0 && v !== null && v !== undefined) {
      this.arg = { v };
      if (this.handleMethods(v, verb)) return;
    }
    this.arg = undefined;
    this.value = { v };
    const c = classify(v);
    switch (c.kind) {
      case 'nil':
        // Only reachable for a nil element of a collection: Go prints the nil interface.
        this.buf += inInterface && this.f.sharpV ? 'interface {}(nil)' : '<nil>';
        return;
      case 'bool':
        return this.fmtBool(c.value, verb);
      case 'int':
        return this.fmtInt(c.value, c.signed, verb);
      case 'float':
        return this.fmtFloat(c.value, verb);
      case 'string':
        return this.fmtString(c.value, verb);
      case 'stringer':
        if (isGoObject(v) && v.goFields !== undefined) return this.printStruct(v.goFields(), v.goKind === 'ptr' && depth === 0, verb, depth);
        return this.fmtString(c.value, verb);
      case 'func':
        return this.fmtPointer(v, verb);
      case 'map':
        return this.printMap(c.value, verb, depth);
      case 'slice':
        return this.printSlice(c.value, verb, depth);
    }
  }

  /** A struct reached without a usable method: `{f1 f2 …}`, `&{…}` for a pointer at the top. */
  private printStruct(fields: GoValue[], pointer: boolean, verb: string, depth: number): void {
    this.buf += pointer ? '&{' : '{';
    fields.forEach((field, i) => {
      if (i > 0) this.buf += ' ';
      this.printValue(field, verb, depth + 1, false);
    });
    this.buf += '}';
  }

  private printMap(m: GoMap, verb: string, depth: number): void {
    const typeName = goTypeName(m);
    const valuesAreInterfaces = elementIsInterface(typeName);
    if (this.f.sharpV && isNilMap(m)) {
      this.buf += typeName + '(nil)';
      return;
    }
    this.buf += this.f.sharpV ? typeName + '{' : 'map[';
    sortedKeys(m).forEach((key, i) => {
      if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
      this.printValue(key, verb, depth + 1, false);
      this.buf += ':';
      this.printValue(m[key], verb, depth + 1, valuesAreInterfaces);
    });
    this.buf += this.f.sharpV ? '}' : ']';
  }

  private printSlice(list: GoList, verb: string, depth: number): void {
    const typeName = goTypeName(list);
    if ((typeName === '[]uint8' || typeName === '[]byte') && 'sqxX'.includes(verb)) {
      const text = goStringFromBytes(Uint8Array.from(list.map((b) => Number(b instanceof GoInt ? b.value : b))));
      if (verb === 's') this.fmtS(text);
      else if (verb === 'q') this.fmtQ(text);
      else this.fmtSx(text, verb === 'X');
      return;
    }
    if (this.f.sharpV && isNilList(list)) {
      this.buf += typeName + '(nil)';
      return;
    }
    const elementsAreInterfaces = elementIsInterface(typeName);
    this.buf += this.f.sharpV ? typeName + '{' : '[';
    list.forEach((element, i) => {
      if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
      this.printValue(element, verb, depth + 1, elementsAreInterfaces);
    });
    this.buf += this.f.sharpV ? '}' : ']';
  }

  // --- Printf -----------------------------------------------------------------------------

  doPrintf(format: string, args: GoValue[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    let reordered = false;
    let goodArgNum = true;

    /** `[n]` argument index at position i. */
    const argNumber = (i: number): { argNum: number; i: number; found: boolean } => {
      if (end <= i || format[i] !== '[') return { argNum, i, found: false };
      reordered = true;
      const parsed = parseArgNumber(format.slice(i));
      if (parsed.ok && parsed.index >= 0 && parsed.index < args.length) {
        return { argNum: parsed.index, i: i + parsed.wid, found: true };
      }
      goodArgNum = false;
      return { argNum, i: i + parsed.wid, found: parsed.ok };
    };

    let i = 0;
    formatLoop: while (i < end) {
      goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.f = clearFlags();

      simpleFormat: for (; i < end; i++) {
        const c = format[i];
        switch (c) {
          case '#':
            this.f.sharp = true;
            break;
          case '0':
            this.f.zero = !this.f.minus;
            break;
          case '+':
            this.f.plus = true;
            break;
          case '-':
            this.f.minus = true;
            this.f.zero = false;
            break;
          case ' ':
            this.f.space = true;
            break;
          default:
            if (c >= 'a' && c <= 'z' && argNum < args.length) {
              if (c === 'v') this.enterV();
              this.printArg(args[argNum], c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simpleFormat;
        }
      }

      let r = argNumber(i);
      argNum = r.argNum;
      i = r.i;
      afterIndex = r.found;

      if (i < end && format[i] === '*') {
        i++;
        const w = intFromArg(args, argNum);
        this.f.wid = w.num;
        this.f.widPresent = w.isInt;
        argNum = w.newArgNum;
        if (!this.f.widPresent) this.buf += '%!(BADWIDTH)';
        if (this.f.wid < 0) {
          this.f.wid = -this.f.wid;
          this.f.minus = true;
          this.f.zero = false;
        }
        afterIndex = false;
      } else {
        const n = parseNum(format, i, end);
        this.f.wid = n.num;
        this.f.widPresent = n.isNum;
        i = n.newi;
        if (afterIndex && this.f.widPresent) goodArgNum = false;
      }

      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) goodArgNum = false;
        r = argNumber(i);
        argNum = r.argNum;
        i = r.i;
        afterIndex = r.found;
        if (i < end && format[i] === '*') {
          i++;
          const p = intFromArg(args, argNum);
          this.f.prec = p.num;
          this.f.precPresent = p.isInt;
          argNum = p.newArgNum;
          if (this.f.prec < 0) {
            this.f.prec = 0;
            this.f.precPresent = false;
          }
          if (!this.f.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          const n = parseNum(format, i, end);
          this.f.prec = n.num;
          this.f.precPresent = n.isNum;
          i = n.newi;
          if (!this.f.precPresent) {
            this.f.prec = 0;
            this.f.precPresent = true;
          }
        }
      }

      if (!afterIndex) {
        r = argNumber(i);
        argNum = r.argNum;
        i = r.i;
        afterIndex = r.found;
      }

      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }

      const verb = String.fromCodePoint(format.codePointAt(i) as number);
      i += verb.length;

      if (verb === '%') {
        this.buf += '%';
      } else if (!goodArgNum) {
        this.buf += '%!' + verb + '(BADINDEX)';
      } else if (argNum >= args.length) {
        this.buf += '%!' + verb + '(MISSING)';
      } else {
        if (verb === 'v') this.enterV();
        this.printArg(args[argNum], verb);
        argNum++;
      }
    }

    if (!reordered && argNum < args.length) {
      this.f = clearFlags();
      this.buf += '%!(EXTRA ';
      args.slice(argNum).forEach((arg, k) => {
        if (k > 0) this.buf += ', ';
        if (arg === null || arg === undefined) {
          this.buf += '<nil>';
        } else {
          this.buf += goTypeName(arg) + '=';
          this.printArg(arg, 'v');
        }
      });
      this.buf += ')';
    }
  }

  /** `%#v` and `%+v` turn the flags into their Go-syntax / field-name meanings. */
  private enterV(): void {
    this.f.sharpV = this.f.sharp;
    this.f.sharp = false;
    this.f.plusV = this.f.plus;
    this.f.plus = false;
  }
}

const MAX_NUM = 1e6;

function tooLarge(x: number): boolean {
  return x > MAX_NUM || x < -MAX_NUM;
}

function parseNum(s: string, start: number, end: number): { num: number; isNum: boolean; newi: number } {
  if (start >= end) return { num: 0, isNum: false, newi: end };
  let num = 0;
  let isNum = false;
  let newi = start;
  for (; newi < end && s[newi] >= '0' && s[newi] <= '9'; newi++) {
    if (tooLarge(num)) return { num: 0, isNum: false, newi: end };
    num = num * 10 + (s.charCodeAt(newi) - 48);
    isNum = true;
  }
  return { num, isNum, newi };
}

function parseArgNumber(format: string): { index: number; wid: number; ok: boolean } {
  if (format.length < 3) return { index: 0, wid: 1, ok: false };
  for (let i = 1; i < format.length; i++) {
    if (format[i] === ']') {
      const n = parseNum(format, 1, i);
      if (!n.isNum || n.newi !== i) return { index: 0, wid: i + 1, ok: false };
      return { index: n.num - 1, wid: i + 1, ok: true };
    }
  }
  return { index: 0, wid: 1, ok: false };
}

function intFromArg(args: GoValue[], argNum: number): { num: number; isInt: boolean; newArgNum: number } {
  if (argNum >= args.length) return { num: 0, isInt: false, newArgNum: argNum };
  const a = args[argNum];
  let num = 0;
  let isInt = false;
  if (typeof a === 'number' && Number.isInteger(a)) {
    num = a;
    isInt = true;
  } else if (a instanceof GoInt) {
    const inRange = a.kind.startsWith('u') ? a.value < 1n << 63n : true;
    if (inRange && a.value >= BigInt(Number.MIN_SAFE_INTEGER) && a.value <= BigInt(Number.MAX_SAFE_INTEGER)) {
      num = Number(a.value);
      isInt = true;
    } else if (inRange) {
      num = 2 * MAX_NUM; // far beyond tooLarge anyway
      isInt = true;
    }
  }
  if (tooLarge(num)) {
    num = 0;
    isInt = false;
  }
  return { num, isInt, newArgNum: argNum + 1 };
}

/** fmt's `%v` of a single operand (nil and missing print `<nil>`). */
export function formatValue(v: GoValue): string {
  const p = new Printer();
  p.printArg(v, 'v');
  return p.buf;
}

function isStringOperand(v: GoValue): boolean {
  return typeof v === 'string';
}

/** fmt.Sprint: a space goes between two operands only when neither is a string. */
export function sprint(args: GoValue[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = isStringOperand(arg);
    if (i > 0 && !isString && !prevString) p.buf += ' ';
    p.f = clearFlags();
    p.printArg(arg, 'v');
    prevString = isString;
  });
  return canonicalGoString(p.buf);
}

/** fmt.Sprintln: spaces between all operands and a trailing newline. */
export function sprintln(args: GoValue[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.buf += ' ';
    p.f = clearFlags();
    p.printArg(arg, 'v');
  });
  return canonicalGoString(p.buf) + '\n';
}

/** fmt.Sprintf */
export function sprintf(format: string, args: GoValue[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  // Raw bytes from different arguments may join into valid UTF-8 (docs/templates.md#byte-strings).
  return canonicalGoString(p.buf);
}
