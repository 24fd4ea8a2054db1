/**
 * A file whose content reads a check-mode unknown value (template, copy `content`): nothing is
 * installed and the task is `unknown`; under `--diff` the diff shows the content as far as it is
 * known, each unknown part replaced by its `(unknown in check mode: …)` text
 * (docs/cli.md#unknown-values-in-check-mode).
 */
import { type Connector, contentDiff, DIFF_SIZE_CAP, type FileDiff, type ModuleContext, type ModuleResult, type Unknown } from '../../engine/modules/module-api';

export interface UnknownFile {
  readonly dest: string;
  /** The content rendered with its unknown parts marked. */
  readonly marked: Buffer;
  readonly unknown: Unknown;
}

export async function unknownContentResult(ctx: ModuleContext, connector: Connector, files: readonly UnknownFile[]): Promise<ModuleResult> {
  const first = files[0].unknown;
  const names = files.map((f) => f.dest).join(', ');
  const reason = `content of ${names} reads a value unknown in check mode (${first.reason})`;
  const diff: FileDiff[] = [];
  if (ctx.diffMode) {
    for (const file of files) {
      const d = await markedDiff(ctx, connector, file);
      if (d !== undefined) diff.push(d);
    }
  }
  return { changed: false, skipped: true, unknown: reason, stdout: '', stderr: '', ...(diff.length > 0 ? { diff } : {}) };
}

async function markedDiff(ctx: ModuleContext, connector: Connector, file: UnknownFile): Promise<FileDiff | undefined> {
  const become = ctx.become !== undefined ? { become: ctx.become } : {};
  const current = await connector.stat(file.dest, become);
  const readable = current.exists && current.isDirectory !== true && (current.size ?? 0) <= DIFF_SIZE_CAP;
  const before = readable ? await connector.get(file.dest, become) : undefined;
  return contentDiff({
    path: file.dest,
    before,
    ...(current.exists && before === undefined ? { beforeSize: current.size ?? 0 } : {}),
    after: file.marked,
  });
}
