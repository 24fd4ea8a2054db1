/** The rendered `loop_control.label` of a loop item (docs/playbooks.md#loops). */
import type { GoMap } from '../core/values';
import type { TaskNode } from '../project/model';
import { renderText } from '../template/conversions';

/**
 * Rendered with the item bound; a label that does not render leaves the item unlabelled
 * (the output falls back to a label made from the item) rather than failing the task.
 */
export function loopLabel(task: TaskNode, view: GoMap, file: string): string | undefined {
  if (task.loopLabel === undefined) return undefined;
  try {
    return renderText(task.loopLabel, view, file).trim();
  } catch {
    return undefined;
  }
}
