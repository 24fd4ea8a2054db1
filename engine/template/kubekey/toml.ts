/** KubeKey's `toToml` / `fromTOML` (BurntSushi/toml). Note the upper-case name of the decoder. */

import { fn, FunctionError, type FunctionMap } from '../function-types';
import type { GoValue } from '../../core/values';
import { decodeToml } from './toml-decode';
import { TomlEncodeError, TomlEncoder } from './toml-encoder';

/** The TOML document for `v` with its trailing newline; "" when the encoder rejects the value. */
export function toToml(v: GoValue): string {
  // BurntSushi reflects on the value before anything else; nil is a zero reflect.Value and panics.
  if (v === null || v === undefined) throw new FunctionError('reflect: call of reflect.Value.Type on zero Value');
  try {
    return new TomlEncoder().encodeDocument(v);
  } catch (e) {
    if (e instanceof TomlEncodeError) return '';
    throw e;
  }
}

export function fromToml(text: string): GoValue {
  try {
    return decodeToml(text);
  } catch (e) {
    throw new FunctionError(e instanceof Error ? e.message : String(e));
  }
}

export const tomlFunctions: FunctionMap = {
  toToml: fn(['any'], (v) => toToml(v)),
  fromTOML: fn(['string'], (s) => fromToml(s as string)),
};
