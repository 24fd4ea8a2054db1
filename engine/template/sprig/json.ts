/**
 * Sprig's JSON functions over Go's encoding/json. The non-must variants swallow errors the way
 * Sprig does: toJson/toPrettyJson return "", fromJson returns what was decoded (usually nil),
 * and toRawJson panics anyway (Sprig calls panic on its error).
 */
import { fn, FunctionError, FunctionMap } from '../function-types';
import { JsonError, marshalJson, MarshalOptions, unmarshalJsonLenient } from '../../go/json';
import { GoValue } from '../../core/values';

const COMPACT: MarshalOptions = { escapeHtml: true };
const PRETTY: MarshalOptions = { escapeHtml: true, indent: '  ' };
const RAW: MarshalOptions = { escapeHtml: false };

function mustMarshal(v: GoValue, opts: MarshalOptions): string {
  try {
    return marshalJson(v, opts);
  } catch (e) {
    if (e instanceof JsonError) throw new FunctionError(e.message);
    throw e;
  }
}

function marshalOrEmpty(v: GoValue, opts: MarshalOptions): string {
  try {
    return marshalJson(v, opts);
  } catch (e) {
    if (e instanceof JsonError) return '';
    throw e;
  }
}

function mustUnmarshal(text: string): GoValue {
  const result = unmarshalJsonLenient(text);
  if (result.error !== undefined) throw new FunctionError(result.error);
  return result.value;
}

export const jsonFunctions: FunctionMap = {
  fromJson: fn(['string'], (s) => unmarshalJsonLenient(s as string).value),
  mustFromJson: fn(['string'], (s) => mustUnmarshal(s as string)),
  toJson: fn(['any'], (v) => marshalOrEmpty(v, COMPACT)),
  mustToJson: fn(['any'], (v) => mustMarshal(v, COMPACT)),
  toPrettyJson: fn(['any'], (v) => marshalOrEmpty(v, PRETTY)),
  mustToPrettyJson: fn(['any'], (v) => mustMarshal(v, PRETTY)),
  toRawJson: fn(['any'], (v) => mustMarshal(v, RAW)),
  mustToRawJson: fn(['any'], (v) => mustMarshal(v, RAW)),
};
