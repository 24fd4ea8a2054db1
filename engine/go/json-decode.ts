/**
 * A JSON reader that keeps the number typing Go code sees after loading YAML: an integer literal
 * that fits int64 is an `int` (a JS number, or GoInt('int') beyond 2^53), every other number
 * (`1.0`, `1e3`, `-0.0`, integers outside int64) is a float64 (GoFloat). `JSON.parse` cannot be
 * used because it forgets whether `1.0` had a fraction and rounds integers above 2^53.
 * Objects become maps, arrays lists, null nil. Throws SyntaxError on malformed input.
 */

import { GoFloat, makeInt, type GoList, type GoMap, type GoValue } from '../core/values';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const MAX_DEPTH = 10000;

/** The Go value of a JSON number literal, typed by its spelling. */
export function goNumberFromJsonLiteral(literal: string): GoValue {
  if (!/[.eE]/.test(literal)) {
    const big = BigInt(literal);
    if (big >= INT64_MIN && big <= INT64_MAX) return makeInt(big);
  }
  return new GoFloat(Number(literal));
}

class Reader {
  private pos = 0;

  constructor(private readonly text: string) {}

  readDocument(): GoValue {
    this.skipSpace();
    const v = this.value(0);
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('unexpected data after the JSON value');
    return v;
  }

  private fail(message: string): never {
    throw new SyntaxError(`invalid JSON at offset ${this.pos}: ${message}`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  private value(depth: number): GoValue {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  private literal(word: string, value: GoValue): GoValue {
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected ${word}`);
    this.pos += word.length;
    return value;
  }

  private number(): GoValue {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail('expected a value');
    this.pos += m[0].length;
    return goNumberFromJsonLiteral(m[0]);
  }

  private string(): string {
    // Let JSON.parse handle escapes once the extent of the string literal is known.
    const start = this.pos;
    this.pos++;
    for (;;) {
      if (this.pos >= this.text.length) this.fail('unterminated string');
      const c = this.text[this.pos];
      if (c === '"') break;
      if (c === '\\') this.pos++;
      else if (c < ' ') this.fail('control character in string');
      this.pos++;
    }
    this.pos++;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private array(depth: number): GoList {
    this.pos++;
    const out: GoList = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']'");
    }
  }

  private object(depth: number): GoMap {
    this.pos++;
    const out: GoMap = {};
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos++] !== ':') this.fail("expected ':'");
      this.skipSpace();
      // defineProperty so that a "__proto__" key is data, not the prototype.
      Object.defineProperty(out, key, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') this.fail("expected ',' or '}'");
    }
  }
}

/** Parses JSON text into Go values with Go's int/float64 typing by spelling. */
export function parseJsonLossless(text: string): GoValue {
  return new Reader(text).readDocument();
}
