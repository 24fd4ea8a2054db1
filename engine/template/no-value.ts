/**
 * Listening for `<no value>`: Go prints it where an action's value is missing (a misspelt
 * variable, usually). The executor reports each one as it prints it, with the expression and its
 * position in the template text; whoever renders on behalf of a task listens through
 * `collectNoValues`, which follows the rendering into async continuations (AsyncLocalStorage), so
 * modules that render by themselves are heard too. Text that merely contains "<no value>" never
 * reaches a listener.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface NoValue {
  /** The action's pipeline as written (`.kube_vesion`, `index .m "k"`). */
  readonly expression: string;
  /** The name the template was parsed under (a task's file, a template file's path). */
  readonly templateName: string;
  /** The complete text of the template that printed it. */
  readonly text: string;
  /** 1-based line in `text`. */
  readonly line: number;
  /** 1-based column in `text`, in characters. */
  readonly column: number;
}

/** May throw to stop the rendering (`--strict`); the error reaches the caller of the render as is. */
export type NoValueListener = (found: NoValue) => void;

const listeners = new AsyncLocalStorage<NoValueListener>();

/** Runs `fn`; every `<no value>` printed by a template while it runs (awaits included) goes to `listener`. */
export function collectNoValues<T>(listener: NoValueListener, fn: () => T): T {
  return listeners.run(listener, fn);
}

/** Called by the executor (exec.ts) for each `<no value>` it prints. */
export function reportNoValue(found: NoValue): void {
  listeners.getStore()?.(found);
}

/** Marks an error a listener throws so that template function calls (include) do not wrap it. */
export function isListenerError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { fromNoValueListener?: unknown }).fromNoValueListener === true;
}
