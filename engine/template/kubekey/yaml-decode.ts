/**
 * Decodes YAML text into Go values the way `yaml.Unmarshal(data, &interface{})` of yaml.v3 does:
 * only the first document, plain scalars typed by yaml.v3's resolver (int / float64 / bool / nil /
 * time.Time / string), quoted and block scalars as strings, `map[string]interface {}` when every
 * key is a string and `map[interface {}]interface {}` otherwise, `<<` merge keys applied.
 *
 * The `yaml` package parses (with the failsafe schema, so it types nothing itself); the typing is
 * done here.
 */

import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Document } from 'yaml';
import { formatValue } from '../../go/fmt';
import { withGoType, type GoMap, type GoValue } from '../../core/values';
import { resolvePlainScalar } from '../../yaml/scalar-resolve';

const GENERAL_MAP = 'map[interface {}]interface {}';

function scalarValue(node: Scalar): GoValue {
  // The failsafe schema types nothing: a scalar's value is its text.
  const text = typeof node.value === 'string' ? node.value : '';
  const tag = node.tag;
  if (tag === 'tag:yaml.org,2002:str' || tag === '!!str') return text;
  if (node.type === 'PLAIN' || tag !== undefined) return resolvePlainScalar(text, 'project');
  return text;
}

function isStringKey(node: unknown, doc: Document): boolean {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (!isScalar(target)) return false;
  return typeof scalarValue(target) === 'string';
}

function isMergeKey(node: unknown): boolean {
  return isScalar(node) && node.type === 'PLAIN' && node.value === '<<';
}

function keyText(v: GoValue): string {
  return typeof v === 'string' ? v : formatValue(v);
}

function convert(node: unknown, doc: Document, depth: number): GoValue {
  if (depth > 10000) throw new Error('yaml: exceeded max depth');
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return convert(node.resolve(doc), doc, depth + 1);
  if (isScalar(node)) return scalarValue(node);
  if (isSeq(node)) return node.items.map((item) => convert(item, doc, depth + 1));
  if (isMap(node)) {
    const stringKeys = node.items.every((pair) => isMergeKey(pair.key) || isStringKey(pair.key, doc));
    const out: GoMap = {};
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        mergeInto(out, convert(pair.value, doc, depth + 1));
        continue;
      }
      out[keyText(convert(pair.key, doc, depth + 1))] = convert(pair.value, doc, depth + 1);
    }
    return stringKeys ? out : withGoType(out, GENERAL_MAP);
  }
  throw new Error('yaml: unsupported node');
}

/** `<<: *base` / `<<: [*a, *b]`: keys not already present are copied (earlier sources win). */
function mergeInto(target: GoMap, source: GoValue): void {
  const sources = Array.isArray(source) ? source : [source];
  for (const s of sources) {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) {
      throw new Error('yaml: map merge requires map or sequence of maps as the value');
    }
    for (const [k, v] of Object.entries(s as GoMap)) {
      if (!(k in target)) target[k] = v;
    }
  }
}

/** The Go value of the first document of `text` (nil for an empty stream); throws on bad YAML. */
export function decodeYamlDocument(text: string): GoValue {
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs)) {
    // An empty stream parses to an EmptyStream marker.
    return null;
  }
  if (docs.length === 0) return null;
  const doc = docs[0];
  if (doc.errors.length > 0) throw new Error('yaml: ' + doc.errors[0].message);
  return convert(doc.contents, doc, 0);
}
