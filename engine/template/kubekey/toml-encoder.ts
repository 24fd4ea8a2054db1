/**
 * TOML encoding as BurntSushi/toml's Encoder (v1.2) writes Go values: plain keys first, then
 * tables, each group sorted; nested tables indented by two spaces per level; arrays of maps as
 * `[[array.of.tables]]`; nil map values skipped. Values the encoder rejects (top-level non-map,
 * nil inside an array, non-string map keys) raise TomlEncodeError.
 */

import { formatFloat } from '../../go/strconv';
import { sortStrings } from '../../go/strings';
import { floatValue, GO_TYPE, GoInt, GoNamedInt, isGoObject, isGoMethod, type GoMap, type GoValue } from '../../core/values';
import { isGoTime, UTC_ZONE, type GoTime } from '../../core/go-time';
import { formatTime } from '../../go/time';
import { TOML_LOCAL_ZONES } from './toml-decode';

/** BurntSushi's time.Time element: RFC 3339 with nanoseconds, local forms for TOML's local zones. */
function tomlTime(t: GoTime): string {
  switch (t.zone) {
    case TOML_LOCAL_ZONES.datetime:
      return formatTime(t.in(UTC_ZONE), '2006-01-02T15:04:05.999999999');
    case TOML_LOCAL_ZONES.date:
      return formatTime(t.in(UTC_ZONE), '2006-01-02');
    case TOML_LOCAL_ZONES.time:
      return formatTime(t.in(UTC_ZONE), '15:04:05.999999999');
    default:
      return t.toRfc3339();
  }
}

export class TomlEncodeError extends Error {}

const INDENT = '  ';

function isNil(v: GoValue): boolean {
  return v === null || v === undefined;
}

function isTableValue(v: GoValue): boolean {
  return tomlKind(v) === 'table' || tomlKind(v) === 'tableArray';
}

type TomlKind = 'scalar' | 'array' | 'table' | 'tableArray' | 'nil';

function isMapValue(v: GoValue): v is GoMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoInt) && floatValue(v) === undefined && !isGoObject(v) && !isGoMethod(v);
}

function tomlKind(v: GoValue): TomlKind {
  if (isNil(v)) return 'nil';
  if (Array.isArray(v)) {
    if (v.length === 0) return 'array';
    let allTables = true;
    for (const e of v) {
      const k = tomlKind(e);
      if (k === 'nil') throw new TomlEncodeError('toml: cannot encode array with nil element');
      if (k !== 'table') allTables = false;
    }
    return allTables ? 'tableArray' : 'array';
  }
  if (isGoMethod(v)) throw new TomlEncodeError('unsupported type: func');
  if (isMapValue(v)) return 'table';
  return 'scalar';
}

function bareKeyOk(k: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(k);
}

const QUOTE_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

function quoted(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (QUOTE_ESCAPES[c] !== undefined) out += QUOTE_ESCAPES[c];
    else if (code < 0x20 || code === 0x7f) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += c;
  }
  return out + '"';
}

function keyPart(k: string): string {
  if (k === '') return '""';
  return bareKeyOk(k) ? k : quoted(k);
}

function checkStringKeys(m: GoMap): void {
  const t = m[GO_TYPE];
  if (t !== undefined && !t.startsWith('map[string]')) throw new TomlEncodeError('toml: cannot encode a map with non-string key type');
}

function floatText(f: number): string {
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f < 0 ? '-inf' : '+inf';
  const s = formatFloat(f, 'f', -1);
  return s.includes('.') ? s : s + '.0';
}

export class TomlEncoder {
  private out = '';

  encodeDocument(v: GoValue): string {
    this.encode([], v);
    return this.out;
  }

  private write(s: string): void {
    this.out += s;
  }

  private newline(): void {
    if (this.out.length > 0) this.write('\n');
  }

  private indentFor(key: string[]): string {
    return INDENT.repeat(Math.max(key.length - 1, 0));
  }

  private encode(key: string[], v: GoValue): void {
    const kind = tomlKind(v);
    switch (kind) {
      case 'nil':
        return;
      case 'scalar':
      case 'array':
        this.writeKeyValue(key, v, false);
        return;
      case 'tableArray':
        this.arrayOfTables(key, v as GoValue[]);
        return;
      case 'table':
        this.table(key, v as GoMap);
        return;
    }
  }

  private writeKeyValue(key: string[], v: GoValue, inline: boolean): void {
    if (key.length === 0) throw new TomlEncodeError('toml: top-level values must be Go maps or structs');
    this.write(`${this.indentFor(key)}${keyPart(key[key.length - 1])} = `);
    this.element(v);
    if (!inline) this.newline();
  }

  private arrayOfTables(key: string[], tables: GoValue[]): void {
    if (key.length === 0) throw new TomlEncodeError('toml: top-level values must be Go maps or structs');
    for (const t of tables) {
      this.newline();
      this.write(`${this.indentFor(key)}[[${key.map(keyPart).join('.')}]]`);
      this.newline();
      this.map(key, t as GoMap, false);
    }
  }

  private table(key: string[], m: GoMap): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.write(`${this.indentFor(key)}[${key.map(keyPart).join('.')}]`);
      this.newline();
    }
    this.map(key, m, false);
  }

  private map(key: string[], m: GoMap, inline: boolean): void {
    checkStringKeys(m);
    const direct: string[] = [];
    const sub: string[] = [];
    for (const k of Object.keys(m)) (isTableValue(m[k]) ? sub : direct).push(k);
    const writeKeys = (keys: string[], trailingComma: boolean): void => {
      sortStrings(keys);
      keys.forEach((k, i) => {
        const value = m[k];
        if (isNil(value)) return;
        if (inline) {
          this.writeKeyValue([k], value, true);
          if (trailingComma || i !== keys.length - 1) this.write(', ');
        } else {
          this.encode([...key, k], value);
        }
      });
    };
    if (inline) this.write('{');
    writeKeys(direct, sub.length > 0);
    writeKeys(sub, false);
    if (inline) this.write('}');
  }

  private element(v: GoValue): void {
    if (isNil(v)) throw new TomlEncodeError('toml: cannot encode nil');
    switch (typeof v) {
      case 'string':
        this.write(quoted(v));
        return;
      case 'boolean':
        this.write(v ? 'true' : 'false');
        return;
      case 'number':
        this.write(Number.isInteger(v) ? String(v) : floatText(v));
        return;
    }
    const f = floatValue(v);
    if (f !== undefined) {
      this.write(floatText(f));
      return;
    }
    // BurntSushi/toml quotes a time.Duration's String(); other named integers (time.Month) are numbers.
    if (v instanceof GoInt || (v instanceof GoNamedInt && v.goType !== 'time.Duration')) {
      this.write(v.value.toString());
      return;
    }
    if (isGoTime(v)) {
      this.write(tomlTime(v));
      return;
    }
    if (isGoObject(v)) {
      // TextMarshalers (semver.Version) are written as quoted strings.
      this.write(quoted(v.goString()));
      return;
    }
    if (Array.isArray(v)) {
      this.write('[');
      v.forEach((e, i) => {
        this.element(e);
        if (i !== v.length - 1) this.write(', ');
      });
      this.write(']');
      return;
    }
    if (isMapValue(v)) {
      this.map([], v, true);
      return;
    }
    throw new TomlEncodeError('toml: unexpected type');
  }
}
