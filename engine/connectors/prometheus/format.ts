/**
 * Output formats of a Prometheus query answer (`docs/modules.md#prometheus`): `raw`, `value`, `table`, and by
 * default the body re-indented by two spaces (Go's json.Indent, which keeps numbers as written).
 */

import { indentJson as goIndentJson } from '../../go/json';

export class PrometheusFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusFormatError';
  }
}

/** json.Indent with two spaces, as Go re-indents a body (numbers stay as written). */
export function indentJson(text: string): string {
  return goIndentJson(text, '  ');
}

/** Go's encoding/json escapes <, > and & (HTML safety); matrix output is re-marshalled by Go. */
function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2).replace(/[<>&]/g, (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Go's %v of a JSON-decoded value. */
function goPrint(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

interface QueryAnswer {
  status?: string;
  data?: { resultType?: string; result?: unknown };
}

function successfulData(answer: QueryAnswer): { resultType: string; result: unknown } {
  if (answer.status !== 'success') throw new PrometheusFormatError('prometheus query failed');
  if (typeof answer.data !== 'object' || answer.data === null) throw new PrometheusFormatError('invalid response format: data field missing');
  if (typeof answer.data.resultType !== 'string') throw new PrometheusFormatError('invalid response format: resultType field missing');
  if (!('result' in answer.data)) throw new PrometheusFormatError('invalid response format: result field missing');
  return { resultType: answer.data.resultType, result: answer.data.result };
}

function pairValue(value: unknown, what: string): string {
  if (!Array.isArray(value) || value.length < 2) throw new PrometheusFormatError(`invalid response format: ${what} format invalid`);
  return goPrint(value[1]);
}

function simpleValue(answer: QueryAnswer): string {
  const { resultType, result } = successfulData(answer);
  switch (resultType) {
    case 'vector': {
      if (!Array.isArray(result) || result.length === 0) return 'No data';
      const sample = result[0] as { value?: unknown };
      if (typeof sample !== 'object' || sample === null) throw new PrometheusFormatError('invalid response format: sample format invalid');
      return pairValue(sample.value, 'value');
    }
    case 'scalar':
      return pairValue(result, 'scalar');
    case 'string':
      return pairValue(result, 'string');
    case 'matrix':
      return goJson(result);
    default:
      throw new PrometheusFormatError(`unsupported result type: ${resultType}`);
  }
}

/** `name{k="v", …}`; labels sorted (KubeKey prints them in Go's random map order). */
function metricName(sample: { metric?: unknown }): string {
  if (typeof sample.metric !== 'object' || sample.metric === null) return 'undefined';
  const labels = sample.metric as Record<string, unknown>;
  const name = labels.__name__ !== undefined ? goPrint(labels.__name__) : 'undefined';
  const parts = Object.keys(labels)
    .filter((k) => k !== '__name__' && typeof labels[k] === 'string')
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return parts.length > 0 ? `${name}{${parts.join(', ')}}` : name;
}

function table(answer: QueryAnswer): string {
  const { resultType, result } = successfulData(answer);
  if (resultType !== 'vector') throw new PrometheusFormatError(`table format only supported for vector results, got: ${resultType}`);
  if (!Array.isArray(result)) throw new PrometheusFormatError('invalid response format: result field missing or not an array');
  if (result.length === 0) return 'No data';
  let out = 'METRIC\tVALUE\tTIMESTAMP\n';
  for (const item of result as Array<{ metric?: unknown; value?: unknown }>) {
    if (typeof item !== 'object' || item === null) continue;
    const value = item.value;
    if (!Array.isArray(value) || value.length < 2) continue;
    const timestamp = typeof value[0] === 'number' ? Math.round(value[0]).toString() : '';
    out += `${metricName(item)}\t${goPrint(value[1])}\t${timestamp}\n`;
  }
  return out;
}

export function formatQueryAnswer(body: string, format: string | undefined): string {
  if (format === undefined || format === '') return indentOrRaw(body);
  let answer: QueryAnswer;
  try {
    answer = JSON.parse(body) as QueryAnswer;
  } catch {
    return body;
  }
  switch (format) {
    case 'raw':
      return body;
    case 'value':
      return simpleValue(answer);
    case 'table':
      return table(answer);
    default:
      return indentOrRaw(body);
  }
}

function indentOrRaw(body: string): string {
  try {
    JSON.parse(body);
  } catch {
    return body;
  }
  return indentJson(body);
}
