/**
 * Sprig's arithmetic. Integer functions coerce with cast.ToInt64 and compute in wrapping int64;
 * the `…f` functions go through shopspring/decimal (each operand is taken at its shortest
 * decimal spelling, so `addf 0.1 0.2` is exactly 0.3), then back to the nearest float64.
 */
import { formatValue } from '../../go/fmt';
import { capAfterAppends, INT_SIZE, withCap } from './capacity';
import { fn, FunctionError, FunctionMap } from '../function-types';
import { shortestDigits } from '../../go/strconv';
import { GoInt, GoValue, makeFloat, withGoType } from '../../core/values';
import { castToFloat64, castToInt64 } from './conversion';

const int64 = (v: bigint): GoInt => new GoInt('int64', BigInt.asIntN(64, v));

function divideInt64(a: bigint, b: bigint, op: 'div' | 'mod'): bigint {
  if (b === 0n) throw new FunctionError('runtime error: integer divide by zero');
  return op === 'div' ? a / b : a % b; // BigInt truncates toward zero like Go
}

// --- shopspring/decimal, just the parts Sprig uses --------------------------------------------

/** coefficient × 10^exponent */
interface Decimal {
  coef: bigint;
  exp: number;
}

const DIVISION_PRECISION = 16;

function decimalFromFloat(f: number): Decimal {
  if (!Number.isFinite(f)) throw new FunctionError(`Cannot create a Decimal from ${formatValue(makeFloat(f))}`);
  if (f === 0) return { coef: 0n, exp: 0 };
  const d = shortestDigits(f);
  const coef = BigInt(d.digits) * (f < 0 ? -1n : 1n);
  return { coef, exp: d.dp - d.digits.length };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * 10n ** BigInt(a.exp - exp), b.coef * 10n ** BigInt(b.exp - exp), exp];
}

const decimalOps = {
  add: (a: Decimal, b: Decimal): Decimal => {
    const [x, y, exp] = align(a, b);
    return { coef: x + y, exp };
  },
  sub: (a: Decimal, b: Decimal): Decimal => {
    const [x, y, exp] = align(a, b);
    return { coef: x - y, exp };
  },
  mul: (a: Decimal, b: Decimal): Decimal => {
    return { coef: a.coef * b.coef, exp: a.exp + b.exp };
  },
  /** Decimal.Div: 16 fractional digits, the last rounded half away from zero. */
  div: (a: Decimal, b: Decimal): Decimal => {
    if (b.coef === 0n) throw new FunctionError('decimal division by 0');
    const k = a.exp - b.exp + DIVISION_PRECISION;
    const num = k >= 0 ? a.coef * 10n ** BigInt(k) : a.coef;
    const den = k >= 0 ? b.coef : b.coef * 10n ** BigInt(-k);
    let q = num / den;
    const r = num - q * den;
    const abs = (x: bigint): bigint => (x < 0n ? -x : x);
    if (2n * abs(r) >= abs(den)) q += (num < 0n) !== (den < 0n) ? -1n : 1n;
    return { coef: q, exp: -DIVISION_PRECISION };
  },
};

function decimalToFloat(d: Decimal): number {
  return Number(`${d.coef}e${d.exp}`);
}

function decimalOp(first: GoValue, rest: GoValue[], op: (a: Decimal, b: Decimal) => Decimal): GoValue {
  let acc = decimalFromFloat(castToFloat64(first));
  for (const x of rest) acc = op(acc, decimalFromFloat(castToFloat64(x)));
  return makeFloat(decimalToFloat(acc));
}

// --- ranges ------------------------------------------------------------------------------------

function untilStep(start: number, stop: number, step: number): number[] {
  const v: number[] = [];
  if (stop < start) {
    if (step >= 0) return v;
    for (let i = start; i > stop; i += step) v.push(i);
    return v;
  }
  if (step <= 0) return v;
  for (let i = start; i < stop; i += step) v.push(i);
  return v;
}

/** untilStep's []int, built by appending: its capacity shows through slice/mustSlice. */
function intList(items: number[]): GoValue {
  return withCap(withGoType(items as GoValue[], '[]int'), capAfterAppends(items.length, INT_SIZE));
}

