/**
 * A seeded generator of template programs and JSON data for differential testing against the Go
 * oracle (tests/conformance/fuzz/fuzz.ts runs it). Programs mix the core language (text, trim
 * markers, if/else if, range over lists and maps with break/continue/else, with, variables,
 * define/template, comments) with typed expressions over Sprig and KubeKey functions, and print
 * values through `{{ }}`, `toJson`, `printf "%v %T"` and `%#v` so that types show, not only text.
 *
 * Only deterministic functions are used: no clocks, randomness, environment, DNS or file system,
 * and map keys are never listed in iteration order (`keys`/`values` are always sorted).
 * The same seed always yields the same cases.
 */

export interface FuzzCase {
  id: string;
  template: string;
  data: unknown;
  funcs?: 'sprig';
  missingkey?: 'zero' | 'error';
}

/** mulberry32: a small, fast, seedable PRNG. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const KEYS = ['a', 'b', 'name', 'port', 'items', 'cfg', 'on', 'ratio', 'tags', 'x_y', 'Empty', 'nested'];
const WORDS = ['', 'a', 'abc', 'Hello World', 'kube-proxy', '1.28.4', 'v1.2.3-rc.1', ' pad ', 'x,y,z', 'ÄÖü', 'snake_case', 'CamelCase', '0', '42', '-7', '3.5', 'true', 'a.b.c', '<b>&"\'', 'line1\nline2', 'tab\there', '%d', '{{x}}',
  'straße', 'ǅemal', 'İi', 'ﬁx', 'Σίσυφος', '日本語', '😀x', 'a\u0000b', 'yes', 'null', '1e3', '0x1F', '010', '+5', ' 12 ', 'ALL CAPS', 'mixedCase_and-dash', '10.0.0.1', '10.0.0.0/30', 'https://example.com/a b?x=1&y=2', 'x\udcffy', '\ud800'];
/** Go string literals holding bytes that are not UTF-8 on their own (or joined: `"\xc3\xa9"` is é). */
const RAW_BYTE_LITERALS = ['"\\xff"', '"a\\xfeb"', '"\\xc3"', '"\\xa9"', '"\\377\\200"', '"\\xc3\\xa9"', '"\\xe6\\x97"', '"\\xed\\xa0\\x80"', '`\\xff`'];
const FMT = ['%v', '%d', '%s', '%q', '%T', '%#v', '%x', '%5v', '%-4s|', '%.2f', '%t', '%03d', '%+v', '%v %v', '%X', '%e', '%g', '%08.3f', '%+q', '%#x', '%c', '%U', '%6.2v', '%-8q|', '%o', '%b', '%10.4s|', '%!', '%[2]v %[1]v', '%*d', '%.0f', '%5.1e'];

/** Random JSON data: a map at the top, nested maps and lists, every JSON scalar kind. */
function genData(r: Rng, depth: number): unknown {
  const scalar = (): unknown => {
    switch (r.int(0, 7)) {
      case 0:
        return r.int(-5, 100);
      case 1:
        return r.pick([0.5, 1.5, -2.25, 1e21, 3.0, 0.1]);
      case 2:
        return r.chance(0.5);
      case 3:
        return null;
      default:
        return r.pick(WORDS);
    }
  };
  if (depth <= 0) return scalar();
  switch (r.int(0, 5)) {
    case 0:
    case 1: {
      const m: Record<string, unknown> = {};
      for (let i = r.int(0, 4); i > 0; i--) m[r.pick(KEYS)] = genData(r, depth - 1);
      return m;
    }
    case 2:
      return Array.from({ length: r.int(0, 4) }, () => genData(r, depth - 1));
    default:
      return scalar();
  }
}

/** Field paths that exist (or deliberately do not) in the data. */
function fieldPaths(data: unknown, prefix = ''): { path: string; value: unknown }[] {
  const out: { path: string; value: unknown }[] = [];
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    for (const [k, v] of Object.entries(data)) {
      const p = `${prefix}.${k}`;
      out.push({ path: p, value: v });
      out.push(...fieldPaths(v, p));
    }
  }
  return out;
}

