/**
 * Shared state of one project load: where problems are collected, which files were read, and
 * references to YAML nodes that know their source position.
 */

import type { ErrorCode } from '../core/errors';
import * as fs from 'fs';
import { loadYaml, type YamlDocument, type YamlPath } from '../yaml/load-yaml';
import type { GoValue } from '../core/values';
import type { Diagnostic, SourcePos } from '../core/source';
import type { TemplateService } from './template-bridge';
import type { ModuleSchemaChecker } from './schema-check';

export interface SourceFile {
  readonly file: string;
  readonly text: string;
  readonly doc: YamlDocument;
  /** True when the file holds no YAML document at all (empty, or comments only). */
  readonly empty: boolean;
}

/** A node of a loaded file: its value and the path that leads to it. */
export interface NodeRef {
  readonly src: SourceFile;
  readonly path: YamlPath;
  readonly value: GoValue;
}

export class LoadContext {
  readonly diagnostics: Diagnostic[] = [];
  private readonly files = new Map<string, SourceFile | null>();

  constructor(
    readonly root: string,
    readonly config: GoValue,
    readonly moduleNames: ReadonlySet<string>,
    readonly templates: TemplateService,
    readonly schemas: ModuleSchemaChecker,
  ) {}

  error(pos: SourcePos, message: string, code: ErrorCode = 'KP-LOAD-002'): void {
    this.diagnostics.push({ pos, message, severity: 'error', code });
  }

  warn(pos: SourcePos, message: string): void {
    this.diagnostics.push({ pos, message, severity: 'warning' });
  }

  /** Reads and parses a project file once; syntax problems are reported at most once. */
  readYaml(file: string): SourceFile | null {
    const known = this.files.get(file);
    if (known !== undefined) return known;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      this.error({ file, line: 1, col: 1 }, `cannot read file: ${(e as Error).message}`);
      this.files.set(file, null);
      return null;
    }
    const loaded = loadYaml(text, file, { schema: 'project' });
    this.diagnostics.push(...loaded.diagnostics);
    const src: SourceFile = { file, text, doc: loaded, empty: loaded.documents.length === 0 };
    this.files.set(file, src);
    return src;
  }
}

export function rootRef(src: SourceFile): NodeRef {
  return { src, path: [], value: src.doc.value };
}

export function childRef(ref: NodeRef, key: string | number): NodeRef {
  const v = ref.value;
  let value: GoValue;
  if (typeof key === 'number') value = Array.isArray(v) ? v[key] : undefined;
  else value = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, GoValue>)[key] : undefined;
  return { src: ref.src, path: [...ref.path, key], value };
}

export function posOf(ref: NodeRef): SourcePos {
  return ref.src.doc.locate(ref.path);
}

export function keyPosOf(ref: NodeRef): SourcePos {
  return ref.src.doc.locateKey(ref.path);
}

export function isPlainMap(v: GoValue): v is Record<string, GoValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/** Mapping keys in document order. */
export function keysOf(ref: NodeRef): string[] {
  return isPlainMap(ref.value) ? Object.keys(ref.value) : [];
}

/** Where a task list lives: `top` anchors relative look-ups, `sourceDir` anchors includes. */
export interface TaskScope {
  /** Role directory, or the playbook's directory for play-level lists. */
  readonly top: string;
  /** Directory of the file holding the list. */
  readonly sourceDir: string;
  readonly role?: string;
  /** Files being included, outermost first, to detect include cycles. */
  readonly includeChain: readonly string[];
}
