import type { Reporter, RunEvent } from '../events/types';
import { GoFloat, GoInt, isGoObject } from '../core/values';

/** `--output json`: every event as one JSON line. */
export class JsonLinesReporter implements Reporter {
  constructor(private readonly out: NodeJS.WritableStream) {}

  handle(event: RunEvent): void {
    this.out.write(`${JSON.stringify(event, jsonReplacer)}\n`);
  }
}

/** Go values carry bigint-backed ints and wrapper floats; JSON gets their plain numbers. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof GoFloat) return value.value;
  if (value instanceof GoInt) return Number(value.value);
  if (isGoObject(value)) return value.goString();
  return value;
}
