/**
 * Inputs and checks of the file workloads: W3's source files, W4's expected rendering, the fact
 * script the setup module really sends, and file identities (inode + mtime) that show whether a
 * run rewrote a file.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setupModule } from '../../../builtin-modules/setup';
import { LocalConnector } from '../../../engine/connectors/local/local-connector';
import type { ExecOptions, ExecResult } from '../../../engine/connectors/types';
import { renderText } from '../../../engine/template/conversions';
import { testContext } from '../../integration/modules/module-context';
import { BENCH_DIR } from './ansible-runs';

export const W3_FILES = 50;
export const W3_FILE_SIZE = 1024;
export const W4_TASKS = 10;
/** Extra variables of W4's template (bench_port is left unset so its default applies). */
export const W4_VARS = { bench_value: 'alpha', bench_mode: 'fast' } as const;

const pad = (index: number): string => String(index).padStart(2, '0');

export function w3FileName(index: number): string {
  return `f${pad(index)}.txt`;
}

export function w4FileName(index: number): string {
  return `w4-${pad(index)}.conf`;
}

/** Deterministic, incompressible-looking 1 KiB text per file. */
export function w3Content(index: number): Buffer {
  let text = '';
  for (let block = 0; text.length < W3_FILE_SIZE; block++) {
    text += createHash('sha256').update(`kplay-bench-${index}-${block}`).digest('hex');
  }
  return Buffer.from(`${text.slice(0, W3_FILE_SIZE - 1)}\n`);
}

export function writeW3Sources(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let index = 0; index < W3_FILES; index++) writeFileSync(join(dir, w3FileName(index)), w3Content(index));
}

/** W4's template as kplay renders it for one host. */
export function w4Rendered(hostName: string): Buffer {
  const templatePath = join(BENCH_DIR, 'kplay', 'templates', 'w4.conf.tmpl');
  return Buffer.from(renderText(readFileSync(templatePath, 'utf8'), { inventory_hostname: hostName, ...W4_VARS }, templatePath));
}

/** A fresh, empty destination directory per host. */
export function resetHostDirs(root: string, hostNames: readonly string[]): void {
  rmSync(root, { recursive: true, force: true });
  for (const name of hostNames) mkdirSync(join(root, name), { recursive: true });
}

/** `inode:mtime` of every path; a rewrite (temp file + rename) changes both. */
export function fileIdentities(paths: readonly string[]): Map<string, string> {
  const identities = new Map<string, string>();
  for (const path of paths) {
    const info = statSync(path, { bigint: true });
    identities.set(path, `${info.ino}:${info.mtimeNs}`);
  }
  return identities;
}

export function countRewritten(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): number {
  let rewritten = 0;
  for (const [path, identity] of before) if (after.get(path) !== identity) rewritten++;
  return rewritten;
}

class RecordingLocalConnector extends LocalConnector {
  readonly commands: string[] = [];
  override exec(command: string, options?: ExecOptions): Promise<ExecResult> {
    this.commands.push(command);
    return super.exec(command, options);
  }
}

/** The exact command the setup module sends to a host (captured from one local run of it). */
export async function captureFactScript(): Promise<string> {
  const connector = new RecordingLocalConnector('bench-capture', {});
  try {
    const result = await setupModule.run(testContext({ args: {}, connector, module: 'setup' }));
    if (result.failed || connector.commands.length !== 1) throw new Error(`setup did not run exactly one command: ${result.msg ?? ''}`);
    return connector.commands[0];
  } finally {
    await connector.close();
  }
}
