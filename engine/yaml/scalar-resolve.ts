/**
 * Typing of YAML scalars the way Go's YAML libraries do it: yaml.v3 for project files
 * (`project`) and yaml.v2 for inventory/config (`yaml11`). The two differ only in the YAML 1.1
 * booleans (`yes`/`no`/`on`/`off`/`y`/`n`) and in timestamps, which yaml.v2 leaves as strings.
 */

import { GoFloat, GoInt, makeInt, type GoValue } from '../core/values';
import { parseInt64, parseUint64 } from '../go/strconv';
import { parseYamlTimestamp } from './timestamp';

export type YamlSchema = 'project' | 'yaml11';

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['true', 'True', 'TRUE']);
const FALSES = new Set(['false', 'False', 'FALSE']);
const YAML11_TRUES = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSES = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const NANS = new Set(['.nan', '.NaN', '.NAN']);
const POS_INFS = new Set(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
const NEG_INFS = new Set(['-.inf', '-.Inf', '-.INF']);

/** Go's yamlStyleFloat: what may be parsed as a float after integer parsing failed. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** strconv.ParseFloat on input starting with '.' (no underscores or hex without a prefix). */
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

/** The value of an untagged plain scalar. */
export function resolvePlainScalar(text: string, schema: YamlSchema): GoValue {
  if (NULLS.has(text)) return null;
  if (TRUES.has(text)) return true;
  if (FALSES.has(text)) return false;
  if (schema === 'yaml11') {
    if (YAML11_TRUES.has(text)) return true;
    if (YAML11_FALSES.has(text)) return false;
  }
  if (NANS.has(text)) return new GoFloat(NaN);
  if (POS_INFS.has(text)) return new GoFloat(Infinity);
  if (NEG_INFS.has(text)) return new GoFloat(-Infinity);

  const first = text[0];
  if (first === '.') {
    return DOT_FLOAT.test(text) ? new GoFloat(Number(text)) : text;
  }
  if (first !== '+' && first !== '-' && !(first >= '0' && first <= '9')) return text;

  const time = parseYamlTimestamp(text);
  if (time) return schema === 'project' ? time : text;
  return resolveNumber(text) ?? text;
}

/** Integer or float from a scalar starting with a digit or sign, as Go's resolver decides. */
export function resolveNumber(text: string): GoValue | undefined {
  const plain = text.replace(/_/g, '');
  const asInt = parseInt64(plain, 0);
  if (asInt.ok) return makeInt(asInt.value);
  const asUint = parseUint64(plain, 0);
  if (asUint.ok) return new GoInt('uint64', asUint.value);
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain);
    // strconv.ParseFloat reports out-of-range (±Inf) as an error, so the scalar stays a string.
    if (Number.isFinite(f)) return new GoFloat(f);
  }
  return undefined;
}
