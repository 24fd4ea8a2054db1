// Expectations produced by the Go 1.19 text/template + Sprig oracle (gotmpl-oracle);
// each row's first column is the template the expectation was rendered from.
import { formatValue, sprint, sprintf, sprintln } from './fmt';
import { GoFloat, GoInt, GoValue, withGoType } from '../core/values';

const F = (x: number): GoFloat => new GoFloat(x);

const cases: Array<[string, () => string, string]> = [
  ["{{printf `%v|%v|%v|%v` .a0 .a1 .a2 .a3}}", () => sprintf("%v|%v|%v|%v", [1, "a", true, null]), "1|a|true|<nil>"],
  ["{{printf `%v` .absent}}", () => sprintf("%v", [undefined]), "<nil>"],
  ["{{printf `%v %v %v %v %v %v` .a0 .a1 .a2 .a3 .a4 .a5}}", () => sprintf("%v %v %v %v %v %v", [F(1000000), F(1234567), F(100000), F(-0), F(0.00001), F(0.0001)]), "1e+06 1.234567e+06 100000 -0 1e-05 0.0001"],
  ["{{printf `%v %v %v` .a0 .a1 .a2}}", () => sprintf("%v %v %v", [F(1e+21), F(100000000000000000000), F(123456789.125)]), "1e+21 1e+20 1.23456789125e+08"],
  ["{{printf `%v %v %v` (float64 \"+Inf\") (float64 \"-Inf\") (float64 \"NaN\")}}", () => sprintf("%v %v %v", [F(Infinity), F(-Infinity), F(NaN)]), "+Inf -Inf NaN"],
  ["{{printf `%v %v %v` .a0 .a1 .a2}}", () => sprintf("%v %v %v", [F(0.1), F(2.5), F(0.3333333333333333)]), "0.1 2.5 0.3333333333333333"],
  ["{{printf `%v %v` (int64 \"-42\") (semver \"7.0.0\").Major}}", () => sprintf("%v %v", [new GoInt('int64', -42n), new GoInt('uint64', 7n)]), "-42 7"],
  ["{{printf `%v` .a0}}", () => sprintf("%v", [{"b": 2, "a": 1, "c": null}]), "map[a:1 b:2 c:<nil>]"],
  ["{{printf `%v` .a0}}", () => sprintf("%v", [{"9": 4, "10": 3, "B": 1, "a": 2, "é": 5}]), "map[10:3 9:4 B:1 a:2 é:5]"],
  ["{{printf `%v` .a0}}", () => sprintf("%v", [["a", 1, F(2.5), null, false, [], {}]]), "[a 1 2.5 <nil> false [] map[]]"],
  ["{{printf `%v` .a0}}", () => sprintf("%v", [{"x": [1, {"y": "z"}]}]), "map[x:[1 map[y:z]]]"],
  ["{{printf `%v|%v|%v` (toStrings (list \"a\" \"b\")) (until 3) (split \"\\x00\" \"x\\u0000y\")}}", () => sprintf("%v|%v|%v", [withGoType(["a","b"], '[]string'), withGoType([0, 1, 2], '[]int'), withGoType({_0: "x", _1: "y"}, 'map[string]string')]), "[a b]|[0 1 2]|map[_0:x _1:y]"],
  ["{{printf `%+v|%#v` .a0 .a1}}", () => sprintf("%+v|%#v", [{"a": 1}, {"a": 1}]), "map[a:1]|map[string]interface {}{\"a\":1}"],
  ["{{printf `%#v` .a0}}", () => sprintf("%#v", [{"b": "x", "a": [1, "q", null, F(1.5), F(2), true]}]), "map[string]interface {}{\"a\":[]interface {}{1, \"q\", interface {}(nil), 1.5, 2, true}, \"b\":\"x\"}"],
  ["{{printf `%#v|%#v|%#v` (toStrings (list \"a\" \"b\")) (until 2) (split \"\\x00\" \"p\")}}", () => sprintf("%#v|%#v|%#v", [withGoType(["a","b"], '[]string'), withGoType([0, 1], '[]int'), withGoType({_0: "p"}, 'map[string]string')]), "[]string{\"a\", \"b\"}|[]int{0, 1}|map[string]string{\"_0\":\"p\"}"],
  ["{{printf `%#v|%#v|%#v|%#v|%#v` .a0 .a1 .a2 .a3 .a4}}", () => sprintf("%#v|%#v|%#v|%#v|%#v", [5, "a\"b", F(1), F(1000000), false]), "5|\"a\\\"b\"|1|1e+06|false"],
  ["{{printf `%#v|%#v|%#v` (semver \"255.0.0\").Major (int64 \"-3\") .a0}}", () => sprintf("%#v|%#v|%#v", [new GoInt('uint64', 255n), new GoInt('int64', -3n), null]), "0xff|-3|<nil>"],
  ["{{printf `%#v` .a0}}", () => sprintf("%#v", [[]]), "[]interface {}{}"],
  ["{{printf `%T|%T|%T|%T|%T|%T|%T` .a0 .a1 .a2 .a3 .a4 .a5 .a6}}", () => sprintf("%T|%T|%T|%T|%T|%T|%T", [1, F(1), "", true, null, [], {}]), "int|float64|string|bool|<nil>|[]interface {}|map[string]interface {}"],
  ["{{printf `%T|%T|%T|%T|%T` (int64 \"1\") (semver \"1.0.0\").Major (toStrings (list )) (until 1) (split \"\\x00\" \"a\")}}", () => sprintf("%T|%T|%T|%T|%T", [new GoInt('int64', 1n), new GoInt('uint64', 1n), withGoType([], '[]string'), withGoType([0], '[]int'), withGoType({_0: "a"}, 'map[string]string')]), "int64|uint64|[]string|[]int|map[string]string"],
  ["{{printf `%10T|%-8T|` .a0 .a1}}", () => sprintf("%10T|%-8T|", [1, "x"]), "       int|string  |"],
  ["{{printf `%%|%5%|%-5%|`}}", () => sprintf("%%|%5%|%-5%|", []), "%|%|%|"],
  ["{{printf `%t %t %5t %-6t|` .a0 .a1 .a2 .a3}}", () => sprintf("%t %t %5t %-6t|", [true, false, true, false]), "true false  true false |"],
  ["{{printf `%t` .a0}}", () => sprintf("%t", [1]), "%!t(int=1)"],
  ["{{printf `%d|%5d|%-5d|%05d|%+d|% d|%+05d` .a0 .a1 .a2 .a3 .a4 .a5 .a6}}", () => sprintf("%d|%5d|%-5d|%05d|%+d|% d|%+05d", [42, 42, 42, 42, 42, 42, -42]), "42|   42|42   |00042|+42| 42|-0042"],
  ["{{printf `%b|%o|%O|%x|%X|%#b|%#o|%#x|%#X` .a0 .a1 .a2 .a3 .a4 .a5 .a6 .a7 .a8}}", () => sprintf("%b|%o|%O|%x|%X|%#b|%#o|%#x|%#X", [10, 10, 10, 255, 255, 5, 8, 255, 255]), "1010|12|0o12|ff|FF|0b101|010|0xff|0XFF"],
  ["{{printf `%.3d|%.0d|%5.0d|%8.4x|%-#8x|` .a0 .a1 .a2 .a3 .a4}}", () => sprintf("%.3d|%.0d|%5.0d|%8.4x|%-#8x|", [7, 0, 0, 255, 255]), "007||     |    00ff|0xff    |"],
  ["{{printf `%x|%X|%o|%b|%d` .a0 .a1 .a2 .a3 (int64 \"-9223372036854775808\")}}", () => sprintf("%x|%X|%o|%b|%d", [-255, -255, -8, -5, new GoInt('int64', -9223372036854775808n)]), "-ff|-FF|-10|-101|-9223372036854775808"],
  ["{{printf `%d %x %v` (semver \"18446744073709551615.0.0\").Major (semver \"18446744073709551615.0.0\").Major (semver \"18446744073709551615.0.0\").Major}}", () => sprintf("%d %x %v", [new GoInt('uint64', 18446744073709551615n), new GoInt('uint64', 18446744073709551615n), new GoInt('uint64', 18446744073709551615n)]), "18446744073709551615 ffffffffffffffff 18446744073709551615"],
  ["{{printf `%c|%c|%c|%5c|%-3c|` .a0 .a1 .a2 .a3 .a4}}", () => sprintf("%c|%c|%c|%5c|%-3c|", [65, 19990, 128512, 66, 67]), "A|世|😀|    B|C  |"],
  ["{{printf `%q|%q|%+q|%#q|%q` .a0 .a1 .a2 .a3 .a4}}", () => sprintf("%q|%q|%+q|%#q|%q", [65, 19990, 19990, 10, 39]), "'A'|'世'|'\\u4e16'|'\\n'|'\\''"],
  ["{{printf `%U|%#U|%#U|%8U|%.6U` .a0 .a1 .a2 .a3 .a4}}", () => sprintf("%U|%#U|%#U|%8U|%.6U", [65, 19990, 10, 65, 65]), "U+0041|U+4E16 '世'|U+000A|  U+0041|U+000041"],
  ["{{printf `%c|%q` .a0 .a1}}", () => sprintf("%c|%q", [-1, 1114112]), "�|'�'"],
  ["{{printf `%d|%010d|%-010d|` .a0 .a1 .a2}}", () => sprintf("%d|%010d|%-010d|", [-123, -123, -123]), "-123|-000000123|-123      |"],
  ["{{printf `%#o|%#O|%O` .a0 .a1 .a2}}", () => sprintf("%#o|%#O|%O", [0, 8, -8]), "0|0o010|-0o10"],
  ["{{printf `%f|%.2f|%8.3f|%-8.3f|%08.3f|%+.1f|% .1f` .a0 .a1 .a2 .a3 .a4 .a5 .a6}}", () => sprintf("%f|%.2f|%8.3f|%-8.3f|%08.3f|%+.1f|% .1f", [F(3.14159), F(3.14159), F(3.14159), F(3.14159), F(-3.14159), F(2), F(2)]), "3.141590|3.14|   3.142|3.142   |-003.142|+2.0| 2.0"],
  ["{{printf `%e|%E|%.2e|%.0e|%10.3e` .a0 .a1 .a2 .a3 .a4}}", () => sprintf("%e|%E|%.2e|%.0e|%10.3e", [F(123456.789), F(123456.789), F(0.000123), F(5), F(-1.5)]), "1.234568e+05|1.234568E+05|1.23e-04|5e+00|-1.500e+00"],
  ["{{printf `%g|%G|%.3g|%.10g|%g|%g|%g` .a0 .a1 .a2 .a3 .a4 .a5 .a6}}", () => sprintf("%g|%G|%.3g|%.10g|%g|%g|%g", [F(123456.789), F(1e-7), F(123456.789), F(0.3333333333333333), F(1000000), F(1e+21), F(100000)]), "123456.789|1E-07|1.23e+05|0.3333333333|1e+06|1e+21|100000"],
  ["{{printf `%.0f|%.0f|%.0f|%.0f|%.1f|%.1f|%.2f` .a0 .a1 .a2 .a3 .a4 .a5 .a6}}", () => sprintf("%.0f|%.0f|%.0f|%.0f|%.1f|%.1f|%.2f", [F(0.5), F(1.5), F(2.5), F(-0.5), F(0.25), F(0.35), F(1.005)]), "0|2|2|-0|0.2|0.3|1.00"],
  ["{{printf `%.2e|%.3g|%.1g|%.0g` .a0 .a1 .a2 .a3}}", () => sprintf("%.2e|%.3g|%.1g|%.0g", [F(1.125), F(2.675), F(0.05), F(150)]), "1.12e+00|2.67|0.05|2e+02"],
  ["{{printf `%F|%.3F` .a0 .a1}}", () => sprintf("%F|%.3F", [F(1.5), F(2)]), "1.500000|2.000"],
  ["{{printf `%#g|%#.3g|%#f|%#.0f|%#e|%#.0e|%#v` .a0 .a1 .a2 .a3 .a4 .a5 .a6}}", () => sprintf("%#g|%#.3g|%#f|%#.0f|%#e|%#.0e|%#v", [F(1), F(1), F(1), F(1), F(1), F(2), F(3)]), "1.00000|1.00|1.000000|1.|1.000000e+00|2.e+00|3"],
  ["{{printf `%#g|%#g|%#.4g` .a0 .a1 .a2}}", () => sprintf("%#g|%#g|%#.4g", [F(123456789), F(0.00001234), F(0)]), "1.23456789e+08|1.23400e-05|0.000"],
  ["{{printf `%b|%x|%X|%.2x|%#x` .a0 .a1 .a2 .a3 .a4}}", () => sprintf("%b|%x|%X|%.2x|%#x", [F(1), F(1), F(-3.75), F(0.3333333333333333), F(1)]), "4503599627370496p-52|0x1p+00|-0X1.EP+01|0x1.55p-02|0x1.0000p+00"],
  ["{{printf `%x|%.0x|%.1x` .a0 .a1 .a2}}", () => sprintf("%x|%.0x|%.1x", [F(0), F(1.5), F(1.96875)]), "0x0p+00|0x1p+01|0x1.0p+01"],
  ["{{printf `%f|%5.1f|%-6f|%06f|%+f|% f` (float64 \"+Inf\") (float64 \"-Inf\") (float64 \"NaN\") (float64 \"+Inf\") (float64 \"NaN\") (float64 \"NaN\")}}", () => sprintf("%f|%5.1f|%-6f|%06f|%+f|% f", [F(Infinity), F(-Infinity), F(NaN), F(Infinity), F(NaN), F(NaN)]), "+Inf| -Inf|NaN   |  +Inf|+NaN| NaN"],
  ["{{printf `%d|%s` .a0 .a1}}", () => sprintf("%d|%s", [F(1.5), F(2)]), "%!d(float64=1.5)|%!s(float64=2)"],
  ["{{printf `%f|%e|%g` .a0 .a1 .a2}}", () => sprintf("%f|%e|%g", [3, 3, 3]), "%!f(int=3)|%!e(int=3)|%!g(int=3)"],
  ["{{printf `%.30f|%.20e` .a0 .a1}}", () => sprintf("%.30f|%.20e", [F(0.1), F(0.3333333333333333)]), "0.100000000000000005551115123126|3.33333333333333314830e-01"],
  ["{{printf `%f|%g|%e` .a0 .a1 .a2}}", () => sprintf("%f|%g|%e", [F(1e+300), F(5e-324), F(1.7976931348623157e+308)]), "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000|5e-324|1.797693e+308"],
  ["{{printf `%v|%.3v|%10v|%-10v|` .a0 .a1 .a2 .a3}}", () => sprintf("%v|%.3v|%10v|%-10v|", [F(3.14159), F(3.14159), F(2.5), F(2.5)]), "3.14159|3.14|       2.5|2.5       |"],
  ["{{printf `%6.2f%%` .a0}}", () => sprintf("%6.2f%%", [F(99.5)]), " 99.50%"],
  ["{{printf `%s|%10s|%-10s|%.2s|%5.1s|%05s` .a0 .a1 .a2 .a3 .a4 .a5}}", () => sprintf("%s|%10s|%-10s|%.2s|%5.1s|%05s", ["hello", "hi", "hi", "héllo", "héllo", "ab"]), "hello|        hi|hi        |hé|    h|000ab"],
  ["{{printf `%q|%+q|%#q|%#q|%q` .a0 .a1 .a2 .a3 .a4}}", () => sprintf("%q|%+q|%#q|%#q|%q", ["a\"b\\c\n", "héllo☺", "back`tick", "plain", "\u0007  ﻿"]), "\"a\\\"b\\\\c\\n\"|\"h\\u00e9llo\\u263a\"|\"back`tick\"|`plain`|\"\\a\\x7f\\u00a0\\u2028\\ufeff\""],
  ["{{printf `%x|%X|% x|%#x|%# X|%.2x|%8x|%-8x|` .a0 .a1 .a2 .a3 .a4 .a5 .a6 .a7}}", () => sprintf("%x|%X|% x|%#x|%# X|%.2x|%8x|%-8x|", ["hi", "hi", "hi", "hi", "hi", "hello", "hi", "hi"]), "6869|6869|68 69|0x6869|0X68 0X69|6865|    6869|6869    |"],
  ["{{printf `%x|%10x|` .a0 .a1}}", () => sprintf("%x|%10x|", ["é", ""]), "c3a9|          |"],
  ["{{printf `%s|%d|%t` .a0 .a1 .a2}}", () => sprintf("%s|%d|%t", [1, "abc", "x"]), "%!s(int=1)|%!d(string=abc)|%!t(string=x)"],
  ["{{printf `%s` .a0}}", () => sprintf("%s", [[1, "a"]]), "[%!s(int=1) a]"],
  ["{{printf `%d` .a0}}", () => sprintf("%d", [[1, "a", null]]), "[1 %!d(string=a) <nil>]"],
  ["{{printf `%d` .a0}}", () => sprintf("%d", [{"a": 1}]), "map[%!d(string=a):1]"],
  ["{{printf `%x|%X` .a0 (toStrings (list \"hi\"))}}", () => sprintf("%x|%X", [["ab", 255], withGoType(["hi"], '[]string')]), "[6162 ff]|[6869]"],
  ["{{printf `%q` .a0}}", () => sprintf("%q", [["a", "b"]]), "[\"a\" \"b\"]"],
  ["{{printf `%5v|%-5v|%05d` .a0 .a1 .a2}}", () => sprintf("%5v|%-5v|%05d", [[1, 2], ["a"], [1]]), "[    1     2]|[a    ]|[00001]"],
  ["{{printf `%s|%v` .a0 .absent}}", () => sprintf("%s|%v", [null, undefined]), "%!s(<nil>)|<nil>"],
  ["{{printf `%d %d` .a0 .absent}}", () => sprintf("%d %d", [null, undefined]), "%!d(<nil>) %!d(<nil>)"],
  ["{{printf `%!|%z` .a0 .a1}}", () => sprintf("%!|%z", [1, 2]), "%!!(int=1)|%!z(int=2)"],
  ["{{printf `%d %d` .a0}}", () => sprintf("%d %d", [1]), "1 %!d(MISSING)"],
  ["{{printf `%d` .a0 .a1 .a2 .a3}}", () => sprintf("%d", [1, "x", null, F(1.5)]), "1%!(EXTRA string=x, <nil>, float64=1.5)"],
  ["{{printf `%`}}", () => sprintf("%", []), "%!(NOVERB)"],
  ["{{printf `abc%` .a0}}", () => sprintf("abc%", [1]), "abc%!(NOVERB)%!(EXTRA int=1)"],
  ["{{printf `%-`}}", () => sprintf("%-", []), "%!(NOVERB)"],
  ["{{printf `%[2]d %[1]d` .a0 .a1}}", () => sprintf("%[2]d %[1]d", [1, 2]), "2 1"],
  ["{{printf `%[3]d` .a0 .a1}}", () => sprintf("%[3]d", [1, 2]), "%!d(BADINDEX)"],
  ["{{printf `%[0]d|%[x]d|%[1]` .a0}}", () => sprintf("%[0]d|%[x]d|%[1]", [1]), "%!d(BADINDEX)|%!d(BADINDEX)|%!(NOVERB)"],
  ["{{printf `%[1]d %d %d` .a0 .a1 .a2}}", () => sprintf("%[1]d %d %d", [1, 2, 3]), "1 2 3"],
  ["{{printf `%[2]*[1]d|` .a0 .a1}}", () => sprintf("%[2]*[1]d|", [12, 5]), "   12|"],
  ["{{printf `%*d|%-*d|%*d|` .a0 .a1 .a2 .a3 .a4 .a5}}", () => sprintf("%*d|%-*d|%*d|", [5, 1, 5, 2, -5, 3]), "    1|2    |3    |"],
  ["{{printf `%.*f|%*.*f|` .a0 .a1 .a2 .a3 .a4}}", () => sprintf("%.*f|%*.*f|", [2, F(3.14159), 8, 3, F(3.14159)]), "3.14|   3.142|"],
  ["{{printf `%*d` .a0 .a1}}", () => sprintf("%*d", ["x", 1]), "%!(BADWIDTH)1"],
  ["{{printf `%.*d` .a0 .a1}}", () => sprintf("%.*d", ["x", 1]), "%!(BADPREC)1"],
  ["{{printf `%*d` (int64 \"4\") .a0}}", () => sprintf("%*d", [new GoInt('int64', 4n), 1]), "   1"],
  ["{{printf `%*d` .a0 .a1}}", () => sprintf("%*d", [10000000, 1]), "%!(BADWIDTH)1"],
  ["{{printf `%[1]*d` .a0}}", () => sprintf("%[1]*d", [3]), "%!d(MISSING)"],
  ["{{printf `%3[1]d|%.2[1]d` .a0}}", () => sprintf("%3[1]d|%.2[1]d", [7]), "  7|07"],
  ["{{printf `%☺` .a0}}", () => sprintf("%☺", [1]), "%!☺(int=1)"],
  ["{{printf `x%vy%vz` .a0 .a1}}", () => sprintf("x%vy%vz", ["A", 2]), "xAy2z"],
  ["{{printf `%v %v` .a0 .a1}}", () => sprintf("%v %v", [[{"a": null}], {"k": []}]), "[map[a:<nil>]] map[k:[]]"],
  ["{{printf `%t` .a0}}", () => sprintf("%t", [null]), "%!t(<nil>)"],
  ["{{printf `%.3q|%10q|%-10q|` .a0 .a1 .a2}}", () => sprintf("%.3q|%10q|%-10q|", ["abcdef", "ab", "ab"]), "\"abc\"|      \"ab\"|\"ab\"      |"],
  ["{{printf `%s` .a0}}", () => sprintf("%s", [{"b": true}]), "map[b:%!s(bool=true)]"],
  ["{{printf `%08.3f|%-08.3f|%+08d|%x` .a0 .a1 .a2 .a3}}", () => sprintf("%08.3f|%-08.3f|%+08d|%x", [F(-1), F(1), 5, 0]), "-001.000|1.000   |+0000005|0"],
  ["{{printf `%6.2v|%.0v` .a0 .a1}}", () => sprintf("%6.2v|%.0v", ["abcdef", "abc"]), "    ab|"],
  ["{{print .a0 .a1 .a2 .a3 .a4 .a5 .a6 .a7}}", () => sprint(["a", "b", 1, 2, "c", true, null, F(1.5)]), "ab1 2ctrue <nil> 1.5"],
  ["{{print .a0 .a1 .a2}}", () => sprint([1, "a", 2]), "1a2"],
  ["{{print .a0 .a1}}", () => sprint([null, null]), "<nil> <nil>"],
  ["{{print .absent .a0}}", () => sprint([undefined, "x"]), "<nil>x"],
  ["{{print}}", () => sprint([]), ""],
  ["{{println .a0 .a1 .a2}}", () => sprintln(["a", 1, "b"]), "a 1 b\n"],
  ["{{println}}", () => sprintln([]), "\n"],
  ["{{print .a0 .a1}}", () => sprint([[1, "a"], {"a": F(2)}]), "[1 a] map[a:2]"],
  ["{{print (int64 \"5\") (semver \"6.0.0\").Major .a0}}", () => sprint([new GoInt('int64', 5n), new GoInt('uint64', 6n), F(1000000)]), "5 6 1e+06"],
];

describe('fmt against the Go oracle', () => {
  test.each(cases)('%s', (_template, run, expected) => {
    expect(run()).toBe(expected);
  });
});

describe('formatValue', () => {
  const values: Array<[GoValue, string]> = [
    [null, '<nil>'],
    [undefined, '<nil>'],
    [F(1e6), '1e+06'],
    [{ b: [1, 'x'], a: null }, 'map[a:<nil> b:[1 x]]'],
    [new GoInt('int64', 123n), '123'],
    [{ goType: 'semver.Version', goKind: 'ptr', goString: () => '1.2.3' }, '1.2.3'],
  ];
  test.each(values)('%p', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });

  test('a Stringer inside a collection prints via its String method', () => {
    const v = { goType: '*semver.Version', goKind: 'ptr', goString: () => '1.2.3' };
    expect(sprintf('%v|%s|%q|%x', [[v], v, v, v])).toBe('[1.2.3]|1.2.3|"1.2.3"|312e322e33');
  });
});