function seq(params: number[]): string {
  let increment = 1;
  switch (params.length) {
    case 1: {
      const [end] = params;
      if (end < 1) increment = -1;
      return untilStep(1, end + increment, increment).join(' ');
    }
    case 2: {
      const [start, end] = params;
      const step = end < start ? -1 : 1;
      return untilStep(start, end + step, step).join(' ');
    }
    case 3: {
      const [start, step, end] = params;
      if (end < start) {
        increment = -1;
        if (step > 0) return '';
      }
      return untilStep(start, end + increment, step).join(' ');
    }
    default:
      return '';
  }
}

// --- rounding ----------------------------------------------------------------------------------

function round(a: GoValue, places: number, roundOn: number): number {
  const val = castToFloat64(a);
  const pow = Math.pow(10, places);
  const digit = pow * val;
  const frac = digit - Math.trunc(digit);
  const rounded = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return rounded / pow;
}

/** math.Max / math.Min: NaN wins, and +0 is larger than -0. */
function goMax(a: number, b: number): number {
  if (a === Infinity || b === Infinity) return Infinity;
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === 0 && b === 0) return Object.is(a, -0) ? b : a;
  return a > b ? a : b;
}

function goMin(a: number, b: number): number {
  if (a === -Infinity || b === -Infinity) return -Infinity;
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === 0 && b === 0) return Object.is(a, -0) ? a : b;
  return a < b ? a : b;
}

const num = (v: GoValue): number => (v instanceof GoInt ? Number(v.value) : (v as number));

export const numericFunctions: FunctionMap = {
  add1: fn(['any'], (i) => int64(castToInt64(i) + 1n)),
  add: fn([], (...xs) => int64(xs.reduce<bigint>((acc, x) => BigInt.asIntN(64, acc + castToInt64(x)), 0n)), 'any'),
  sub: fn(['any', 'any'], (a, b) => int64(castToInt64(a) - castToInt64(b))),
  div: fn(['any', 'any'], (a, b) => int64(divideInt64(castToInt64(a), castToInt64(b), 'div'))),
  mod: fn(['any', 'any'], (a, b) => int64(divideInt64(castToInt64(a), castToInt64(b), 'mod'))),
  mul: fn(['any'], (a, ...xs) => int64(xs.reduce<bigint>((acc, x) => BigInt.asIntN(64, acc * castToInt64(x)), castToInt64(a))), 'any'),
  max: fn(['any'], (a, ...xs) => int64(xs.map(castToInt64).reduce((m, x) => (x > m ? x : m), castToInt64(a))), 'any'),
  biggest: fn(['any'], (a, ...xs) => int64(xs.map(castToInt64).reduce((m, x) => (x > m ? x : m), castToInt64(a))), 'any'),
  min: fn(['any'], (a, ...xs) => int64(xs.map(castToInt64).reduce((m, x) => (x < m ? x : m), castToInt64(a))), 'any'),
  maxf: fn(['any'], (a, ...xs) => makeFloat(xs.map(castToFloat64).reduce(goMax, castToFloat64(a))), 'any'),
  minf: fn(['any'], (a, ...xs) => makeFloat(xs.map(castToFloat64).reduce(goMin, castToFloat64(a))), 'any'),
  add1f: fn(['any'], (i) => decimalOp(i, [1], decimalOps.add)),
  addf: fn([], (...xs) => decimalOp(makeFloat(0), xs, decimalOps.add), 'any'),
  subf: fn(['any'], (a, ...xs) => decimalOp(a, xs, decimalOps.sub), 'any'),
  mulf: fn(['any'], (a, ...xs) => decimalOp(a, xs, decimalOps.mul), 'any'),
  divf: fn(['any'], (a, ...xs) => decimalOp(a, xs, decimalOps.div), 'any'),
  floor: fn(['any'], (a) => makeFloat(Math.floor(castToFloat64(a)))),
  ceil: fn(['any'], (a) => makeFloat(Math.ceil(castToFloat64(a)))),
  round: fn(['any', 'int'], (a, p, ...opt) => makeFloat(round(a, num(p), opt.length > 0 ? castToFloat64(opt[0]) : 0.5)), 'float64'),
  seq: fn([], (...params) => seq(params.map(num)), 'int'),
  until: fn(['int'], (count) => {
    const n = num(count);
    return intList(untilStep(0, n, n < 0 ? -1 : 1));
  }),
  untilStep: fn(['int', 'int', 'int'], (start, stop, step) => intList(untilStep(num(start), num(stop), num(step)))),
};
