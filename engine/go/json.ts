/**
 * Go's encoding/json over the Go value model: what Sprig's toJson/fromJson family produce.
 * Differences from JSON.stringify/parse that templates observe: keys sorted by bytes, HTML
 * characters escaped as \u003c…, floats formatted by strconv (`1e+21`, `1e-7`), every decoded
 * number a float64, and Go's own error texts.
 */
import { GoComplex } from './complex';
import { formatFloat, quote } from './strconv';
import { sortStrings } from './strings';
import { floatValue, goTypeName, GoFloat, GoInt, GoList, GoMap, GoNamedInt, GoValue, isGoMethod, isGoObject, isNilList, isNilMap, makeInt } from '../core/values';
import { GoTime } from '../core/go-time';

export class JsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonError';
  }
}

export interface MarshalOptions {
  /** Escape <, > and & as \u003c, \u003e, \u0026 (json.Marshal does; Encoder.SetEscapeHTML(false) doesn't). */
  escapeHtml: boolean;
  /** Indent per level, as json.MarshalIndent(v, "", indent). */
  indent?: string;
}

/** A GoObject may define how it marshals itself (Go's json.Marshaler), returning JSON text. */
interface JsonMarshaler {
  marshalJson(): string;
}

function hasMarshaler(v: object): v is JsonMarshaler {
  return typeof (v as Partial<JsonMarshaler>).marshalJson === 'function';
}

const HEX = '0123456789abcdef';

/** Strings without these characters encode as themselves between quotes (the common case). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;
const NEEDS_ESCAPE_HTML = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

function encodeString(s: string, escapeHtml: boolean): string {
  if (!(escapeHtml ? NEEDS_ESCAPE_HTML : NEEDS_ESCAPE).test(s)) return '"' + s + '"';
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || (escapeHtml && (c === 0x3c || c === 0x3e || c === 0x26))) {
      out += '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
    } else if (c === 0x2028 || c === 0x2029) out += '\\u202' + HEX[c & 0xf];
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

function encodeFloat(f: number): string {
  if (!Number.isFinite(f)) throw new JsonError(`json: unsupported value: ${formatFloat(f, 'g', -1)}`);
  const abs = Math.abs(f);
  const useExponent = abs !== 0 && (abs < 1e-6 || abs >= 1e21);
  let s = formatFloat(f, useExponent ? 'e' : 'f', -1);
  if (useExponent) s = s.replace(/e-0(\d)$/, 'e-$1');
  return s;
}

/** Go sorts map keys by their UTF-8 bytes. */
const sortKeys = sortStrings;

function encodeValue(v: GoValue, opts: MarshalOptions): string {
  if (v === undefined || v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return encodeString(v, opts.escapeHtml);
    case 'number':
      return Number.isInteger(v) ? String(v) : encodeFloat(v);
  }
  const f = floatValue(v);
  if (f !== undefined) return encodeFloat(f);
  if (v instanceof GoInt || v instanceof GoNamedInt) return v.value.toString();
  if (isGoMethod(v)) throw new JsonError(`json: unsupported type: func()`);
  if (v instanceof GoComplex) throw new JsonError('json: unsupported type: complex128');
  if (isGoObject(v)) {
    if (v instanceof GoTime) {
      const year = v.civil.year;
      if (year < 0 || year > 9999) {
        throw new JsonError('json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]');
      }
    }
    return hasMarshaler(v) ? v.marshalJson() : encodeString(v.goString(), opts.escapeHtml);
  }
  if (Array.isArray(v)) return encodeList(v, opts);
  return encodeMap(v as GoMap, opts);
}

function encodeList(list: GoList, opts: MarshalOptions): string {
  if (isNilList(list)) return 'null';
  const typeName = goTypeName(list);
  if (typeName === '[]uint8' || typeName === '[]byte') {
    const bytes = list.map((b) => Number(b instanceof GoInt ? b.value : b));
    return '"' + Buffer.from(bytes).toString('base64') + '"';
  }
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out += ',';
    out += encodeValue(list[i], opts);
  }
  return out + ']';
}

function encodeMap(m: GoMap, opts: MarshalOptions): string {
  if (isNilMap(m)) return 'null';
  const keys = sortKeys(Object.keys(m));
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += ',';
    out += encodeString(keys[i], opts.escapeHtml) + ':' + encodeValue(m[keys[i]], opts);
  }
  return out + '}';
}

