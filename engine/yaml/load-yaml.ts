/**
 * YAML loading with Go typing and source positions.
 *
 * The `yaml` package parses with its failsafe schema (every scalar stays text) and this module
 * types the scalars itself, because neither of its schemas matches Go: yaml.v3 reads `0755` as
 * octal and `yes` as a string, yaml.v2 reads both the YAML 1.1 way. Positions of every node are
 * kept alongside the value so later stages (schema checks, template parse errors, run-time
 * failures) can point at `file:line:col`.
 */

import {
  Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Node as YamlAstNode,
  Scalar,
  type YAMLError,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { Diagnostic, SourcePos } from '../core/source';
import { GoFloat, GoInt, type GoList, type GoMap, type GoValue } from '../core/values';
import { GoTime } from '../core/go-time';
import { parseYamlTimestamp } from './timestamp';
import { resolvePlainScalar, type YamlSchema } from './scalar-resolve';

export type { YamlSchema } from './scalar-resolve';

export type ScalarStyle = 'plain' | 'single-quoted' | 'double-quoted' | 'literal' | 'folded';

/** Where a node came from; `children` follows the value's shape (map keys / list indexes). */
export interface YamlNodeInfo {
  readonly pos: SourcePos;
  /** Position of the mapping key, for nodes that are mapping values. */
  readonly keyPos?: SourcePos;
  /** Set for scalars. */
  readonly style?: ScalarStyle;
  /** The scalar exactly as written (with quotes/indicators), for mapping template offsets. */
  readonly raw?: string;
  readonly children: ReadonlyMap<string | number, YamlNodeInfo>;
}

export type YamlPath = readonly (string | number)[];

export interface YamlDocument {
  readonly value: GoValue;
  /** Position of the node at `path`, or of its deepest existing ancestor. */
  locate(path: YamlPath): SourcePos;
  /** Position of the key naming the last path element (falls back to `locate`). */
  locateKey(path: YamlPath): SourcePos;
  nodeAt(path: YamlPath): YamlNodeInfo | undefined;
}

export interface LoadedYaml extends YamlDocument {
  /** Every document of a multi-document stream; the top-level fields describe the first. */
  readonly documents: readonly YamlDocument[];
  readonly diagnostics: Diagnostic[];
}

export interface LoadYamlOptions {
  readonly schema: YamlSchema;
}

const GO_TAG_PREFIX = 'tag:yaml.org,2002:';

/** Larger YAML files are refused before parsing: no project, inventory or config is this big. */
export const MAX_YAML_BYTES = 32 * 1024 * 1024;

/** Thrown inside the converter to stop expanding a document that aliases too much. */
class ExcessiveAliasing extends Error {
  constructor(readonly offset: number) {
    super('excessive aliasing');
  }
}

export function loadYaml(source: string, file: string, opts: LoadYamlOptions): LoadedYaml {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const posAt = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  if (source.length > MAX_YAML_BYTES) {
    const pos: SourcePos = { file, line: 1, col: 1 };
    diagnostics.push({ pos, message: `yaml: file is larger than the ${MAX_YAML_BYTES / 1024 / 1024} MiB limit`, severity: 'error' });
    const empty = makeDocument(null, { pos, children: new Map() });
    return { ...bindDocument(empty), documents: [empty], diagnostics };
  }
  // Editors on Windows save a byte-order mark; it is invisible, so columns count without it.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const parsed = parseAllDocuments(text, {
    schema: 'failsafe',
    lineCounter,
    uniqueKeys: false,
    merge: false,
    strict: true,
    prettyErrors: false,
  });
  const docs: Document.Parsed[] = [...parsed];
  if ('empty' in parsed) {
    // A stream with no document (empty file, comments only) still reports its errors.
    for (const e of parsed.errors) diagnostics.push(fromYamlError(e, file, posAt));
  }
  const documents: YamlDocument[] = [];
  for (const doc of docs) {
    // Later syntax errors of a document are mostly knock-on effects of the first one.
    if (doc.errors.length > 0) diagnostics.push(fromYamlError(doc.errors[0], file, posAt));
    const converter = new NodeConverter(doc, opts.schema, text, posAt, diagnostics);
    try {
      const { value, info } = converter.convertRoot();
      documents.push(makeDocument(value, info));
    } catch (e) {
      if (!(e instanceof ExcessiveAliasing)) throw e;
      diagnostics.push({
        pos: posAt(e.offset),
        message: 'yaml: document contains excessive aliasing (an alias expands to too many nodes)',
        severity: 'error',
      });
      documents.push(makeDocument(null, { pos: posAt(e.offset), children: new Map() }));
    }
  }
  sortDiagnostics(diagnostics);
  const first = documents[0] ?? makeDocument(null, { pos: { file, line: 1, col: 1 }, children: new Map() });
  return { ...bindDocument(first), documents, diagnostics };
}

