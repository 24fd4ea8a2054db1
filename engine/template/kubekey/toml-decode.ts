/**
 * A TOML 1.0 reader producing the Go values BurntSushi/toml decodes into `interface{}`:
 * integers → int64, floats → float64, date-times → time.Time (local forms in Go's
 * `date-local`/`datetime-local`/`time-local` zones), arrays → []interface{}, arrays of tables →
 * []map[string]interface{}, tables → map[string]interface{}.
 */

import { GoFloat, GoInt, withGoType, type GoList, type GoMap, type GoValue } from '../../core/values';
import { daysFromCivil, fixedZone, GoTime } from '../../core/go-time';
import { localZone, parseTime } from '../../go/time';

export class TomlSyntaxError extends Error {}

/**
 * BurntSushi's zones for TOML's local date-times, dates and times (offset 0). The encoder knows
 * them by identity and writes such values back in their local form.
 */
export const TOML_LOCAL_ZONES = {
  datetime: fixedZone('datetime-local', 0),
  date: fixedZone('date-local', 0),
  time: fixedZone('time-local', 0),
} as const;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Tables created by `[header]` or implicitly, and which were already defined explicitly. */
interface TableState {
  explicit: Set<GoMap>;
  inlineOrValue: Set<GoMap>;
}

export class TomlReader {
  private pos = 0;
  private line = 1;
  private readonly state: TableState = { explicit: new Set(), inlineOrValue: new Set() };
  /** Lists made by `[[...]]`: only those may be extended by another `[[...]]`. */
  private readonly tableArrays = new WeakSet<GoList>();

  constructor(private readonly src: string) {}

  parse(): GoMap {
    const root: GoMap = {};
    let current = root;
    for (;;) {
      this.skipWhitespaceCommentsAndNewlines();
      if (this.pos >= this.src.length) return root;
      if (this.src.startsWith('[[', this.pos)) {
        this.pos += 2;
        const key = this.key();
        this.expect(']]');
        current = this.appendTable(root, key);
      } else if (this.src[this.pos] === '[') {
        this.pos++;
        const key = this.key();
        this.expect(']');
        current = this.defineTable(root, key);
      } else {
        this.keyValue(current);
      }
      this.endOfLine();
    }
  }

  private fail(message: string): never {
    throw new TomlSyntaxError(`toml: line ${this.line}: ${message}`);
  }

  private peek(): string {
    return this.src[this.pos] ?? '';
  }

  private expect(s: string): void {
    this.skipSpaces();
    if (!this.src.startsWith(s, this.pos)) this.fail(`expected ${JSON.stringify(s)}`);
    this.pos += s.length;
  }

  private skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  private skipComment(): void {
    if (this.peek() === '#') while (this.pos < this.src.length && this.peek() !== '\n') this.pos++;
  }

  private skipWhitespaceCommentsAndNewlines(): void {
    for (;;) {
      this.skipSpaces();
      this.skipComment();
      if (this.peek() === '\n') {
        this.pos++;
        this.line++;
      } else if (this.src.startsWith('\r\n', this.pos)) {
        this.pos += 2;
        this.line++;
      } else return;
    }
  }