/** Go's json.Indent (prefix ""): whitespace outside strings is replaced, `[]`/`{}` stay. */
export function indentJson(text: string, indent: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  let needIndent = false;
  const newline = (): string => `\n${indent.repeat(depth)}`;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (needIndent && c !== ']' && c !== '}') {
      out += newline();
      needIndent = false;
    }
    switch (c) {
      case '"':
        inString = true;
        out += c;
        break;
      case '{':
      case '[':
        out += c;
        depth++;
        needIndent = true;
        break;
      case '}':
      case ']':
        depth--;
        if (needIndent) needIndent = false; // empty: `[]`
        else out += newline();
        out += c;
        break;
      case ',':
        out += c;
        out += newline();
        break;
      case ':':
        out += ': ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** json.Marshal / MarshalIndent / Encoder without the trailing newline. Throws JsonError. */
export function marshalJson(v: GoValue, opts: MarshalOptions): string {
  const compact = encodeValue(v, opts);
  return opts.indent === undefined ? compact : indentJson(compact, opts.indent);
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Go's quoteChar: the offending byte, shown as the rune with that value. */
function quoteChar(byte: number): string {
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  return "'" + quote(String.fromCharCode(byte)).slice(1, -1) + "'";
}

const SPACE_REJECTING_CONTEXT = /^in (literal|numeric|string escape|\\u)|^after decimal point|^in exponent/;

/**
 * How numbers become Go values: `float64` is json.Unmarshal into interface{}; `spelling` is the
 * typing Go code sees when the same text is read as YAML (yaml.v3): an integer literal that fits
 * int64 is an `int`, every other number a float64.
 */
type NumberTyping = 'float64' | 'spelling';

/** encoding/json's maxNestingDepth. */
const MAX_NESTING_DEPTH = 10000;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** The Go value of a JSON number literal, typed by its spelling (see NumberTyping). */
export function goNumberFromJsonLiteral(literal: string): GoValue {
  if (!/[.eE]/.test(literal)) {
    const big = BigInt(literal);
    if (big >= INT64_MIN && big <= INT64_MAX) return makeInt(big);
  }
  return new GoFloat(Number(literal));
}

class Decoder {
  private pos = 0;
  private depth = 0;
  /** First error that does not stop decoding (Go's saveError), e.g. a number out of range. */
  savedError: string | undefined;

  constructor(
    private readonly bytes: Buffer,
    private readonly numbers: NumberTyping,
  ) {}

  /** Go's scanner pushParseState: one more open object or array, refused past the limit. */
  private enter(): void {
    if (++this.depth > MAX_NESTING_DEPTH) this.fail('exceeded max depth');
  }

  /**
   * Go's scanner signals end of input by feeding one space: states that cannot take a space
   * (inside a literal, number or escape) then report it as the invalid character.
   */
  private fail(context: string): never {
    if (this.pos >= this.bytes.length) {
      if (!SPACE_REJECTING_CONTEXT.test(context)) throw new JsonError('unexpected end of JSON input');
      throw new JsonError(`invalid character ' ' ${context}`);
    }
    throw new JsonError(`invalid character ${quoteChar(this.bytes[this.pos])} ${context}`.trimEnd());
  }

  private skipSpace(): void {
    while (this.pos < this.bytes.length) {
      const c = this.bytes[this.pos];
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  private peek(): number {
    return this.pos < this.bytes.length ? this.bytes[this.pos] : -1;
  }

  decodeTop(): GoValue {
    const v = this.value();
    this.skipSpace();
    if (this.pos < this.bytes.length) this.fail('after top-level value');
    return v;
  }

  /**
   * One value, containers included. Iterative (an explicit stack of open containers) so that
   * nesting up to Go's limit does not exhaust the JavaScript stack.
   */
  private value(): GoValue {
    const open: ({ list: GoList } | { map: GoMap; key: string })[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.peek();
      let v: GoValue;
      if (c === 0x7b || c === 0x5b) {
        this.enter();
        this.pos++;
        this.skipSpace();
        const close = c === 0x7b ? 0x7d : 0x5d;
        if (this.peek() === close) {
          this.pos++;
          this.depth--;
          v = c === 0x7b ? {} : [];
        } else {
          open.push(c === 0x7b ? { map: {}, key: this.objectKey() } : { list: [] });
          continue;
        }
      } else {
        v = this.scalar(c);
      }
      // Attach v to the innermost open container, closing containers as their ends arrive.
      for (;;) {
        const top = open[open.length - 1];
        if (top === undefined) return v;
        if ('list' in top) top.list.push(v);
        else if (top.key === '__proto__') Object.defineProperty(top.map, top.key, { value: v, enumerable: true, writable: true, configurable: true });
        else top.map[top.key] = v;
        this.skipSpace();
        const d = this.peek();
        this.pos++;
        if (d === 0x2c) {
          if ('map' in top) top.key = this.objectKey();
          break;
        }
        if (d === ('list' in top ? 0x5d : 0x7d)) {
          this.depth--;
          open.pop();
          v = 'list' in top ? top.list : top.map;
          continue;
        }
        this.pos--;
        this.fail('list' in top ? 'after array element' : 'after object key:value pair');
      }
    }
  }

  /** `"key":` of an object member. */
  private objectKey(): string {
    this.skipSpace();
    if (this.peek() !== 0x22) this.fail('looking for beginning of object key string');
    const key = this.string();
    this.skipSpace();
    if (this.peek() !== 0x3a) this.fail('after object key');
    this.pos++;
    return key;
  }

  private scalar(c: number): GoValue {
    switch (c) {
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e:
        return this.literal('null', null);
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    return this.fail('looking for beginning of value');
  }

  private isHex(c: number): boolean {
    return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
  }

  private string(): string {
    this.pos++;
    const start = this.pos;
    let hasEscapes = false;
    for (;;) {
      const c = this.peek();
      if (c === -1) this.fail('');
      if (c === 0x22) break;
      if (c < 0x20) this.fail('in string literal');
      if (c === 0x5c) {
        hasEscapes = true;
        this.pos++;
        const e = this.peek();
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            this.pos++;
            if (!this.isHex(this.peek())) this.fail('in \\u hexadecimal character escape');
          }
        } else if (!'bfnrt\\/"'.includes(String.fromCharCode(e)) || e === -1) {
          this.fail('in string escape code');
        }
      }
      this.pos++;
    }
    const raw = this.bytes.subarray(start, this.pos).toString('utf8');
    this.pos++;
    return hasEscapes ? unescapeJsonString(raw) : raw;
  }

  private digits(): number {
    let n = 0;
    while (this.peek() >= 0x30 && this.peek() <= 0x39) {
      this.pos++;
      n++;
    }
    return n;
  }

  private number(): GoValue {
    const start = this.pos;
    if (this.peek() === 0x2d) {
      this.pos++;
      const c = this.peek();
      if (!(c >= 0x30 && c <= 0x39)) this.fail('in numeric literal');
    }
    if (this.peek() === 0x30) this.pos++;
    else this.digits();
    if (this.peek() === 0x2e) {
      this.pos++;
      if (this.digits() === 0) this.fail('after decimal point in numeric literal');
    }
    if (this.peek() === 0x65 || this.peek() === 0x45) {
      this.pos++;
      if (this.peek() === 0x2b || this.peek() === 0x2d) this.pos++;
      if (this.digits() === 0) this.fail('in exponent of numeric literal');
    }
    const text = this.bytes.subarray(start, this.pos).toString('latin1');
    if (this.numbers === 'spelling') return goNumberFromJsonLiteral(text);
    const value = Number(text);
    if (!Number.isFinite(value)) {
      this.savedError ??= `json: cannot unmarshal number ${text} into Go value of type float64`;
      return null;
    }
    return new GoFloat(value);
  }

  private literal(word: string, value: GoValue): GoValue {
    for (let k = 0; k < word.length; k++) {
      if (this.peek() !== word.charCodeAt(k)) this.fail(`in literal ${word} (expecting '${word[k]}')`);
      this.pos++;
    }
    return value;
  }
}

function unescapeJsonString(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = raw[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        const unit = parseInt(raw.slice(i + 1, i + 5), 16);
        i += 4;
        if (unit >= 0xd800 && unit < 0xdc00 && raw[i + 1] === '\\' && raw[i + 2] === 'u') {
          const low = parseInt(raw.slice(i + 3, i + 7), 16);
          if (low >= 0xdc00 && low <= 0xdfff) {
            out += String.fromCharCode(unit, low);
            i += 6;
            break;
          }
        }
        out += unit >= 0xd800 && unit <= 0xdfff ? '\ufffd' : String.fromCharCode(unit);
        break;
      }
      default:
        out += e;
    }
  }
  return out;
}

export interface UnmarshalResult {
  value: GoValue;
  /** Go's error text when Unmarshal reports one (the value may still be partly decoded). */
  error?: string;
}

/** json.Unmarshal into interface{}, returning the (possibly partial) value and any error. */
export function unmarshalJsonLenient(text: string): UnmarshalResult {
  const decoder = new Decoder(Buffer.from(text, 'utf8'), 'float64');
  try {
    const value = decoder.decodeTop();
    return decoder.savedError === undefined ? { value } : { value, error: decoder.savedError };
  } catch (e) {
    if (e instanceof JsonError) return { value: null, error: e.message };
    throw e;
  }
}

/** json.Unmarshal into interface{}; throws JsonError with Go's message on invalid input. */
export function unmarshalJson(text: string): GoValue {
  const result = unmarshalJsonLenient(text);
  if (result.error !== undefined) throw new JsonError(result.error);
  return result.value;
}

/**
 * JSON text as Go values with numbers typed by spelling (`3` an int, `3.0` a float64), as Go code
 * sees the same text read as YAML: loop items, registered output, cases' data. Objects become
 * maps, arrays lists, null nil; throws JsonError with encoding/json's syntax messages.
 */
export function parseJsonLossless(text: string): GoValue {
  return new Decoder(Buffer.from(text, 'utf8'), 'spelling').decodeTop();
}
