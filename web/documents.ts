/**
 * Inventories and configs as the page sees them: listed, read with their secrets masked, and
 * written only when the CLI's own loader (same schemas, same positioned messages) accepts them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatDiagnostic, parseConfig, parseInventory, type Diagnostic } from '../engine';
import { maskSecrets, unmaskSecrets } from './secrets';
import { isDocumentName, writeFileAtomic, type DocumentKind, type Workspace } from './workspace';

export interface DocumentSummary {
  readonly name: string;
  readonly size: number;
  readonly modified: string;
}

/** A diagnostic as the API returns it: positions relative to the work dir, and the CLI's line. */
export interface ApiDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly code?: string;
  /** `file:line:col: message (KP-…)`, as the CLI prints it. */
  readonly text: string;
}

export type PutOutcome =
  | { readonly ok: true; readonly content: string; readonly diagnostics: readonly ApiDiagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly ApiDiagnostic[] };

export function toApiDiagnostic(d: Diagnostic, root: string): ApiDiagnostic {
  const file = d.pos.file.startsWith(root) ? relative(root, d.pos.file) : d.pos.file;
  return {
    file,
    line: d.pos.line,
    col: d.pos.col,
    severity: d.severity,
    message: d.message,
    ...(d.code !== undefined ? { code: d.code } : {}),
    text: formatDiagnostic({ ...d, pos: { ...d.pos, file } }),
  };
}

/** A check a host application adds to configs meant for it (the cluster project's known keys). */
export type TextCheck = (text: string, file: string) => Diagnostic[];

/** YAML text as data for the page's forms; undefined when it does not parse to a mapping. */
export function parseValues(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = parseYaml(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export class DocumentStore {
  constructor(
    private readonly workspace: Workspace,
    private readonly clusterCheck?: TextCheck,
  ) {}

  list(kind: DocumentKind): DocumentSummary[] {
    const dir = this.workspace.documentDir(kind);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') && isDocumentName(f.slice(0, -5)))
      .map((f) => {
        const st = statSync(this.workspace.documentFile(kind, f.slice(0, -5)));
        return { name: f.slice(0, -5), size: st.size, modified: st.mtime.toISOString() };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The stored text, or undefined when there is none. */
  private readRaw(kind: DocumentKind, name: string): string | undefined {
    const file = this.workspace.documentFile(kind, name);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  /** The text with secrets masked, or undefined. */
  get(kind: DocumentKind, name: string): string | undefined {
    const raw = this.readRaw(kind, name);
    return raw === undefined ? undefined : maskSecrets(raw);
  }

  exists(kind: DocumentKind, name: string): boolean {
    return existsSync(this.workspace.documentFile(kind, name));
  }

  path(kind: DocumentKind, name: string): string {
    return this.workspace.documentFile(kind, name);
  }

  /**
   * The stored document as data (secrets masked) for the page's forms; undefined when it is not
   * stored or not a YAML mapping.
   */
  values(kind: DocumentKind, name: string): Record<string, unknown> | undefined {
    const masked = this.get(kind, name);
    return masked === undefined ? undefined : parseValues(masked);
  }

  /**
   * What the CLI would say about the text, stored as `name`: the loader's diagnostics, and for a
   * config meant for the cluster commands (`cluster`) the check `kplay create cluster -c` runs.
   */
  check(kind: DocumentKind, name: string, content: string, cluster = false): ApiDiagnostic[] {
    const file = this.workspace.documentFile(kind, name);
    // Positions refer to the text as the user sent it, masked secrets included.
    const loaded = kind === 'inventories' ? parseInventory(content, file) : parseConfig(content, file);
    const found = [...loaded.diagnostics];
    if (kind === 'configs' && cluster && this.clusterCheck !== undefined && !found.some((d) => d.severity === 'error')) found.push(...this.clusterCheck(content, file));
    return found.map((d) => toApiDiagnostic(d, this.workspace.root));
  }

  /** Validates like the CLI does, then writes atomically; invalid text is never stored. */
  put(kind: DocumentKind, name: string, content: string, cluster = false): PutOutcome {
    const file = this.workspace.documentFile(kind, name);
    const root = this.workspace.root;
    const diagnostics = this.check(kind, name, content, cluster);
    if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
    const unmasked = unmaskSecrets(content, this.readRaw(kind, name));
    if (unmasked.missing.length > 0) {
      return {
        ok: false,
        diagnostics: unmasked.missing.map((path) => ({
          file: relative(root, file),
          line: 1,
          col: 1,
          severity: 'error' as const,
          message: `${path}: the masked secret has no stored value to keep; type the value`,
          text: `${relative(root, file)}:1:1: ${path}: the masked secret has no stored value to keep; type the value`,
        })),
      };
    }
    writeFileAtomic(file, unmasked.text);
    return { ok: true, content: maskSecrets(unmasked.text), diagnostics };
  }
}
