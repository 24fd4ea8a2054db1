/**
 * Rendering of a `vars` document for one host (`docs/playbooks.md#how-vars-are-merged`): template strings are rendered
 * with the host's view and typed, and every leaf is also written into that view unless it
 * already holds a non-null value there, so later keys can refer to earlier ones.
 */

import { KplayError } from '../core/errors';
import type { SourcePos } from '../core/source';
import { GO_TYPE, isMap, type GoList, type GoMap, type GoValue } from '../core/values';
import { setOwn } from '../core/merge';
import { renderTyped, type ValuePath } from '../template/conversions';

export type VarsPath = ValuePath;

/** A template in a `vars` document failed to render for a host. */
export class VarsRenderError extends KplayError {
  constructor(
    readonly host: string,
    readonly path: VarsPath,
    readonly pos: SourcePos,
    readonly causeMessage: string,
  ) {
    super('KP-RUN-001', `host ${host}: cannot render vars key "${formatPath(path)}": ${causeMessage}`);
    this.name = 'VarsRenderError';
  }
}

/**
 * `data` with its template strings rendered and typed; `context` (a mutable view of the host) is
 * updated along the way.
 */
export function renderVarsData(
  data: GoMap,
  context: GoMap,
  host: string,
  posForErrors: SourcePos | ((path: VarsPath) => SourcePos),
): GoMap {
  return renderTyped(data, context, undefined, {
    afterLeaf: (path, leaf) => writeIfAbsent(context, path, leaf),
    onError: (path, error) => {
      const pos = typeof posForErrors === 'function' ? posForErrors(path) : posForErrors;
      return new VarsRenderError(host, path, pos, (error as Error).message);
    },
  }) as GoMap;
}

/**
 * Writes `value` at `path` unless a non-null value is there already; missing maps and lists on
 * the way are created. A path running through a scalar, or a map where a list is needed (or the
 * reverse), is left alone (KubeKey fails the merge there; kplay just does not shadow).
 */
function writeIfAbsent(context: GoMap, path: VarsPath, value: GoValue): void {
  let container: GoMap | GoList = context;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const isLast = i === path.length - 1;
    const existing = readSlot(container, segment);
    if (isLast) {
      if (existing === undefined || existing === null) writeSlot(container, segment, value);
      return;
    }
    const nextIsIndex = typeof path[i + 1] === 'number';
    let next: GoValue = existing;
    if (next === undefined || next === null) {
      next = nextIsIndex ? [] : {};
      writeSlot(container, segment, next);
    } else if (nextIsIndex ? !Array.isArray(next) : !isMap(next)) {
      return;
    } else if (Object.isFrozen(next)) {
      // Shared read-only data (the magic `groups` map): copy before writing into it.
      next = shallowCopy(next as GoMap | GoList);
      writeSlot(container, segment, next);
    }
    container = next as GoMap | GoList;
  }
}

function readSlot(container: GoMap | GoList, segment: string | number): GoValue {
  if (Array.isArray(container)) return typeof segment === 'number' ? container[segment] : undefined;
  return typeof segment === 'string' && Object.prototype.hasOwnProperty.call(container, segment) ? container[segment] : undefined;
}

function writeSlot(container: GoMap | GoList, segment: string | number, value: GoValue): void {
  if (Array.isArray(container)) {
    const list = container;
    const index = segment as number;
    while (list.length < index) list.push(null);
    list[index] = value;
  } else {
    setOwn(container, String(segment), value);
  }
}

function shallowCopy(value: GoMap | GoList): GoMap | GoList {
  const copy: GoMap | GoList = Array.isArray(value) ? [...value] : { ...value };
  const typeName = value[GO_TYPE];
  if (typeName !== undefined) Object.defineProperty(copy, GO_TYPE, { value: typeName, enumerable: false, configurable: true, writable: true });
  return copy;
}

function formatPath(path: VarsPath): string {
  return path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : segment)).join('.').replace(/\.\[/g, '[');
}
