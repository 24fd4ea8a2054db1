// Expectations produced by the Go 1.19 text/template + Sprig 3.2.3 oracle (gotmpl-oracle):
// each row is [template it was rendered from, function, arguments, {out: "%T|%v" of the result} or {error}].
import { sprintf } from '../../go/fmt';
import { FunctionError } from '../function-types';
import { GoFloat, GoInt, GoValue, withGoType } from '../../core/values';
import { defaultFunctions } from './defaults';

const F = (x: number): GoFloat => new GoFloat(x);
type Expected = { out: string } | { error: string };

const cases: Array<[string, string, GoValue[], Expected]> = [
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [0], {"out":"bool|true"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [1], {"out":"bool|false"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [F(0)], {"out":"bool|true"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [F(0.5)], {"out":"bool|false"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [""], {"out":"bool|true"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", ["0"], {"out":"bool|false"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [" "], {"out":"bool|false"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [false], {"out":"bool|true"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [true], {"out":"bool|false"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [null], {"out":"bool|true"}],
  ["{{$r := empty .absent}}{{printf \"%T|%v\" $r $r}}", "empty", [undefined], {"out":"bool|true"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [[]], {"out":"bool|true"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [[null]], {"out":"bool|false"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [{}], {"out":"bool|true"}],
  ["{{$r := empty .a0}}{{printf \"%T|%v\" $r $r}}", "empty", [{"a": null}], {"out":"bool|false"}],
  ["{{$r := empty (int64 \"0\")}}{{printf \"%T|%v\" $r $r}}", "empty", [new GoInt('int64', 0n)], {"out":"bool|true"}],
  ["{{$r := empty (semver \"0.0.0\").Major}}{{printf \"%T|%v\" $r $r}}", "empty", [new GoInt('uint64', 0n)], {"out":"bool|true"}],
  ["{{$r := empty (semver \"1.2.3\")}}{{printf \"%T|%v\" $r $r}}", "empty", [{ goType: '*semver.Version', goKind: 'ptr', goString: () => '1.2.3' }], {"out":"bool|false"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", 0], {"out":"string|D"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", 1], {"out":"int|1"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", F(0)], {"out":"string|D"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", F(0.5)], {"out":"float64|0.5"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", ""], {"out":"string|D"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", "0"], {"out":"string|0"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", " "], {"out":"string| "}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", false], {"out":"string|D"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", true], {"out":"bool|true"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", null], {"out":"string|D"}],
  ["{{$r := default .a0 .absent}}{{printf \"%T|%v\" $r $r}}", "default", ["D", undefined], {"out":"string|D"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", []], {"out":"string|D"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", [null]], {"out":"[]interface {}|[<nil>]"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", {}], {"out":"string|D"}],
  ["{{$r := default .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "default", ["D", {"a": null}], {"out":"map[string]interface {}|map[a:<nil>]"}],
  ["{{$r := default .a0 (int64 \"0\")}}{{printf \"%T|%v\" $r $r}}", "default", ["D", new GoInt('int64', 0n)], {"out":"string|D"}],
  ["{{$r := default .a0 (semver \"0.0.0\").Major}}{{printf \"%T|%v\" $r $r}}", "default", ["D", new GoInt('uint64', 0n)], {"out":"string|D"}],
  ["{{$r := default .a0 (semver \"1.2.3\")}}{{printf \"%T|%v\" $r $r}}", "default", ["D", { goType: '*semver.Version', goKind: 'ptr', goString: () => '1.2.3' }], {"out":"*semver.Version|1.2.3"}],
  ["{{$r := default .a0}}{{printf \"%T|%v\" $r $r}}", "default", ["D"], {"out":"string|D"}],
  ["{{$r := default .a0}}{{printf \"%T|%v\" $r $r}}", "default", [null], {"out":"<nil>|<nil>"}],
  ["{{$r := default .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "default", ["D", "x", "y"], {"out":"string|x"}],
  ["{{$r := coalesce}}{{printf \"%T|%v\" $r $r}}", "coalesce", [], {"out":"<nil>|<nil>"}],
  ["{{$r := coalesce .a0 .a1 .a2 .a3 .a4}}{{printf \"%T|%v\" $r $r}}", "coalesce", [null, "", 0, "x", "y"], {"out":"string|x"}],
  ["{{$r := coalesce .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "coalesce", [null, []], {"out":"<nil>|<nil>"}],
  ["{{$r := coalesce .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "coalesce", [F(0), [1]], {"out":"[]interface {}|[1]"}],
  ["{{$r := all}}{{printf \"%T|%v\" $r $r}}", "all", [], {"out":"bool|true"}],
  ["{{$r := all .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "all", [1, "a", true], {"out":"bool|true"}],
  ["{{$r := all .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "all", [1, "", true], {"out":"bool|false"}],
  ["{{$r := any}}{{printf \"%T|%v\" $r $r}}", "any", [], {"out":"bool|false"}],
  ["{{$r := any .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "any", [0, "", null], {"out":"bool|false"}],
  ["{{$r := any .a0 .a1}}{{printf \"%T|%v\" $r $r}}", "any", [0, "x"], {"out":"bool|true"}],
  ["{{$r := ternary .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "ternary", ["yes", "no", true], {"out":"string|yes"}],
  ["{{$r := ternary .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "ternary", ["yes", "no", false], {"out":"string|no"}],
  ["{{$r := ternary .a0 .a1 .a2}}{{printf \"%T|%v\" $r $r}}", "ternary", [1, null, false], {"out":"<nil>|<nil>"}],
  ["{{$r := fail .a0}}{{printf \"%T|%v\" $r $r}}", "fail", ["boom"], {"error":"boom"}],
  ["{{$r := fail .a0}}{{printf \"%T|%v\" $r $r}}", "fail", [""], {"error":""}],
  ["{{$r := deepCopy .a0}}{{printf \"%T|%v\" $r $r}}", "deepCopy", [{"a": [1, {"b": "c"}], "n": null}], {"out":"map[string]interface {}|map[a:[1 map[b:c]] n:<nil>]"}],
  ["{{$r := deepCopy .a0}}{{printf \"%T|%v\" $r $r}}", "deepCopy", [5], {"out":"int|5"}],
  ["{{$r := deepCopy (toStrings (list \"x\"))}}{{printf \"%T|%v\" $r $r}}", "deepCopy", [withGoType(["x"], '[]string')], {"out":"[]string|[x]"}],
  ["{{$r := mustDeepCopy .a0}}{{printf \"%T|%v\" $r $r}}", "mustDeepCopy", [[F(1.5), null]], {"out":"[]interface {}|[1.5 <nil>]"}],
  ["{{$r := deepCopy .a0}}{{printf \"%T|%v\" $r $r}}", "deepCopy", ["str"], {"out":"string|str"}],
];

describe('defaultFunctions against the Go oracle', () => {
  test.each(cases)('%s', (_template, name, args, expected) => {
    const call = (): GoValue => defaultFunctions[name].fn(...args);
    if ('error' in expected) {
      expect(call).toThrow(FunctionError);
      expect(call).toThrow(expected.error);
    } else {
      const r = call();
      expect(sprintf('%T|%v', [r, r])).toBe(expected.out);
    }
  });
});

describe('deepCopy', () => {
  test('copies maps and lists recursively and keeps Go types', () => {
    const inner = { b: 'c' };
    const original = { a: [1, inner], s: withGoType(['x'], '[]string') };
    const copy = defaultFunctions.deepCopy.fn(original) as typeof original;
    expect(copy).toEqual(original);
    expect(copy.a[1]).not.toBe(inner);
    expect(sprintf('%T', [copy.s])).toBe('[]string');
  });
});
