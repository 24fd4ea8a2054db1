// Expectations produced by the Go 1.19 text/template + Sprig 3.2.3 oracle (gotmpl-oracle):
// each row is [template it was rendered from, function, arguments, {out: "%T|%v" of the result} or {error}].
import { sprintf } from '../../go/fmt';
import { FunctionError } from '../function-types';
import { GoFloat, GoInt, GoValue, withGoType } from '../../core/values';
import { castToFloat64, castToInt, castToInt64, conversionFunctions, strval, toGoStringList } from './conversion';

const F = (x: number): GoFloat => new GoFloat(x);
type Expected = { out: string } | { error: string };

const cases: Array<[string, string, GoValue[], Expected]> = [
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [5], {"out":"int|5"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [-7], {"out":"int|-7"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [F(3.9)], {"out":"int|3"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [F(-3.9)], {"out":"int|-3"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [F(100000000000000000000)], {"out":"int|-9223372036854775808"}],
  ["{{$r := int (float64 \"NaN\")}}{{printf \"%T|%v\" $r $r}}", "int", [F(NaN)], {"out":"int|-9223372036854775808"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [true], {"out":"int|1"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [false], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [null], {"out":"int|0"}],
  ["{{$r := int .absent}}{{printf \"%T|%v\" $r $r}}", "int", [undefined], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["42"], {"out":"int|42"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["010"], {"out":"int|8"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["08"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["0x1F"], {"out":"int|31"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["0b101"], {"out":"int|5"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["0o17"], {"out":"int|15"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["1_000"], {"out":"int|1000"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["_1000"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["1__0"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["12.0"], {"out":"int|12"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["12.50"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["12.5"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [" 1"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["abc"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [""], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["-12"], {"out":"int|-12"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["+3"], {"out":"int|3"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["9223372036854775808"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["1e3"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["inf"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["-Infinity"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["nan"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["0x1p4"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [".5"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["5."], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", ["1_000.5"], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [[1]], {"out":"int|0"}],
  ["{{$r := int .a0}}{{printf \"%T|%v\" $r $r}}", "int", [{"a": 1}], {"out":"int|0"}],
  ["{{$r := int (int64 \"9007199254740993\")}}{{printf \"%T|%v\" $r $r}}", "int", [new GoInt('int64', 9007199254740993n)], {"out":"int|9007199254740993"}],
  ["{{$r := int (semver \"3.0.0\").Major}}{{printf \"%T|%v\" $r $r}}", "int", [new GoInt('uint64', 3n)], {"out":"int|3"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [5], {"out":"int64|5"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [-7], {"out":"int64|-7"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [F(3.9)], {"out":"int64|3"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [F(-3.9)], {"out":"int64|-3"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [F(100000000000000000000)], {"out":"int64|-9223372036854775808"}],
  ["{{$r := int64 (float64 \"NaN\")}}{{printf \"%T|%v\" $r $r}}", "int64", [F(NaN)], {"out":"int64|-9223372036854775808"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [true], {"out":"int64|1"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [false], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [null], {"out":"int64|0"}],
  ["{{$r := int64 .absent}}{{printf \"%T|%v\" $r $r}}", "int64", [undefined], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["42"], {"out":"int64|42"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["010"], {"out":"int64|8"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["08"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["0x1F"], {"out":"int64|31"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["0b101"], {"out":"int64|5"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["0o17"], {"out":"int64|15"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["1_000"], {"out":"int64|1000"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["_1000"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["1__0"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["12.0"], {"out":"int64|12"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["12.50"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["12.5"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [" 1"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["abc"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [""], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["-12"], {"out":"int64|-12"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["+3"], {"out":"int64|3"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["9223372036854775808"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["1e3"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["inf"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["-Infinity"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["nan"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["0x1p4"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [".5"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["5."], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", ["1_000.5"], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [[1]], {"out":"int64|0"}],
  ["{{$r := int64 .a0}}{{printf \"%T|%v\" $r $r}}", "int64", [{"a": 1}], {"out":"int64|0"}],
  ["{{$r := int64 (int64 \"9007199254740993\")}}{{printf \"%T|%v\" $r $r}}", "int64", [new GoInt('int64', 9007199254740993n)], {"out":"int64|9007199254740993"}],
  ["{{$r := int64 (semver \"3.0.0\").Major}}{{printf \"%T|%v\" $r $r}}", "int64", [new GoInt('uint64', 3n)], {"out":"int64|3"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [5], {"out":"float64|5"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [-7], {"out":"float64|-7"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [F(3.9)], {"out":"float64|3.9"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [F(-3.9)], {"out":"float64|-3.9"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [F(100000000000000000000)], {"out":"float64|1e+20"}],
  ["{{$r := float64 (float64 \"NaN\")}}{{printf \"%T|%v\" $r $r}}", "float64", [F(NaN)], {"out":"float64|NaN"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [true], {"out":"float64|1"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [false], {"out":"float64|0"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [null], {"out":"float64|0"}],
  ["{{$r := float64 .absent}}{{printf \"%T|%v\" $r $r}}", "float64", [undefined], {"out":"float64|0"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["42"], {"out":"float64|42"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["010"], {"out":"float64|10"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["08"], {"out":"float64|8"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["0x1F"], {"out":"float64|0"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["0b101"], {"out":"float64|0"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["0o17"], {"out":"float64|0"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["1_000"], {"out":"float64|1000"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["_1000"], {"out":"float64|0"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["1__0"], {"out":"float64|0"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["12.0"], {"out":"float64|12"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["12.50"], {"out":"float64|12.5"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["12.5"], {"out":"float64|12.5"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [" 1"], {"out":"float64|0"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["abc"], {"out":"float64|0"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [""], {"out":"float64|0"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["-12"], {"out":"float64|-12"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["+3"], {"out":"float64|3"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["9223372036854775808"], {"out":"float64|9.223372036854776e+18"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["1e3"], {"out":"float64|1000"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["inf"], {"out":"float64|+Inf"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["-Infinity"], {"out":"float64|-Inf"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["nan"], {"out":"float64|NaN"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["0x1p4"], {"out":"float64|16"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [".5"], {"out":"float64|0.5"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["5."], {"out":"float64|5"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", ["1_000.5"], {"out":"float64|1000.5"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [[1]], {"out":"float64|0"}],
  ["{{$r := float64 .a0}}{{printf \"%T|%v\" $r $r}}", "float64", [{"a": 1}], {"out":"float64|0"}],
  ["{{$r := float64 (int64 \"9007199254740993\")}}{{printf \"%T|%v\" $r $r}}", "float64", [new GoInt('int64', 9007199254740993n)], {"out":"float64|9.007199254740992e+15"}],
  ["{{$r := float64 (semver \"3.0.0\").Major}}{{printf \"%T|%v\" $r $r}}", "float64", [new GoInt('uint64', 3n)], {"out":"float64|3"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", ["42"], {"out":"int|42"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", [" 1"], {"out":"int|0"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", ["-5"], {"out":"int|-5"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", ["+5"], {"out":"int|5"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", ["1e3"], {"out":"int|0"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", [""], {"out":"int|0"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", ["abc"], {"out":"int|0"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", ["99999999999999999999"], {"out":"int|9223372036854775807"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", ["-99999999999999999999"], {"out":"int|-9223372036854775808"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", ["0x10"], {"out":"int|0"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", ["010"], {"out":"int|10"}],
  ["{{$r := atoi .a0}}{{printf \"%T|%v\" $r $r}}", "atoi", ["1_0"], {"out":"int|0"}],
  ["{{$r := toString .a0}}{{printf \"%T|%v\" $r $r}}", "toString", [5], {"out":"string|5"}],
  ["{{$r := toString .a0}}{{printf \"%T|%v\" $r $r}}", "toString", [F(1.5)], {"out":"string|1.5"}],
  ["{{$r := toString .a0}}{{printf \"%T|%v\" $r $r}}", "toString", ["abc"], {"out":"string|abc"}],
  ["{{$r := toString .a0}}{{printf \"%T|%v\" $r $r}}", "toString", [true], {"out":"string|true"}],
  ["{{$r := toString .a0}}{{printf \"%T|%v\" $r $r}}", "toString", [null], {"out":"string|<nil>"}],
  ["{{$r := toString .absent}}{{printf \"%T|%v\" $r $r}}", "toString", [undefined], {"out":"string|<nil>"}],
  ["{{$r := toString .a0}}{{printf \"%T|%v\" $r $r}}", "toString", [[1, null, "x"]], {"out":"string|[1 <nil> x]"}],
  ["{{$r := toString .a0}}{{printf \"%T|%v\" $r $r}}", "toString", [{"a": 1}], {"out":"string|map[a:1]"}],
  ["{{$r := toString (int64 \"3\")}}{{printf \"%T|%v\" $r $r}}", "toString", [new GoInt('int64', 3n)], {"out":"string|3"}],
  ["{{$r := toString .a0}}{{printf \"%T|%v\" $r $r}}", "toString", [F(1000000)], {"out":"string|1e+06"}],
  ["{{$r := toString (toStrings (list \"a\" \"b\"))}}{{printf \"%T|%v\" $r $r}}", "toString", [withGoType(["a","b"], '[]string')], {"out":"string|[a b]"}],
  ["{{$r := toStrings .a0}}{{printf \"%T|%v\" $r $r}}", "toStrings", [[1, null, "x", F(2.5), ["n"]]], {"out":"[]string|[1 x 2.5 [n]]"}],
  ["{{$r := toStrings (toStrings (list \"p\" \"q\"))}}{{printf \"%T|%v\" $r $r}}", "toStrings", [withGoType(["p","q"], '[]string')], {"out":"[]string|[p q]"}],
  ["{{$r := toStrings .a0}}{{printf \"%T|%v\" $r $r}}", "toStrings", ["single"], {"out":"[]string|[single]"}],
  ["{{$r := toStrings .a0}}{{printf \"%T|%v\" $r $r}}", "toStrings", [null], {"out":"[]string|[]"}],
  ["{{$r := toStrings .a0}}{{printf \"%T|%v\" $r $r}}", "toStrings", [3], {"out":"[]string|[3]"}],
  ["{{$r := toStrings .a0}}{{printf \"%T|%v\" $r $r}}", "toStrings", [{"a": 1}], {"out":"[]string|[map[a:1]]"}],
  ["{{$r := toDecimal .a0}}{{printf \"%T|%v\" $r $r}}", "toDecimal", ["777"], {"out":"int64|511"}],
  ["{{$r := toDecimal .a0}}{{printf \"%T|%v\" $r $r}}", "toDecimal", ["0777"], {"out":"int64|511"}],
  ["{{$r := toDecimal .a0}}{{printf \"%T|%v\" $r $r}}", "toDecimal", [644], {"out":"int64|420"}],
  ["{{$r := toDecimal .a0}}{{printf \"%T|%v\" $r $r}}", "toDecimal", ["8"], {"out":"int64|0"}],
  ["{{$r := toDecimal .a0}}{{printf \"%T|%v\" $r $r}}", "toDecimal", ["-17"], {"out":"int64|-15"}],
  ["{{$r := toDecimal .a0}}{{printf \"%T|%v\" $r $r}}", "toDecimal", [F(1.5)], {"out":"int64|0"}],
  ["{{$r := toDecimal .a0}}{{printf \"%T|%v\" $r $r}}", "toDecimal", [true], {"out":"int64|0"}],
  ["{{$r := toDecimal .a0}}{{printf \"%T|%v\" $r $r}}", "toDecimal", [null], {"out":"int64|0"}],
  ["{{$r := toDecimal .a0}}{{printf \"%T|%v\" $r $r}}", "toDecimal", [""], {"out":"int64|0"}],
];

describe('conversionFunctions against the Go oracle', () => {
  test.each(cases)('%s', (_template, name, args, expected) => {
    const call = (): GoValue => conversionFunctions[name].fn(...args);
    if ('error' in expected) {
      expect(call).toThrow(FunctionError);
      expect(call).toThrow(expected.error);
    } else {
      const r = call();
      expect(sprintf('%T|%v', [r, r])).toBe(expected.out);
    }
  });
});

describe('conversion helpers', () => {
  test('castToInt64 / castToInt / castToFloat64 follow cast 1.5.0', () => {
    expect(castToInt64('0x10')).toBe(16n);
    expect(castToInt64(new GoFloat(-2.9))).toBe(-2n);
    expect(castToInt64(new GoInt('uint64', 18446744073709551615n))).toBe(-1n);
    expect(castToInt('010')).toBe(8);
    expect(castToInt('08')).toBe(0);
    expect(castToFloat64('1e3')).toBe(1000);
    expect(castToFloat64([1])).toBe(0);
  });
  test('strval and toGoStringList', () => {
    expect(strval(null)).toBe('<nil>');
    expect(strval(new GoFloat(1e6))).toBe('1e+06');
    expect(toGoStringList([1, null, 'a'])).toEqual(['1', 'a']);
    expect(toGoStringList(undefined)).toEqual([]);
  });
});
