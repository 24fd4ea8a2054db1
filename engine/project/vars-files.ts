/** Documents that become `vars` nodes: `vars_files` entries and role defaults files. */

import { isPlainMap, posOf, rootRef, type LoadContext, type NodeRef } from './context';
import type { VarsNode } from './model';
import { checkTemplatesIn } from './template-check';

/**
 * The first document of `file` as a vars node. A list or scalar root is skipped (KubeKey does the
 * same); a file without any document is an error.
 */
export function readVarsDocument(ctx: LoadContext, file: string, what: string, referencedFrom?: NodeRef): VarsNode | undefined {
  const src = ctx.readYaml(file);
  if (!src) return undefined;
  if (src.empty) {
    const pos = referencedFrom ? posOf(referencedFrom) : { file, line: 1, col: 1 };
    ctx.error(pos, `unsupport vars_files format. it should be single map file: ${file} has no YAML document`);
    return undefined;
  }
  const ref = rootRef(src);
  if (!isPlainMap(ref.value)) return undefined;
  checkTemplatesIn(ctx, ref, what);
  return { data: ref.value, pos: posOf(ref) };
}