type Kind = 'str' | 'int' | 'float' | 'bool' | 'list' | 'map' | 'any';

class ProgramBuilder {
  private readonly paths: { path: string; value: unknown }[];
  private vars: string[] = [];

  constructor(
    private readonly r: Rng,
    data: unknown,
  ) {
    this.paths = fieldPaths(data);
  }

  private field(pred: (v: unknown) => boolean): string | undefined {
    const matching = this.paths.filter((p) => pred(p.value));
    return matching.length > 0 ? this.r.pick(matching).path : undefined;
  }

  private lit(s: string): string {
    return JSON.stringify(s);
  }

  expr(kind: Kind, depth: number): string {
    const r = this.r;
    if (depth <= 0 || r.chance(0.3)) return this.leaf(kind);
    const d = depth - 1;
    const s = (): string => this.expr('str', d);
    const i = (): string => this.expr('int', d);
    const small = (): string => String(r.int(-1, 4));
    const l = (): string => this.expr('list', d);
    const m = (): string => this.expr('map', d);
    const a = (): string => this.expr('any', d);
    const b = (): string => this.expr('bool', d);
    const k = (): string => this.lit(r.pick(KEYS));
    const forms: Record<Kind, (() => string)[]> = {
      str: [
        () => `upper ${s()}`, () => `lower ${s()}`, () => `trim ${s()}`, () => `title ${s()}`, () => `untitle ${s()}`,
        () => `repeat ${small()} ${s()}`, () => `substr ${small()} ${small()} ${s()}`, () => `trunc ${small()} ${s()}`,
        () => `replace ${this.lit(r.pick(['a', '.', ',', '']))} "_" ${s()}`, () => `quote ${a()}`, () => `squote ${a()}`,
        () => `b64enc ${s()}`, () => `b64dec (b64enc ${s()})`, () => `sha256sum ${s()}`, () => `sha1sum ${s()}`, () => `adler32sum ${s()}`,
        () => `printf ${this.lit(r.pick(FMT))} ${a()}`, () => `printf "%v-%v" ${a()} ${a()}`, () => `toString ${a()}`, () => `join ${this.lit(r.pick([',', '', ' - ']))} ${l()}`,
        () => `toJson ${a()}`, () => `toPrettyJson ${a()}`, () => `toYaml ${a()}`, () => `default ${this.lit(r.pick(WORDS))} ${a()}`,
        () => `cat ${a()} ${a()}`, () => `indent ${small()} ${s()}`, () => `nindent ${small()} ${s()}`, () => `camelcase ${s()}`,
        () => `snakecase ${s()}`, () => `kebabcase ${s()}`, () => `abbrev ${r.int(3, 8)} ${s()}`, () => `initials ${s()}`, () => `wrap ${r.int(1, 6)} ${s()}`,
        () => `plural "one" "many" ${i()}`, () => `ternary ${s()} ${s()} ${b()}`, () => `trimPrefix "a" ${s()}`, () => `trimSuffix "c" ${s()}`,
        () => `trimAll "a" ${s()}`, () => `nospace ${s()}`, () => `swapcase ${s()}`, () => `shuffle ""`, () => `html ${a()}`, () => `js ${a()}`, () => `urlquery ${a()}`,
        () => `print ${a()} ${a()}`, () => `println ${a()}`, () => `coalesce ${a()} ${a()} "c"`, () => `toString (semver ${this.lit(r.pick(['1.2.3', 'v2.0.0-rc.1+b', '3']))})`,
        () => `(semver "1.28.4").IncMinor.String`, () => `base ${s()}`, () => `dir ${s()}`, () => `ext ${s()}`, () => `clean ${s()}`,
        () => `typeOf ${a()}`, () => `kindOf ${a()}`, () => `toDecimal ${a()}`, () => `htmlDate ${r.int(0, 2000000000)}`,
        () => `date ${this.lit(r.pick(['2006-01-02', 'Jan 2 15:04', 'Monday', '2006-01-02T15:04:05Z07:00']))} (toDate "2006-01-02" ${this.lit(r.pick(['2024-02-29', '1999-12-31', '2023-07-04']))})`,
        () => `dateInZone "2006-01-02 15:04 MST" ${r.int(0, 2000000000)} "UTC"`, () => `durationRound ${this.lit(r.pick(['1h2m3s', '25h', '3m25.5s', '90s', '0s']))}`,
        () => `regexReplaceAllLiteral "[0-9]+" ${s()} "N"`, () => `regexFind "[a-z]+" ${s()}`, () => `quote ${s()} | upper`, () => `toYaml ${m()}`,
        () => `include "sub" ${a()}`, () => `${this.time()}.AddDate ${small()} ${small()} ${r.int(-40, 40)} | toString`, () => `(${this.time()}.Sub ${this.time()}).String`,
        () => `${this.time()}.Add ${r.pick(['3600000000000', '-1', '86399999999999', '0'])} | date "2006-01-02 15:04:05.000"`, () => `${this.time()}.Weekday.String`,
        () => `printf "%d %v %s" ${this.time()}.Month ${this.time()}.Weekday ${this.time()}.Month`, () => `${this.time()}.Round ${r.pick(['3600000000000', '86400000000000', '1000', '-1'])} | toJson`,
        () => `(${this.time()}.Sub ${this.time()}).Truncate 60000000000 | toString`, () => `${this.time()} | printf "%#v"`, () => `(semver ${this.lit(r.pick(['1.2.3', 'v2.0.0-rc.1+b', '3']))}).IncPatch | printf "%v %#v"`,
        () => `printf "%v" ((semver "1.2.3").LessThan (semver ${this.lit(r.pick(['1.2.4', 'v1.2.3', '0.9']))}))`, () => `(semver ${this.lit(r.pick(['1.2.3', 'v2.0.0-rc.1+b']))} | deepCopy).String`, () => `printf ${this.lit(r.pick(FMT))} ${a()} ${a()}`, () => `substr ${small()} ${r.int(-1, 8)} ${s()} | b64enc`,
        () => `trunc ${r.int(-3, 5)} ${s()} | len | toString`, () => `title ${s()}`, () => `upper ${s()} | len | toString`, () => `wrapWith ${r.int(1, 5)} "|" ${s()}`,
        () => `replace "a" "b" ${s()}`, () => `toToml ${m()}`, () => `toYaml (list ${a()} ${s()})`, () => `regexReplaceAll "(a+)(b?)" ${s()} "<$1$2>"`, () => `urlquery ${s()}`,
        () => `js ${s()}`, () => `html ${s()}`, () => `quote ${this.expr('float', d)}`, () => `toString ${this.expr('float', d)}`, () => `toJson ${this.expr('float', d)}`,
        () => `ipFamily ${this.lit(r.pick(['10.0.0.1', '::1', 'fd00::/8', '10.0.0.0/8']))}`, () => `join "," (ipInCIDR ${this.lit(r.pick(['10.0.0.0/30', '10.0.0.1-10.0.0.3', '10.0.0.5/32']))})`,
        () => `index ${s()} ${r.int(0, 3)} | toString`, () => `slice ${s()} ${r.int(0, 2)} ${r.int(2, 4)}`, () => `semver ${s()} | toString`, () => `sha256sum ${s()} | trunc 10`,
        // Strings that are not UTF-8 (docs/templates.md#byte-strings): cut characters, byte escapes, binary base64.
        () => `substr ${small()} ${small()} ${s()}`, () => `trunc ${r.int(-3, 3)} ${s()}`, () => r.pick(RAW_BYTE_LITERALS), () => `b64dec ${this.lit(r.pick(['/w==', 'gICA', 'w6k=', '/+7d', 'AP8=']))}`,
        () => `print ${s()} ${s()}`, () => `printf "%q|%x|%s" ${s()} ${s()} ${s()}`, () => `cat ${s()} ${s()}`, () => `slice ${s()} ${r.int(0, 1)} ${r.int(1, 3)}`,
        () => `toString (mul ${this.lit(r.pick(['9223372036854775807', '4611686018427387904', '3037000500']))} | int64) ${r.int(2, 3)})`, () => `printf "%v" (add 9007199254740993 ${small()})`, () => `tpl "{{ . }}" ${a()}`, () => `sha256sum (toJson ${a()})`, () => `fromYaml ${this.lit(r.pick(['a: 1', 'x: [1, 2]', '- a', 'b: {c: d}']))} | toJson`,
      ],
      int: [
        () => `len ${r.pick([s, l, m])()}`, () => `add ${i()} ${i()}`, () => `sub ${i()} ${i()}`, () => `mul ${i()} ${small()}`, () => `div ${i()} ${r.int(1, 5)}`,
        () => `mod ${i()} ${r.int(1, 5)}`, () => `max ${i()} ${i()} ${i()}`, () => `min ${i()} ${i()}`, () => `int ${a()}`, () => `int64 ${a()}`, () => `atoi ${s()}`,
        () => `add1 ${i()}`, () => `len (list ${a()} ${a()})`, () => `(semver "1.28.4").Minor`, () => `(toDate "2006-01-02" "2024-02-29").YearDay`, () => `index (list 1 2 3) ${r.int(0, 3)}`,
      ],
      float: [() => `divf ${this.lit('1')} 3`, () => `mulf 0.1 3`, () => `float64 ${this.lit(r.pick(['1e400', '-0', '1e-7', '123456789012345678901', 'NaN', '0x10']))}`, () => `subf 0.3 0.1`,() => `float64 ${a()}`, () => `addf ${i()} 0.5`, () => `divf ${i()} ${r.int(1, 4)}`, () => `round ${this.expr('float', d)} ${r.int(0, 2)}`, () => `ceil ${this.expr('float', d)}`, () => `floor ${a()}`, () => `maxf ${i()} 2.5`],
      bool: [
        () => `eq ${a()} ${a()}`, () => `ne ${s()} ${s()}`, () => `lt ${i()} ${i()}`, () => `le ${i()} ${i()}`, () => `gt ${s()} ${s()}`, () => `and ${a()} ${a()}`, () => `or ${a()} ${a()}`,
        () => `not ${a()}`, () => `empty ${a()}`, () => `hasKey ${m()} ${k()}`, () => `has ${a()} ${l()}`, () => `contains ${s()} ${s()}`, () => `hasPrefix "a" ${s()}`,
        () => `hasSuffix "c" ${s()}`, () => `semverCompare ${this.lit(r.pick(['>=1.2', '~1.28.0', '^1.0.0', '<2', '!=1.28.4']))} ${this.lit(r.pick(['1.28.4', 'v1.2.9', '2.0.0-rc.1', '0.1']))}`,
        () => `kindIs "map" ${a()}`, () => `typeIs "string" ${a()}`, () => `deepEqual ${a()} ${a()}`, () => `regexMatch "^[a-z]+$" ${s()}`, () => `all ${a()} ${a()}`, () => `any ${a()} ${a()}`,
        () => `isAbs ${s()}`,
      ],
      list: [
        () => `list ${a()} ${a()}`, () => `list`, () => `splitList ${this.lit(r.pick([',', '.', '']))} ${s()}`, () => `rest ${l()}`, () => `initial ${l()}`, () => `append ${l()} ${a()}`,
        () => `prepend ${l()} ${a()}`, () => `concat ${l()} ${l()}`, () => `reverse ${l()}`, () => `uniq ${l()}`, () => `compact ${l()}`, () => `without ${l()} ${a()}`,
        () => `sortAlpha ${l()}`, () => `until ${r.int(0, 4)}`, () => `untilStep ${r.int(0, 3)} ${r.int(3, 9)} ${r.int(1, 3)}`, () => `seq ${r.int(1, 5)}`, () => `chunk ${r.int(1, 3)} ${l()}`,
        () => `slice ${l()} ${r.int(0, 2)}`, () => `keys ${m()} | sortAlpha`, () => `values ${m()} | sortAlpha`, () => `pluck ${k()} ${m()} ${m()}`, () => `regexFindAll "[a-z]+" ${s()} -1`,
        () => `toStrings ${l()}`, () => `tuple ${a()}`, () => `regexSplit "," ${s()} -1`,
        () => `mustRest ${l()}`, () => `first ${l()} | list`, () => `subtractList ${l()} ${l()}`, () => `splitn "," 2 ${s()} | values | sortAlpha`,
      ],
      map: [
        () => `dict ${k()} ${a()} ${k()} ${a()}`, () => `dict`, () => `merge (dict ${k()} ${a()}) ${m()}`, () => `mergeOverwrite (dict ${k()} ${a()}) ${m()}`, () => `pick ${m()} ${k()}`,
        () => `omit ${m()} ${k()}`, () => `set (dict) ${k()} ${a()}`, () => `unset (deepCopy ${m()}) ${k()}`, () => `deepCopy ${m()}`, () => `fromJson ${this.lit(r.pick(['{"a":1}', '{}', '{"b":[1,2.5,"x"]}', 'null']))}`,
        () => `fromYaml ${this.lit(r.pick(['a: 1', 'b: [x, 2]', '{}', 'c: {d: null}']))}`, () => `split "," ${s()}`, () => `urlParse "https://u:p@h:1/p?q=1#f"`,
      ],
      any: [() => this.expr(r.pick(['str', 'int', 'float', 'bool', 'list', 'map'] as Kind[]), d), () => `first ${l()}`, () => `last ${l()}`, () => `get ${m()} ${k()}`, () => `index ${m()} ${k()}`, () => `dig ${k()} ${k()} "dflt" ${m()}`],
    };
    const form = r.pick(forms[kind])();
    return `(${form})`;
  }

