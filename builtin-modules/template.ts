/**
 * `template`: renders a file or directory tree from `templates/` with the host's variables, then
 * installs the results with copy's semantics (idempotent by sha256 + mode).
 */
import { fileMode, goStringBytes, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, renderMarkingUnknown, TemplateError, type Unknown, validatedArgs } from '../engine/modules/module-api';
import type { TemplateArguments } from './arguments';
import { joinDest, readControllerFile, readSource, sha256Hex, SourceFile } from './lib/controller-source';
import { resolveFileDest } from './lib/dest-resolution';
import { type DesiredFile, installStatOptions } from './lib/file-install';
import { InstallRequest, installSingle, installTree, ownership } from './lib/install-set';
import { unknownContentResult, type UnknownFile } from './lib/unknown-content';

interface TemplateArgs extends InstallRequest {
  readonly src: string;
  readonly dest: string;
  readonly mode?: number;
}

const ARGUMENTS = moduleSchema('template');

function readArgs(ctx: ModuleContext): TemplateArgs {
  const args = validatedArgs<TemplateArguments>(ctx, ARGUMENTS);
  const mode = fileMode(args.mode);
  return {
    src: args.src,
    dest: args.dest,
    backup: args.backup,
    ...(mode !== undefined ? { mode } : {}),
    ...ownership(args),
  };
}

/** A template failure that names the template file, line, column and the host. */
class TemplateFileError extends Error {}

/** Rendered bytes; `unknown` when they read a check-mode unknown value (its parts are marked). */
async function render(ctx: ModuleContext, file: SourceFile): Promise<{ bytes: Buffer; unknown?: Unknown }> {
  const text = (await readControllerFile(file.absolutePath, file.size)).toString('utf8');
  try {
    // Named by the template's own path, so errors point into the template, not the task file.
    const out = renderMarkingUnknown(text, ctx.vars, file.absolutePath);
    // Raw bytes of the output (docs/templates.md#byte-strings) are written as they are, like Go.
    const bytes = goStringBytes(out.text);
    return out.unknown !== undefined ? { bytes, unknown: out.unknown } : { bytes };
  } catch (error) {
    // Template errors (and strict mode's <no value> errors) already start with file:line:col.
    const message = (error as Error).message;
    const detail = error instanceof TemplateError || message.startsWith(`${file.absolutePath}:`) ? message : `${file.absolutePath}: ${message}`;
    throw new TemplateFileError(`template error for host ${ctx.host}: ${detail}`);
  }
}

function rendered(dest: string, bytes: Buffer, mode: number): DesiredFile {
  return { dest, sha256: sha256Hex(bytes), mode, content: { kind: 'bytes', bytes } };
}

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = readArgs(ctx);
  const source = await readSource(ctx, args.src, 'templates');
  try {
    if (source.kind === 'file') {
      const { bytes, unknown } = await render(ctx, source.file);
      const connector = await ctx.connector();
      const target = await resolveFileDest(connector, args.dest, source.file.relative, installStatOptions(bytes.length, args, ctx.become));
      // Content that reads an unknown value is never installed, not even with check_mode: false.
      if (unknown !== undefined) return await unknownContentResult(ctx, connector, [{ dest: target.path, marked: bytes, unknown }]);
      const desired = rendered(target.path, bytes, args.mode ?? source.file.mode);
      return await installSingle(ctx, connector, desired, args, { src: source.path, ...(target.stat !== undefined ? { known: target.stat } : {}) });
    }
    // Render everything first: a template error leaves the host untouched.
    const files: DesiredFile[] = [];
    const unknownFiles: UnknownFile[] = [];
    for (const file of source.files) {
      const dest = joinDest(args.dest, file.relative);
      const { bytes, unknown } = await render(ctx, file);
      if (unknown !== undefined) unknownFiles.push({ dest, marked: bytes, unknown });
      files.push(rendered(dest, bytes, args.mode ?? file.mode));
    }
    const connector = await ctx.connector();
    if (unknownFiles.length > 0) return await unknownContentResult(ctx, connector, unknownFiles);
    return await installTree(ctx, connector, args.dest, files, args);
  } catch (error) {
    if (error instanceof TemplateFileError) return { changed: false, failed: true, msg: error.message, stdout: 'failed', stderr: error.message };
    throw error;
  }
}

export const templateModule: ModuleDefinition = {
  name: 'template',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Render a Go template file or directory from templates/ with the host variables and install it like copy.',
  run,
};
