/** KubeKey's `toYaml` / `fromYaml`: gopkg.in/yaml.v3 encoding (4-space indent) and decoding. */

import { fn, FunctionError, type FunctionMap } from '../function-types';
import { GoComplex } from '../../go/complex';
import { formatFloat } from '../../go/strconv';
import { floatValue, GoInt, GoNamedInt, goStringBytes, hasRawBytes, isGoObject, isGoMethod, type GoMap, type GoValue } from '../../core/values';
import { isGoTime } from '../../core/go-time';
import { decodeYamlDocument } from './yaml-decode';
import { requestedStringStyle, YamlEmitter, type YamlNode } from './yaml-emitter';

/** Raised for values yaml.v3 cannot marshal (functions); toYaml then returns "". */
class UnmarshalableValue extends Error {}

function scalarNode(text: string): YamlNode {
  return { kind: 'scalar', text, style: 'plain' };
}

function stringNode(s: string): YamlNode {
  if (hasRawBytes(s)) return binaryNode(s);
  return { kind: 'scalar', text: s, style: requestedStringStyle(s) };
}

/** yaml.v3 writes a string that is not UTF-8 (docs/templates.md#byte-strings) as `!!binary`, base64 in lines of 70. */
function binaryNode(s: string): YamlNode {
  const b64 = goStringBytes(s).toString('base64');
  if (b64.length < 70) return { kind: 'scalar', text: b64, style: 'plain', tag: '!!binary' };
  const lines = b64.match(/.{1,70}/g) ?? [];
  return { kind: 'scalar', text: lines.map((l) => l + '\n').join(''), style: 'literal', tag: '!!binary' };
}

function floatText(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  return formatFloat(f, 'g', -1);
}

const NON_ASCII = /[^\u0000-\u007f]/;

/** yaml.v3's map key order for string keys: numbers inside keys compare numerically. */
export function yamlKeyLess(a: string, b: string): boolean {
  // Indexing an ASCII string yields the same characters as its code-point array, unallocated.
  const ascii = !NON_ASCII.test(a) && !NON_ASCII.test(b);
  return runesLess(ascii ? a : Array.from(a), ascii ? b : Array.from(b));
}

/** yamlKeyLess on the keys' code points (a string stands for its own when it is ASCII). */
function runesLess(ar: ArrayLike<string>, br: ArrayLike<string>): boolean {
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return cp(ar[i]) < cp(br[i]);
    if (al || bl) return digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10n + BigInt(digitValue(ar[ai]));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10n + BigInt(digitValue(br[bi]));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return cp(ar[i]) < cp(br[i]);
  }
  return ar.length < br.length;
}

function cp(c: string): number {
  return c.codePointAt(0) ?? 0;
}
function isDigit(c: string): boolean {
  if (c < '\u0080') return c >= '0' && c <= '9';
  return /^\p{Nd}$/u.test(c);
}
function isLetter(c: string): boolean {
  if (c < '\u0080') return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return /^\p{L}$/u.test(c);
}
/** Go computes `rune - '0'` even for non-ASCII digits. */
function digitValue(c: string): number {
  return cp(c) - 48;
}

function sortedYamlKeys(m: GoMap): string[] {
  const keys = Object.keys(m);
  // Usually every key is ASCII: checked once per key instead of twice per comparison.
  if (keys.every((k) => !NON_ASCII.test(k))) {
    return keys.sort((x, y) => (runesLess(x, y) ? -1 : runesLess(y, x) ? 1 : 0));
  }
  return keys.sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

function toNode(v: GoValue): YamlNode {
  if (v === undefined || v === null) return scalarNode('null');
  switch (typeof v) {
    case 'string':
      return stringNode(v);
    case 'boolean':
      return scalarNode(v ? 'true' : 'false');
    case 'number':
      return scalarNode(Number.isInteger(v) ? String(v) : floatText(v));
  }
  const f = floatValue(v);
  if (f !== undefined) return scalarNode(floatText(f));
  if (v instanceof GoInt) return scalarNode(v.value.toString());
  // yaml.v3 writes a time.Duration as its String(); other named integers (time.Month) as numbers.
  if (v instanceof GoNamedInt && v.goType !== 'time.Duration') return scalarNode(v.value.toString());
  if (Array.isArray(v)) return { kind: 'sequence', items: v.map(toNode) };
  if (isGoTime(v)) return scalarNode(v.toRfc3339());
  if (v instanceof GoComplex) throw new FunctionError('cannot marshal type: complex128');
  // semver.Version and friends implement encoding.TextMarshaler, which yaml.v3 writes as a string.
  if (isGoObject(v)) return stringNode(v.goString());
  if (isGoMethod(v)) throw new UnmarshalableValue('cannot marshal type: func');
  const m = v as GoMap;
  return { kind: 'mapping', entries: sortedYamlKeys(m).map((k): [YamlNode, YamlNode] => [stringNode(k), toNode(m[k])]) };
}

/** The text KubeKey's toYaml returns: yaml.v3 with 4-space indentation, trimmed; "" on failure. */
export function toYaml(v: GoValue): string {
  try {
    return new YamlEmitter().render(toNode(v)).trim();
  } catch (e) {
    if (e instanceof UnmarshalableValue) return '';
    throw e;
  }
}

export function fromYaml(text: string): GoValue {
  // yaml.v3 reads UTF-8 only (its reader's message; docs/templates.md#byte-strings).
  if (hasRawBytes(text)) throw new FunctionError('yaml: invalid leading UTF-8 octet');
  try {
    return decodeYamlDocument(text);
  } catch (e) {
    throw new FunctionError(e instanceof Error ? e.message : String(e));
  }
}

export const yamlFunctions: FunctionMap = {
  toYaml: fn(['any'], (v) => toYaml(v)),
  fromYaml: fn(['string'], (s) => fromYaml(s as string)),
};