function bindDocument(d: YamlDocument): YamlDocument {
  return { value: d.value, locate: d.locate.bind(d), locateKey: d.locateKey.bind(d), nodeAt: d.nodeAt.bind(d) };
}

function makeDocument(value: GoValue, root: YamlNodeInfo): YamlDocument {
  const walk = (path: YamlPath): { deepest: YamlNodeInfo; exact?: YamlNodeInfo } => {
    let node = root;
    for (const seg of path) {
      const next = node.children.get(seg) ?? (typeof seg === 'number' ? node.children.get(String(seg)) : undefined);
      if (!next) return { deepest: node };
      node = next;
    }
    return { deepest: node, exact: node };
  };
  return {
    value,
    locate: (path) => walk(path).deepest.pos,
    locateKey: (path) => {
      const { deepest, exact } = walk(path);
      return (exact?.keyPos ?? deepest.pos);
    },
    nodeAt: (path) => walk(path).exact,
  };
}

/** The failsafe schema types nothing: a scalar's source (or value) is its text. */
function scalarText(node: Scalar): string {
  const text = node.source ?? node.value;
  return typeof text === 'string' ? text : '';
}

/** yaml.v3's allowed share of alias-expanded nodes: 99 % for small documents, 10 % for huge ones. */
function allowedAliasRatio(decodeCount: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

export function sortDiagnostics(diagnostics: Diagnostic[]): void {
  diagnostics.sort(
    (a, b) =>
      (a.pos.file < b.pos.file ? -1 : a.pos.file > b.pos.file ? 1 : 0) ||
      a.pos.line - b.pos.line ||
      a.pos.col - b.pos.col,
  );
}

function fromYamlError(e: YAMLError, file: string, posAt: (offset: number) => SourcePos): Diagnostic {
  const linePos = e.linePos?.[0];
  const pos = linePos ? { file, line: linePos.line, col: linePos.col } : posAt(e.pos[0]);
  // The library appends " at line N, column M:" and a code frame; the diagnostic carries its own.
  const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return { pos, message: `yaml: ${message}`, severity: 'error', code: 'KP-LOAD-001' };
}

interface Converted {
  value: GoValue;
  info: YamlNodeInfo;
}

class NodeConverter {
  /** Anchored nodes being expanded, to stop alias cycles. */
  private readonly expanding = new Set<YamlAstNode>();
  /**
   * Nodes converted, and those converted inside an alias expansion: yaml.v3's guard against
   * "billion laughs" documents compares the two, so a small anchor reused a few times passes
   * while exponential expansion stops within milliseconds.
   */
  private decodeCount = 0;
  private aliasCount = 0;
  private outermostAlias: number | undefined;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly schema: YamlSchema,
    private readonly text: string,
    private readonly posAt: (offset: number) => SourcePos,
    private readonly diagnostics: Diagnostic[],
  ) {}

  convertRoot(): Converted {
    const root = this.doc.contents;
    if (!root) {
      const offset = this.doc.range?.[0] ?? 0;
      return { value: null, info: { pos: this.posAt(offset), children: new Map() } };
    }
    return this.convert(root);
  }

  private error(offset: number, message: string): void {
    this.diagnostics.push({ pos: this.posAt(offset), message, severity: 'error', code: 'KP-LOAD-001' });
  }

  private convert(node: YamlAstNode): Converted {
    this.decodeCount++;
    if (this.expanding.size > 0) {
      this.aliasCount++;
      if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
        throw new ExcessiveAliasing(this.outermostAlias ?? 0);
      }
    }
    if (isAlias(node)) return this.convertAlias(node);
    if (isScalar(node)) return this.convertScalar(node);
    if (isMap(node)) return this.convertMap(node);
    if (isSeq(node)) return this.convertSeq(node);
    return { value: null, info: { pos: this.posAt(0), children: new Map() } };
  }

  private convertAlias(alias: Alias): Converted {
    const offset = alias.range?.[0] ?? 0;
    const target = alias.resolve(this.doc);
    if (!target) {
      this.error(offset, `yaml: unknown anchor '${alias.source}' referenced`);
      return { value: null, info: { pos: this.posAt(offset), children: new Map() } };
    }
    if (this.expanding.has(target)) {
      this.error(offset, `yaml: anchor '${alias.source}' value contains itself`);
      return { value: null, info: { pos: this.posAt(offset), children: new Map() } };
    }
    if (this.expanding.size === 0) this.outermostAlias = offset;
    this.expanding.add(target);
    try {
      return this.convert(target);
    } finally {
      this.expanding.delete(target);
    }
  }

  private convertScalar(node: Scalar): Converted {
    const offset = node.range?.[0] ?? 0;
    const end = node.range?.[1] ?? offset;
    const style = scalarStyle(node.type);
    const text = scalarText(node);
    const info: YamlNodeInfo = { pos: this.posAt(offset), style, raw: this.text.slice(offset, end), children: new Map() };
    return { value: this.typeScalar(node, text, style, offset), info };
  }

  private typeScalar(node: Scalar, text: string, style: ScalarStyle, offset: number): GoValue {
    const tag = node.tag;
    if (!tag || tag === '!') {
      return style === 'plain' && tag !== '!' ? resolvePlainScalar(text, this.schema) : text;
    }
    if (!tag.startsWith(GO_TAG_PREFIX)) return text; // local tags (`!foo`) keep the text
    const short = '!!' + tag.slice(GO_TAG_PREFIX.length);
    const resolved = resolvePlainScalar(text, this.schema);
    const resolvedTag = goTagOf(resolved);
    const mismatch = (): GoValue => {
      this.error(offset, `yaml: cannot decode ${resolvedTag} \`${text}\` as a ${short}`);
      return text;
    };
    switch (short) {
      case '!!str':
        return text;
      case '!!binary':
        return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('latin1');
      case '!!int':
        return resolvedTag === '!!int' ? resolved : mismatch();
      case '!!float':
        if (resolvedTag === '!!float') return resolved;
        if (resolvedTag === '!!int') return new GoFloat(toNumber(resolved));
        return mismatch();
      case '!!bool':
        return resolvedTag === '!!bool' ? resolved : mismatch();
      case '!!null':
        return resolvedTag === '!!null' ? null : mismatch();
      case '!!timestamp': {
        const t = parseYamlTimestamp(text);
        if (!t) return mismatch();
        return this.schema === 'project' ? t : text;
      }
      default:
        return text;
    }
  }

  private convertSeq(node: YAMLSeq): Converted {
    const offset = node.range?.[0] ?? 0;
    const value: GoList = [];
    const children = new Map<string | number, YamlNodeInfo>();
    node.items.forEach((item, index) => {
      if (item === null || item === undefined || isPair(item)) {
        value.push(null);
        return;
      }
      const child = this.convert(item as YamlAstNode);
      value.push(child.value);
      children.set(index, child.info);
    });
    return { value, info: { pos: this.posAt(offset), children } };
  }

  private convertMap(node: YAMLMap): Converted {
    const offset = node.range?.[0] ?? 0;
    const value: GoMap = {};
    const children = new Map<string | number, YamlNodeInfo>();
    const keyLines = new Map<string, number>();
    const merges: Converted[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlAstNode | null;
      const keyOffset = keyNode?.range?.[0] ?? offset;
      const keyPos = this.posAt(keyOffset);
      if (keyNode && isScalar(keyNode) && keyNode.type === Scalar.PLAIN && keyNode.source === '<<' && !keyNode.tag) {
        if (pair.value) merges.push(this.convert(pair.value as YamlAstNode));
        continue;
      }
      const key = this.keyText(keyNode, keyOffset);
      if (key === undefined) continue;
      const seenLine = keyLines.get(key);
      if (seenLine !== undefined) {
        this.error(keyOffset, `yaml: mapping key ${JSON.stringify(key)} already defined at line ${seenLine}`);
        continue;
      }
      keyLines.set(key, keyPos.line);
      const child = pair.value
        ? this.convert(pair.value as YamlAstNode)
        : { value: null, info: { pos: keyPos, children: new Map() } };
      value[key] = child.value;
      children.set(key, { ...child.info, keyPos });
    }
    this.applyMerges(merges, value, children, offset);
    return { value, info: { pos: this.posAt(offset), children } };
  }

  /** `<<` merge keys: merged mappings fill in keys the mapping does not set itself. */
  private applyMerges(merges: Converted[], value: GoMap, children: Map<string | number, YamlNodeInfo>, offset: number): void {
    const sources: Converted[] = [];
    for (const m of merges) {
      if (Array.isArray(m.value)) {
        m.value.forEach((v, i) => {
          const info = m.info.children.get(i);
          if (info) sources.push({ value: v, info });
        });
      } else {
        sources.push(m);
      }
    }
    for (const src of sources) {
      if (typeof src.value !== 'object' || src.value === null || Array.isArray(src.value) || src.value instanceof GoFloat) {
        this.error(offset, 'yaml: map merge requires map or sequence of maps as the value');
        continue;
      }
      for (const [k, v] of Object.entries(src.value as GoMap)) {
        if (Object.prototype.hasOwnProperty.call(value, k)) continue;
        value[k] = v;
        const info = src.info.children.get(k);
        if (info) children.set(k, info);
      }
    }
  }

  private keyText(keyNode: YamlAstNode | null, keyOffset: number): string | undefined {
    if (keyNode === null) return '';
    if (isScalar(keyNode)) return scalarText(keyNode);
    if (isAlias(keyNode)) {
      const target = keyNode.resolve(this.doc);
      if (target && isScalar(target)) return scalarText(target);
    }
    this.error(keyOffset, 'yaml: mapping keys must be scalars');
    return undefined;
  }
}

function scalarStyle(type: Scalar.Type | undefined): ScalarStyle {
  switch (type) {
    case 'QUOTE_SINGLE':
      return 'single-quoted';
    case 'QUOTE_DOUBLE':
      return 'double-quoted';
    case 'BLOCK_LITERAL':
      return 'literal';
    case 'BLOCK_FOLDED':
      return 'folded';
    default:
      return 'plain';
  }
}

function goTagOf(v: GoValue): string {
  if (v === null) return '!!null';
  if (typeof v === 'boolean') return '!!bool';
  if (typeof v === 'string') return '!!str';
  if (typeof v === 'number') return Number.isInteger(v) ? '!!int' : '!!float';
  if (v instanceof GoFloat) return '!!float';
  if (v instanceof GoInt) return '!!int';
  if (v instanceof GoTime) return '!!timestamp';
  return '!!str';
}

function toNumber(v: GoValue): number {
  if (typeof v === 'number') return v;
  if (v instanceof GoInt) return Number(v.value);
  return NaN;
}
