/**
 * Go's side of `npm run bench:template`: the conformance oracle's `-bench` mode
 * (tests/conformance/oracle/bench.go) times Go 1.19's text/template + Sprig on the same fixtures
 * in the same run, so kplay's and Go's rates share the machine's load at the time.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { GoFloat, GoInt, isGoObject, type GoValue } from '../../engine/core/values';

export interface GoBenchRequest {
  readonly name: string;
  readonly data: GoValue;
  /** One function map for every parse (base.New(name)); else the map is bound per template. */
  readonly shared: boolean;
  readonly parse: boolean;
  readonly execute: boolean;
  readonly warmup: readonly string[];
  readonly rounds: readonly (readonly string[])[];
}

export interface GoBenchResult {
  readonly ops: number;
  readonly wallNs: number;
  readonly cpuNs: number;
}

/** The oracle binary (built offline by build-oracle.sh), or the reason there is none. */
export function buildOracle(): { path: string } | { error: string } {
  try {
    const script = join(__dirname, '..', 'conformance', 'build-oracle.sh');
    return { path: execFileSync(script, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] };
  }
}

/** JSON text of a value with floats kept as floats (1.0 stays float64 on Go's side). */
function toJsonText(v: GoValue): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : JSON.stringify(v);
  if (v instanceof GoFloat) return Number.isInteger(v.value) ? `${v.value}.0` : JSON.stringify(v.value);
  if (v instanceof GoInt) return v.value.toString();
  if (Array.isArray(v)) return `[${v.map(toJsonText).join(',')}]`;
  if (isGoObject(v)) return JSON.stringify(v.goString());
  if ('goMethod' in v) return 'null';
  return `{${Object.keys(v)
    .map((k) => `${JSON.stringify(k)}:${toJsonText(v[k])}`)
    .join(',')}}`;
}

export function runGoBench(oracle: string, request: GoBenchRequest): GoBenchResult {
  const { data, ...rest } = request;
  const input = JSON.stringify({ ...rest, funcs: 'kubekey' }).replace(/^\{/, `{"data":${toJsonText(data)},`);
  const out = execFileSync(oracle, ['-bench'], { input, encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 26 });
  return JSON.parse(out) as GoBenchResult;
}