  private leaf(kind: Kind): string {
    const r = this.r;
    if (this.vars.length > 0 && r.chance(0.15)) return r.pick(this.vars);
    const isMap = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
    let f: string | undefined;
    switch (kind) {
      case 'str':
        f = this.field((v) => typeof v === 'string');
        return f !== undefined && r.chance(0.6) ? f : this.lit(r.pick(WORDS));
      case 'int':
        f = this.field((v) => typeof v === 'number' && Number.isInteger(v));
        return f !== undefined && r.chance(0.5) ? f : String(r.int(-3, 12));
      case 'float':
        return r.pick(['1.5', '-0.25', '2.0', '1e3']);
      case 'bool':
        return r.pick(['true', 'false']);
      case 'list':
        f = this.field(Array.isArray);
        return f !== undefined && r.chance(0.7) ? f : r.pick(['(list 1 "a" 2.5)', '(list)', '(list nil "x")']);
      case 'map':
        f = this.field(isMap);
        return f !== undefined && r.chance(0.7) ? f : r.pick(['(dict "a" 1)', '(dict)', '.']);
      case 'any':
        f = this.field(() => true);
        if (f !== undefined && r.chance(0.6)) return f;
        return r.pick(['nil', '.missing', '.', '$', '1', '"s"', '2.5', 'true', '.missing.deeper']);
    }
  }

