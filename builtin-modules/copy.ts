/**
 * `copy`: a controller file, directory tree or inline `content` to the host, idempotent by
 * sha256 + mode (+ owner/group when given), atomic through the connector's put.
 */
import { promises as fs } from 'node:fs';
import { type Connector, fileMode, type GoValue, ModuleArgumentError, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, renderMarkingUnknown, shellQuote, toStringValue, type Unknown, validatedArgs } from '../engine/modules/module-api';
import type { CopyArguments } from './arguments';
import { joinDest, MissingSourceError, readControllerFile, readSource, sha256Hex, sha256OfControllerFile, SMALL_CONTROLLER_FILE_BYTES, SourceFile } from './lib/controller-source';
import { resolveFileDest } from './lib/dest-resolution';
import { type DesiredContent, DesiredFile, desiredSize, installStatOptions, octal } from './lib/file-install';
import { InstallRequest, installSingle, installTree, ownership } from './lib/install-set';
import { unknownContentResult } from './lib/unknown-content';

/** Mode of a file created from `content` when no `mode` is given (KubeKey used 0777). */
const CONTENT_FILE_MODE = 0o644;

const ARGUMENTS = moduleSchema('copy');

interface CopyArgs extends InstallRequest {
  readonly src?: string;
  readonly content?: string;
  readonly dest: string;
  readonly mode?: number;
  /** Check mode: `content` reads this unknown value (content then holds its marked text). */
  readonly unknown?: Unknown;
}

/** `content` rendered here, so that a part reading a check-mode unknown value can be marked. */
function renderContent(ctx: ModuleContext, content: GoValue): { text: string; unknown?: Unknown } {
  if (typeof content === 'string') return renderMarkingUnknown(content, ctx.vars, ctx.task.pos.file);
  return { text: toStringValue(ctx.renderValue(content)) };
}

function readArgs(ctx: ModuleContext): CopyArgs {
  const args = validatedArgs<CopyArguments>(ctx, ARGUMENTS, { raw: ['content'] });
  const rendered = args.content === undefined || args.content === null ? undefined : renderContent(ctx, args.content);
  const content = rendered?.text;
  const mode = fileMode(args.mode);
  if ((args.src === undefined || args.src === '') && content === undefined) {
    throw new ModuleArgumentError('either "src" or "content" must be provided');
  }
  return {
    dest: args.dest,
    backup: args.backup,
    ...(args.src !== undefined && args.src !== '' ? { src: args.src } : { content, ...(rendered?.unknown !== undefined ? { unknown: rendered.unknown } : {}) }),
    ...(mode !== undefined ? { mode } : {}),
    ...ownership(args),
  };
}

/** Streamed from disk when it is sent. */
function fileContent(file: SourceFile): DesiredContent {
  return { kind: 'file', localPath: file.absolutePath, size: file.size, read: () => fs.readFile(file.absolutePath) };
}

function controllerFile(file: SourceFile, dest: string, sha256: string, mode: number): DesiredFile {
  return { dest, sha256, mode, content: fileContent(file) };
}

/**
 * A single source file small enough is read once, and the same bytes are hashed and sent; a
 * larger one is hashed and later streamed from disk.
 */
async function singleFileContent(file: SourceFile): Promise<Pick<DesiredFile, 'content' | 'sha256'>> {
  if (file.size > SMALL_CONTROLLER_FILE_BYTES) {
    return { sha256: await sha256OfControllerFile(file.absolutePath), content: fileContent(file) };
  }
  const bytes = await readControllerFile(file.absolutePath, file.size);
  return { sha256: sha256Hex(bytes), content: { kind: 'bytes', bytes } };
}

/** KubeKey applies `mode` of a directory copy to the destination directory itself. */
function topDirectoryMode(dest: string, mode: number) {
  return async (ctx: ModuleContext, connector: Connector): Promise<string | undefined> => {
    const become = ctx.become !== undefined ? { become: ctx.become } : {};
    const stat = await connector.stat(dest, become);
    if (stat.exists && stat.mode === mode) return undefined;
    const reason = stat.exists ? `mode ${octal(stat.mode ?? 0)} -> ${octal(mode)}` : `new directory, mode ${octal(mode)}`;
    if (!ctx.checkMode) {
      const result = await connector.exec(`mkdir -p -- ${shellQuote(dest)} && chmod ${octal(mode)} -- ${shellQuote(dest)}`, become);
      if (result.rc !== 0) throw new Error(`setting mode of ${dest} failed: ${result.stderr.trim()}`);
    }
    return reason;
  };
}

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = readArgs(ctx);
  const connector = await ctx.connector();
  if (args.src === undefined) {
    if (args.dest.endsWith('/')) throw new ModuleArgumentError('"content" should copy to a file, but dest ends with "/"');
    const bytes = Buffer.from(args.content ?? '', 'utf8');
    // Content that reads an unknown value is never installed, not even with check_mode: false.
    if (args.unknown !== undefined) return unknownContentResult(ctx, connector, [{ dest: args.dest, marked: bytes, unknown: args.unknown }]);
    const desired: DesiredFile = {
      dest: args.dest,
      sha256: sha256Hex(bytes),
      mode: args.mode ?? CONTENT_FILE_MODE,
      keepExistingMode: args.mode === undefined,
      content: { kind: 'bytes', bytes },
    };
    return installSingle(ctx, connector, desired, args);
  }
  let source;
  try {
    source = await readSource(ctx, args.src, 'files');
  } catch (err) {
    // Under --check, a controller file that an earlier task (a download, gen_cert, …) would have
    // made does not exist yet: the outcome is unknown, not a failure.
    if (ctx.checkMode && err instanceof MissingSourceError && err.absolute) {
      return { changed: false, skipped: true, unknown: `would copy ${args.src} to ${args.dest} (made by an earlier step of a real run)`, stdout: '', stderr: '' };
    }
    throw err;
  }
  if (source.kind === 'file') {
    // The source is read (and hashed) while the host answers the stat of dest.
    const [target, content] = await Promise.all([
      resolveFileDest(connector, args.dest, source.file.relative, installStatOptions(source.file.size, args, ctx.become)),
      singleFileContent(source.file),
    ]);
    const desired: DesiredFile = { dest: target.path, mode: args.mode ?? source.file.mode, ...content };
    // A source that changed size since it was listed: the stat was taken for the other size.
    const known = target.stat !== undefined && desiredSize(content.content) === source.file.size ? { known: target.stat } : {};
    return installSingle(ctx, connector, desired, args, { src: source.path, ...known });
  }
  const files = await Promise.all(
    source.files.map(async (file) => controllerFile(file, joinDest(args.dest, file.relative), await sha256OfControllerFile(file.absolutePath), file.mode)),
  );
  const finish = args.mode !== undefined ? topDirectoryMode(args.dest.replace(/\/+$/, '') || '/', args.mode) : undefined;
  return installTree(ctx, connector, args.dest, files, args, finish);
}

export const copyModule: ModuleDefinition = {
  name: 'copy',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Copy a controller file, directory or inline content to the host (idempotent by sha256; mode, owner, group, backup).',
  run,
};
