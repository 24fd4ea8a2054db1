/**
 * Where `kplay web` keeps what it serves: inventories and configs as the YAML files the CLI reads
 * (`<workdir>/inventories/<name>.yaml`, `<workdir>/configs/<name>.yaml`), the token under
 * `<workdir>/web/`, and the run journals every run writes (`<workdir>/runs/<id>/events.jsonl`).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type DocumentKind = 'inventories' | 'configs';

/** Names are single path segments: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Run ids are the journal folder names the engine makes (ISO time and a random suffix). */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export function isDocumentName(name: string): boolean {
  return NAME.test(name) && !name.includes('..');
}

export function isRunId(id: string): boolean {
  return RUN_ID.test(id);
}

export class Workspace {
  constructor(
    /** Absolute work dir. */
    readonly root: string,
    /** Absolute project dir playbook paths are relative to. */
    readonly project: string,
  ) {}

  documentDir(kind: DocumentKind): string {
    return join(this.root, kind);
  }

  documentFile(kind: DocumentKind, name: string): string {
    return join(this.root, kind, `${name}.yaml`);
  }

  runsDir(): string {
    return join(this.root, 'runs');
  }

  journalFile(id: string): string {
    return join(this.root, 'runs', id, 'events.jsonl');
  }

  tokenFile(): string {
    return join(this.root, 'web', 'token');
  }
}

/**
 * Writes through a temporary file in the same folder and renames it over the target, so a reader
 * (or a crash) sees the old file or the new one, never half of one.
 */
export function writeFileAtomic(file: string, content: string, mode = 0o600): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, content, { mode, flag: 'wx' });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