  /** A time.Time expression (fixed instants; no clock). */
  private time(): string {
    const r = this.r;
    return r.pick([
      '(toDate "2006-01-02" "2024-02-29")',
      '(toDate "2006-01-02T15:04:05Z07:00" "2023-12-31T23:59:59+05:30")',
      '(toDate "2006-01-02 15:04:05.000" "1999-01-01 00:00:00.250")',
      '("t: 2023-01-02T03:04:05Z" | fromYaml).t',
    ]);
  }

  /** A printing action: the value shown as text, JSON, or with its Go type. */
  private output(depth: number): string {
    const r = this.r;
    const e = this.expr(r.pick(['str', 'int', 'float', 'bool', 'list', 'map', 'any'] as Kind[]), depth);
    const trimL = r.chance(0.15) ? '- ' : ' ';
    const trimR = r.chance(0.15) ? ' -' : ' ';
    switch (r.int(0, 5)) {
      case 0:
        return `{{${trimL}${e} | toJson${trimR}}}`;
      case 1:
        return `{{${trimL}printf "%v %T" ${e} ${e}${trimR}}}`;
      case 2:
        return `{{${trimL}${e} | printf "%#v"${trimR}}}`;
      default:
        return `{{${trimL}${e}${trimR}}}`;
    }
  }

