// Expectations produced by the Go 1.19 text/template + Sprig 3.2.3 oracle (gotmpl-oracle):
// each row is [template it was rendered from, function, arguments, {out: "%T|%v" of the result} or {error}].
import { sprintf } from '../../go/fmt';
import { FunctionError } from '../function-types';
import { GoFloat, GoInt, GoValue } from '../../core/values';
import { numericFunctions } from './numeric';

const F = (x: number): GoFloat => new GoFloat(x);
type Expected = { out: string } | { error: string };

const cases: Array<[string, string, GoValue[], Expected]> = [
  ["{{$r := add1 .a0}}{{printf \"%T|%v\" $r $r}}", "add1", [1], {"out":"int64|2"}],
  ["{{$r := add1 .a0}}{{printf \"%T|%v\" $r $r}}", "add1", [F(1.9)], {"out":"int64|2"}],
  ["{{$r := add1 .a0}}{{printf \"%T|%v\" $r $r}}", "add1", ["41"], {"out":"int64|42"}],
  ["{{$r := add1 .a0}}{{printf \"%T|%v\" $r $r}}", "add1", [null], {"out":"int64|1"}],
  ["{{$r := add1 (int64 \"9223372036854775807\")}}{{printf \"%T|%v\" $r $r}}", "add1", [new GoInt('int64', 9223372036854775807n)], {"out":"int64|-9223372036854775808"}],
  ["{{$r := add}}{{printf \"%T|%v\" $r $r}}", "add", [], {"out":"int64|0"}],
  ["{{$r := add .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "add", [1, 2, 3], {"out":"int64|6"}],
  ["{{$r := add .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "add", [1, F(2.7)], {"out":"int64|3"}],
  ["{{$r := add .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "add", ["5", true, null], {"out":"int64|6"}],
  ["{{$r := add (int64 \"9223372036854775807\") .a0}}{{printf \"%T|%v\" $r $r}}", "add", [new GoInt('int64', 9223372036854775807n), 1], {"out":"int64|-9223372036854775808"}],
  ["{{$r := add (semver \"3.0.0\").Major .a0}}{{printf \"%T|%v\" $r $r}}", "add", [new GoInt('uint64', 3n), -1], {"out":"int64|2"}],
  ["{{$r := sub .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "sub", [5, 7], {"out":"int64|-2"}],
  ["{{$r := sub .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "sub", [F(5.5), "2"], {"out":"int64|3"}],
  ["{{$r := sub (int64 \"-9223372036854775808\") .a0}}{{printf \"%T|%v\" $r $r}}", "sub", [new GoInt('int64', -9223372036854775808n), 1], {"out":"int64|9223372036854775807"}],
  ["{{$r := div .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "div", [7, 2], {"out":"int64|3"}],
  ["{{$r := div .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "div", [-7, 2], {"out":"int64|-3"}],
  ["{{$r := div .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "div", [7, 0], {"error":"runtime error: integer divide by zero"}],
  ["{{$r := div (int64 \"-9223372036854775808\") .a0}}{{printf \"%T|%v\" $r $r}}", "div", [new GoInt('int64', -9223372036854775808n), -1], {"out":"int64|-9223372036854775808"}],
  ["{{$r := div .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "div", [F(7.9), F(2.9)], {"out":"int64|3"}],
  ["{{$r := mod .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "mod", [7, 3], {"out":"int64|1"}],
  ["{{$r := mod .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "mod", [-7, 3], {"out":"int64|-1"}],
  ["{{$r := mod .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "mod", [7, 0], {"error":"runtime error: integer divide by zero"}],
  ["{{$r := mod (int64 \"-9223372036854775808\") .a0}}{{printf \"%T|%v\" $r $r}}", "mod", [new GoInt('int64', -9223372036854775808n), -1], {"out":"int64|0"}],
  ["{{$r := mul .a0}}{{printf \"%T|%v\" $r $r}}", "mul", [2], {"out":"int64|2"}],
  ["{{$r := mul .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "mul", [2, 3, 4], {"out":"int64|24"}],
  ["{{$r := mul .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "mul", [F(0.5), 4], {"out":"int64|0"}],
  ["{{$r := mul (int64 \"4294967296\") (int64 \"4294967296\")}}{{printf \"%T|%v\" $r $r}}", "mul", [new GoInt('int64', 4294967296n), new GoInt('int64', 4294967296n)], {"out":"int64|0"}],
  ["{{$r := max .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "max", [1, 5, 3], {"out":"int64|5"}],
  ["{{$r := biggest .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "biggest", [-1, "7"], {"out":"int64|7"}],
  ["{{$r := min .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "min", [1, -5, F(3.9)], {"out":"int64|-5"}],
  ["{{$r := max .a0}}{{printf \"%T|%v\" $r $r}}", "max", [null], {"out":"int64|0"}],
  ["{{$r := min .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "min", ["x", 2], {"out":"int64|0"}],
  ["{{$r := maxf .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "maxf", [F(1.5), 2, "3.5"], {"out":"float64|3.5"}],
  ["{{$r := maxf .a0 (float64 \"NaN\")}}{{printf \"%T|%v\" $r $r}}", "maxf", [1, F(NaN)], {"out":"float64|NaN"}],
  ["{{$r := minf .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "minf", [F(1.5), -2, "x"], {"out":"float64|-2"}],
  ["{{$r := minf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "minf", [F(0), F(-0)], {"out":"float64|-0"}],
  ["{{$r := maxf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "maxf", [F(-0), F(0)], {"out":"float64|0"}],
  ["{{$r := maxf .a0}}{{printf \"%T|%v\" $r $r}}", "maxf", [F(1)], {"out":"float64|1"}],
  ["{{$r := add1f .a0}}{{printf \"%T|%v\" $r $r}}", "add1f", [F(1.5)], {"out":"float64|2.5"}],
  ["{{$r := add1f .a0}}{{printf \"%T|%v\" $r $r}}", "add1f", [1], {"out":"float64|2"}],
  ["{{$r := add1f .a0}}{{printf \"%T|%v\" $r $r}}", "add1f", [F(0.1)], {"out":"float64|1.1"}],
  ["{{$r := addf}}{{printf \"%T|%v\" $r $r}}", "addf", [], {"out":"float64|0"}],
  ["{{$r := addf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "addf", [F(0.1), F(0.2)], {"out":"float64|0.3"}],
  ["{{$r := addf .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "addf", [1, F(2.5), "3.25"], {"out":"float64|6.75"}],
  ["{{$r := addf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "addf", [F(100000000000000000000), F(1)], {"out":"float64|1e+20"}],
  ["{{$r := addf (float64 \"NaN\")}}{{printf \"%T|%v\" $r $r}}", "addf", [F(NaN)], {"error":"Cannot create a Decimal from NaN"}],
  ["{{$r := addf (float64 \"+Inf\")}}{{printf \"%T|%v\" $r $r}}", "addf", [F(Infinity)], {"error":"Cannot create a Decimal from +Inf"}],
  ["{{$r := subf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "subf", [F(1), F(0.9)], {"out":"float64|0.1"}],
  ["{{$r := subf .a0}}{{printf \"%T|%v\" $r $r}}", "subf", [F(5)], {"out":"float64|5"}],
  ["{{$r := subf .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "subf", [10, 1, 2], {"out":"float64|7"}],
  ["{{$r := mulf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "mulf", [F(0.1), F(3)], {"out":"float64|0.3"}],
  ["{{$r := mulf .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "mulf", [F(1.1), F(1.1), F(1.1)], {"out":"float64|1.331"}],
  ["{{$r := mulf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "mulf", [F(1e+200), F(1e+200)], {"out":"float64|+Inf"}],
  ["{{$r := divf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "divf", [1, 3], {"out":"float64|0.3333333333333333"}],
  ["{{$r := divf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "divf", [2, 3], {"out":"float64|0.6666666666666667"}],
  ["{{$r := divf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "divf", [10, 4], {"out":"float64|2.5"}],
  ["{{$r := divf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "divf", [1, 0], {"error":"decimal division by 0"}],
  ["{{$r := divf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "divf", [F(-2), F(3)], {"out":"float64|-0.6666666666666667"}],
  ["{{$r := divf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "divf", [F(1e-10), 3], {"out":"float64|3.33333e-11"}],
  ["{{$r := divf .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "divf", [1, 7, 3], {"out":"float64|0.0476190476190476"}],
  ["{{$r := divf .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "divf", [F(123456789.123), F(0.001)], {"out":"float64|1.23456789123e+11"}],
  ["{{$r := floor .a0}}{{printf \"%T|%v\" $r $r}}", "floor", [F(1.5)], {"out":"float64|1"}],
  ["{{$r := floor .a0}}{{printf \"%T|%v\" $r $r}}", "floor", [F(-1.5)], {"out":"float64|-2"}],
  ["{{$r := floor .a0}}{{printf \"%T|%v\" $r $r}}", "floor", ["2.7"], {"out":"float64|2"}],
  ["{{$r := floor .a0}}{{printf \"%T|%v\" $r $r}}", "floor", [3], {"out":"float64|3"}],
  ["{{$r := ceil .a0}}{{printf \"%T|%v\" $r $r}}", "ceil", [F(1.2)], {"out":"float64|2"}],
  ["{{$r := ceil .a0}}{{printf \"%T|%v\" $r $r}}", "ceil", [F(-0.5)], {"out":"float64|-0"}],
  ["{{$r := ceil .a0}}{{printf \"%T|%v\" $r $r}}", "ceil", [null], {"out":"float64|0"}],
  ["{{$r := round .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "round", [F(1.005), 2], {"out":"float64|1"}],
  ["{{$r := round .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "round", [F(-2.5), 0], {"out":"float64|-3"}],
  ["{{$r := round .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "round", [F(2.5), 0], {"out":"float64|3"}],
  ["{{$r := round .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "round", [F(3.14159), 3], {"out":"float64|3.142"}],
  ["{{$r := round .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "round", [F(1.45), 1, F(0.4)], {"out":"float64|1.5"}],
  ["{{$r := round .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "round", ["12.345", -1], {"out":"float64|10"}],
  ["{{$r := round .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "round", [F(123.456), -2], {"out":"float64|100"}],
  ["{{$r := round .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "round", [5, 2], {"out":"float64|5"}],
  ["{{$r := seq}}{{printf \"%T|%v\" $r $r}}", "seq", [], {"out":"string|"}],
  ["{{$r := seq .a0}}{{printf \"%T|%v\" $r $r}}", "seq", [0], {"out":"string|1 0"}],
  ["{{$r := seq .a0}}{{printf \"%T|%v\" $r $r}}", "seq", [5], {"out":"string|1 2 3 4 5"}],
  ["{{$r := seq .a0}}{{printf \"%T|%v\" $r $r}}", "seq", [-3], {"out":"string|1 0 -1 -2 -3"}],
  ["{{$r := seq .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "seq", [2, 5], {"out":"string|2 3 4 5"}],
  ["{{$r := seq .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "seq", [5, 2], {"out":"string|5 4 3 2"}],
  ["{{$r := seq .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "seq", [0, 2, 10], {"out":"string|0 2 4 6 8 10"}],
  ["{{$r := seq .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "seq", [10, -2, 0], {"out":"string|10 8 6 4 2 0"}],
  ["{{$r := seq .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "seq", [10, 2, 0], {"out":"string|"}],
  ["{{$r := seq .a0 .a1 .a2 .a3}}{{printf \"%T|%v\" $r $r}}", "seq", [1, 2, 3, 4], {"out":"string|"}],
  ["{{$r := seq .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "seq", [0, 0, 5], {"out":"string|"}],
  ["{{$r := until .a0}}{{printf \"%T|%v\" $r $r}}", "until", [5], {"out":"[]int|[0 1 2 3 4]"}],
  ["{{$r := until .a0}}{{printf \"%T|%v\" $r $r}}", "until", [-3], {"out":"[]int|[0 -1 -2]"}],
  ["{{$r := until .a0}}{{printf \"%T|%v\" $r $r}}", "until", [0], {"out":"[]int|[]"}],
  ["{{$r := untilStep .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "untilStep", [0, 10, 3], {"out":"[]int|[0 3 6 9]"}],
  ["{{$r := untilStep .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "untilStep", [10, 0, -4], {"out":"[]int|[10 6 2]"}],
  ["{{$r := untilStep .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "untilStep", [0, 10, 0], {"out":"[]int|[]"}],
  ["{{$r := untilStep .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "untilStep", [10, 0, 1], {"out":"[]int|[]"}],
];

describe('numericFunctions against the Go oracle', () => {
  test.each(cases)('%s', (_template, name, args, expected) => {
    const call = (): GoValue => numericFunctions[name].fn(...args);
    if ('error' in expected) {
      expect(call).toThrow(FunctionError);
      expect(call).toThrow(expected.error);
    } else {
      const r = call();
      expect(sprintf('%T|%v', [r, r])).toBe(expected.out);
    }
  });
});