  private endOfLine(): void {
    this.skipSpaces();
    this.skipComment();
    if (this.pos >= this.src.length) return;
    if (this.peek() === '\n' || this.src.startsWith('\r\n', this.pos)) return;
    this.fail(`expected a newline, found ${JSON.stringify(this.peek())}`);
  }

  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === '"') parts.push(this.basicString());
      else if (c === "'") parts.push(this.literalString());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(this.src.slice(this.pos));
        if (!m) this.fail('expected a key');
        parts.push(m[0]);
        this.pos += m[0].length;
      }
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.pos++;
    }
  }

  private keyValue(table: GoMap): void {
    const key = this.key();
    this.expect('=');
    this.skipSpaces();
    const value = this.value();
    let target = table;
    for (const part of key.slice(0, -1)) target = this.descend(target, part, true);
    const last = key[key.length - 1];
    if (Object.prototype.hasOwnProperty.call(target, last)) this.fail(`key ${JSON.stringify(last)} has already been defined`);
    target[last] = value;
  }

  private descend(table: GoMap, part: string, forValue: boolean): GoMap {
    const existing = table[part];
    if (existing === undefined) {
      const created: GoMap = {};
      table[part] = created;
      if (forValue) this.state.inlineOrValue.add(created);
      return created;
    }
    if (Array.isArray(existing)) {
      const lastTable = existing[existing.length - 1];
      if (forValue || !this.tableArrays.has(existing) || typeof lastTable !== 'object' || lastTable === null) {
        this.fail(`key ${JSON.stringify(part)} is not a table`);
      }
      return lastTable as GoMap;
    }
    if (typeof existing !== 'object' || existing === null || existing instanceof GoInt || existing instanceof GoFloat || existing instanceof GoTime) {
      this.fail(`key ${JSON.stringify(part)} is not a table`);
    }
    return existing as GoMap;
  }

  private defineTable(root: GoMap, key: string[]): GoMap {
    let t = root;
    for (const part of key) t = this.descend(t, part, false);
    if (this.state.explicit.has(t) || this.state.inlineOrValue.has(t)) this.fail(`table ${key.join('.')} already exists`);
    this.state.explicit.add(t);
    return t;
  }

  private appendTable(root: GoMap, key: string[]): GoMap {
    let t = root;
    for (const part of key.slice(0, -1)) t = this.descend(t, part, false);
    const last = key[key.length - 1];
    const created: GoMap = {};
    const existing = t[last];
    if (existing === undefined) {
      const list: GoList = withGoType([created], '[]map[string]interface {}');
      this.tableArrays.add(list);
      t[last] = list;
    } else if (Array.isArray(existing) && this.tableArrays.has(existing)) {
      existing.push(created);
    } else {
      this.fail(`key ${JSON.stringify(last)} is not an array of tables`);
    }
    return created;
  }

  private value(): GoValue {
    const rest = this.src.slice(this.pos);
    const c = this.peek();
    if (c === '"') return rest.startsWith('"""') ? this.multilineBasicString() : this.basicString();
    if (c === "'") return rest.startsWith("'''") ? this.multilineLiteralString() : this.literalString();
    if (c === '[') return this.array();
    if (c === '{') return this.inlineTable();
    if (rest.startsWith('true') && !/^true[A-Za-z0-9_]/.test(rest)) {
      this.pos += 4;
      return true;
    }
    if (rest.startsWith('false') && !/^false[A-Za-z0-9_]/.test(rest)) {
      this.pos += 5;
      return false;
    }
    const dt = /^(\d{4}-\d{2}-\d{2})?([Tt ]?)(\d{2}:\d{2}:\d{2}(?:\.\d+)?)?(Z|z|[+-]\d{2}:\d{2})?/.exec(rest);
    if (dt && (dt[1] !== undefined || dt[3] !== undefined) && dt[0].length >= 8) return this.dateTime(dt);
    const m = /^[-+0-9a-zA-Z_.]+/.exec(rest);
    if (!m) this.fail(rest.length === 0 ? 'unexpected EOF; expected value' : `expected value but found ${JSON.stringify(c)}`);
    this.pos += m[0].length;
    return this.number(m[0]);
  }

  private dateTime(m: RegExpExecArray): GoValue {
    const [text, date, sep, time, zone] = m;
    let consumed = text.length;
    let year = 0;
    let month = 1;
    let day = 1;
    if (date !== undefined) [year, month, day] = date.split('-').map(Number);
    if (date !== undefined && time === undefined) consumed = date.length;
    if (date !== undefined && time !== undefined && sep === '') this.fail('invalid datetime');
    const [hh, mm, ssFrac] = (time ?? '00:00:00').split(':');
    const [ss, frac] = ssFrac.split('.');
    this.pos += consumed;
    const wallSec = daysFromCivil(year, month, day) * 86400 + Number(hh) * 3600 + Number(mm) * 60 + Number(ss);
    const nanos = frac ? Number(frac.slice(0, 9).padEnd(9, '0')) : 0;
    if (time !== undefined && date !== undefined && zone !== undefined) {
      // BurntSushi parses offset date-times with time.ParseInLocation(RFC3339Nano, …, time.Local).
      const rfc3339 = `${date}T${time}${zone.toUpperCase()}`;
      return parseTime('2006-01-02T15:04:05.999999999Z07:00', rfc3339, localZone());
    }
    const tomlZone = date === undefined ? TOML_LOCAL_ZONES.time : time === undefined ? TOML_LOCAL_ZONES.date : TOML_LOCAL_ZONES.datetime;
    return new GoTime(wallSec, nanos, tomlZone);
  }

  private number(text: string): GoValue {
    switch (text) {
      case 'inf':
      case '+inf':
        return new GoFloat(Infinity);
      case '-inf':
        return new GoFloat(-Infinity);
      case 'nan':
      case '+nan':
      case '-nan':
        return new GoFloat(NaN);
    }
    const underscoresOk = /^[+-]?(0[xob])?[0-9a-fA-F]+(_[0-9a-fA-F]+)*([.eE].*)?$/;
    if (text.includes('_') && !underscoresOk.test(text.replace(/[eE][+-]?/, 'e').replace(/\.(?=\d)/, '.'))) this.fail(`invalid number: ${JSON.stringify(text)}`);
    const plain = text.replace(/_/g, '');
    let int: bigint | undefined;
    if (/^0x[0-9a-fA-F]+$/.test(plain) || /^0o[0-7]+$/.test(plain) || /^0b[01]+$/.test(plain)) int = BigInt(plain);
    else if (/^[+-]?(0|[1-9][0-9]*)$/.test(plain)) int = BigInt(plain);
    if (int !== undefined) {
      if (int < INT64_MIN || int > INT64_MAX) this.fail(`integer ${JSON.stringify(text)} is out of range`);
      return new GoInt('int64', int);
    }
    if (/^[+-]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(plain) && /[.eE]/.test(plain)) {
      const f = Number(plain);
      // strconv.ParseFloat's range error.
      if (!Number.isFinite(f)) this.fail(`${text} is out of range for float64`);
      return new GoFloat(f);
    }
    return this.fail(`invalid value: ${JSON.stringify(text)}`);
  }

  private basicString(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '' || c === '\n') this.fail('unexpected end of string');
      this.pos++;
      if (c === '"') return out;
      if (c === '\\') out += this.escape();
      else out += c;
    }
  }

  private escape(): string {
    const c = this.peek();
    this.pos++;
    const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
    if (simple[c] !== undefined) return simple[c];
    if (c === 'u' || c === 'U') {
      const len = c === 'u' ? 4 : 8;
      const hex = this.src.slice(this.pos, this.pos + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail('invalid escape');
      this.pos += len;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail('invalid escape');
      return String.fromCodePoint(cp);
    }
    return this.fail(`invalid escape: '\\${c}'`);
  }

  private multilineBasicString(): string {
    this.pos += 3;
    if (this.peek() === '\n') this.pos++;
    else if (this.src.startsWith('\r\n', this.pos)) this.pos += 2;
    let out = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail('unexpected EOF in string');
      if (this.src.startsWith('"""', this.pos)) {
        let quotes = 3;
        while (this.src[this.pos + quotes] === '"' && quotes < 5) quotes++;
        out += '"'.repeat(quotes - 3);
        this.pos += quotes;
        return out;
      }
      const c = this.peek();
      if (c === '\\') {
        const after = /^\\[ \t]*\r?\n[ \t\r\n]*/.exec(this.src.slice(this.pos));
        if (after) {
          this.line += (after[0].match(/\n/g) ?? []).length;
          this.pos += after[0].length;
          continue;
        }
        this.pos++;
        out += this.escape();
        continue;
      }
      if (c === '\n') this.line++;
      out += c;
      this.pos++;
    }
  }

  private literalString(): string {
    const end = this.src.indexOf("'", this.pos + 1);
    const nl = this.src.indexOf('\n', this.pos + 1);
    if (end < 0 || (nl >= 0 && nl < end)) this.fail('unexpected end of string');
    const s = this.src.slice(this.pos + 1, end);
    this.pos = end + 1;
    return s;
  }

  private multilineLiteralString(): string {
    this.pos += 3;
    if (this.peek() === '\n') this.pos++;
    else if (this.src.startsWith('\r\n', this.pos)) this.pos += 2;
    const end = this.src.indexOf("'''", this.pos);
    if (end < 0) this.fail('unexpected EOF in string');
    let close = end + 3;
    while (this.src[close] === "'" && close - end < 5) close++;
    const s = this.src.slice(this.pos, close - 3);
    this.line += (s.match(/\n/g) ?? []).length;
    this.pos = close;
    return s;
  }

  private array(): GoValue {
    this.pos++;
    const items: GoList = [];
    for (;;) {
      this.skipWhitespaceCommentsAndNewlines();
      if (this.peek() === ']') {
        this.pos++;
        return items;
      }
      items.push(this.value());
      this.skipWhitespaceCommentsAndNewlines();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ']') this.fail('expected a comma or array terminator');
    }
  }

  private inlineTable(): GoValue {
    this.pos++;
    const table: GoMap = {};
    this.state.inlineOrValue.add(table);
    this.skipSpaces();
    if (this.peek() === '}') {
      this.pos++;
      return table;
    }
    for (;;) {
      this.skipSpaces();
      this.keyValue(table);
      this.skipSpaces();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      if (this.peek() === '}') {
        this.pos++;
        return table;
      }
      this.fail('expected a comma or an inline table terminator');
    }
  }
}

export function decodeToml(text: string): GoMap {
  return new TomlReader(text).parse();
}