  block(depth: number, inRange = false): string {
    const r = this.r;
    const parts: string[] = [];
    // Variables declared in this block go out of scope at its end (as in Go).
    const scope = this.vars.length;
    for (let n = r.int(1, 3); n > 0; n--) {
      const choice = depth <= 0 ? r.int(0, 2) : r.int(0, 11);
      switch (choice) {
        case 0:
          parts.push(r.pick(['', ' ', '\n', 'x=', ' | ', '\n  - ']));
          break;
        case 1:
        case 2:
          parts.push(this.output(2));
          break;
        case 3:
          parts.push(`{{ if ${this.expr('any', 2)} }}${this.block(depth - 1, inRange)}{{ else if ${this.expr('bool', 1)} }}E{{ else }}${this.block(depth - 1, inRange)}{{ end }}`);
          break;
        case 4: {
          const v = `$v${depth}`;
          const src = r.pick([() => this.expr('list', 2), () => this.expr('map', 2), () => this.expr('int', 1), () => this.expr('any', 1)])();
          this.vars.push(v);
          const body = this.block(depth - 1, true);
          this.vars.pop();
          parts.push(`{{ range $i, ${v} := ${src} }}[{{ $i }}]${body}{{ else }}none{{ end }}`);
          break;
        }
        case 5:
          parts.push(`{{ with ${this.expr('any', 2)} }}{{ . }}${this.block(depth - 1, inRange)}{{ else }}w{{ end }}`);
          break;
        case 6: {
          const v = `$x${this.vars.length}`;
          parts.push(`{{ ${v} := ${this.expr('any', 2)} }}`);
          this.vars.push(v);
          parts.push(this.output(1));
          if (r.chance(0.4)) parts.push(`{{ ${v} = ${this.expr('any', 1)} }}{{ ${v} }}`);
          break;
        }
        case 7:
          if (inRange) parts.push(`{{ if ${this.expr('bool', 1)} }}{{ ${r.pick(['break', 'continue'])} }}{{ end }}`);
          break;
        case 8:
          parts.push(`{{/* c */}}{{ template "sub" ${this.expr('any', 1)} }}`);
          break;
        default:
          parts.push(this.output(3));
      }
    }
    this.vars.length = scope;
    return parts.join('');
  }
}

/** `count` cases from `seed`; ids are `fuzz/<seed>/<n>`. */
export function generateCases(seed: number, count: number): FuzzCase[] {
  const r = new Rng(seed);
  const cases: FuzzCase[] = [];
  for (let n = 0; n < count; n++) {
    const data = genData(r, 3);
    const top = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : { v: data };
    const b = new ProgramBuilder(r, top);
    const sub = r.pick(['{{ . }}', '{{ printf "%T" . }}', '{{ toJson . }}', '<{{ . | len }}>']);
    const template = `{{ define "sub" }}${sub}{{ end }}${b.block(2)}`;
    const c: FuzzCase = { id: `fuzz/${seed}/${n}`, template, data: top };
    if (r.chance(0.1)) c.funcs = 'sprig';
    if (r.chance(0.1)) c.missingkey = r.pick(['zero', 'error'] as const);
    // Plain Sprig has no include/tpl/fromJsonArray/subtractList…: keep those programs on the KubeKey map.
    if (c.funcs === 'sprig' && /\b(include|tpl|subtractList|fromJsonArray|fromYaml|toYaml)\b/.test(template)) delete c.funcs;
    cases.push(c);
  }
  return cases;
}
