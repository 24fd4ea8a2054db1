/**
 * Sprig list/dict/reflection functions called directly with Go values; every expectation is the
 * output of the real Go oracle for the template shown (filled in from
 * /root/.cache/gotmpl-oracle/oracle), "err:MSG" being the text after "error calling NAME: ".
 */
import { GoInt, type GoValue, withGoType } from '../../core/values';
import { dictFunctions } from './dicts';
import { listFunctions } from './lists';
import { reflectFunctions } from './reflect';
import { semverFunctions } from './semver';
import { jsonFunctions } from './json';
import { oracleCases, renderResult } from './oracle-cases';

const all = { ...listFunctions, ...dictFunctions, ...reflectFunctions, ...semverFunctions, ...jsonFunctions };
const call = (name: keyof typeof all, ...args: GoValue[]): GoValue => all[name].fn(...args);
const list = (...items: GoValue[]): GoValue[] => items;
const dict = (...kv: GoValue[]): GoValue => call('dict', ...kv);
const i64 = (n: number): GoInt => new GoInt('int64', BigInt(n));
/** A Go []string, as splitList returns it. */
const strs = (...s: string[]): GoValue => withGoType(s, '[]string');

const render = renderResult;

const { cases, c } = oracleCases();

c("{{list 1 \"a\" nil}}", () => call('list', 1, 'a', null), "ok:[1 a <nil>]");
c("{{list}}", () => call('list'), "ok:[]");
c("{{push (list 1) 2}}", () => call('push', list(1), 2), "ok:[1 2]");
c("{{append \"x\" 2}}", () => call('append', 'x', 2), "err:Cannot push on type string");
c("{{mustPush nil 2}}", () => call('mustPush', null, 2), "err:runtime error: invalid memory address or nil pointer dereference");
c("{{prepend (list 1) 0}}", () => call('prepend', list(1), 0), "ok:[0 1]");
c("{{mustPrepend (dict) 0}}", () => call('mustPrepend', dict(), 0), "err:Cannot prepend on type map");
c("{{first (list 1 2)}}", () => call('first', list(1, 2)), "ok:1");
c("{{first (list)}}", () => call('first', list()), "ok:<no value>");
c("{{first nil}}", () => call('first', null), "err:runtime error: invalid memory address or nil pointer dereference");
c("{{first \"abc\"}}", () => call('first', 'abc'), "err:Cannot find first on type string");
c("{{mustFirst 5}}", () => call('mustFirst', 5), "err:Cannot find first on type int");
c("{{last (list 1 2)}}", () => call('last', list(1, 2)), "ok:2");
c("{{last (list)}}", () => call('last', list()), "ok:<no value>");
c("{{rest (list 1 2 3)}}", () => call('rest', list(1, 2, 3)), "ok:[2 3]");
c("{{rest (list)}}", () => call('rest', list()), "ok:[]");
c("{{initial (list 1 2 3)}}", () => call('initial', list(1, 2, 3)), "ok:[1 2]");
c("{{mustInitial true}}", () => call('mustInitial', true), "err:Cannot find initial on type bool");
c("{{reverse (list 1 2 3)}}", () => call('reverse', list(1, 2, 3)), "ok:[3 2 1]");
c("{{reverse (splitList \",\" \"a,b\")}}", () => call('reverse', strs('a', 'b')), "ok:[b a]");
c("{{compact (list 1 0 \"\" nil false (list) (dict) \"a\" 0.0)}}", () => call('compact', list(1, 0, '', null, false, list(), dict(), 'a', 0.5 - 0.5)), "ok:[1 a]");
c("{{uniq (list 1 2 1 \"1\" (int64 1) 2)}}", () => call('uniq', list(1, 2, 1, '1', i64(1), 2)), "ok:[1 2 1 1]");
c("{{uniq (list)}}", () => call('uniq', list()), "ok:[]");
c("{{uniq (list (list 1) (list 1) (dict \"a\" 1) (dict \"a\" 1))}}", () => call('uniq', list(list(1), list(1), dict('a', 1), dict('a', 1))), "ok:[[1] map[a:1]]");
c("{{without (list 1 2 3 1) 1 3}}", () => call('without', list(1, 2, 3, 1), 1, 3), "ok:[2]");
c("{{without (list 1 2) (int64 1)}}", () => call('without', list(1, 2), i64(1)), "ok:[1 2]");
c("{{has 1 (list 1 2)}}", () => call('has', 1, list(1, 2)), "ok:true");
c("{{has 1 (list (int64 1))}}", () => call('has', 1, list(i64(1))), "ok:false");
c("{{has 1 nil}}", () => call('has', 1, null), "ok:false");
c("{{has 1 \"abc\"}}", () => call('has', 1, 'abc'), "err:Cannot find has on type string");
c("{{has nil (list nil)}}", () => call('has', null, list(null)), "ok:true");
c("{{slice (list 1 2 3 4) 1 3}}", () => call('slice', list(1, 2, 3, 4), 1, 3), "ok:[2 3]");
c("{{slice (list 1 2 3 4) 2}}", () => call('slice', list(1, 2, 3, 4), 2), "ok:[3 4]");
c("{{slice (list 1 2 3 4)}}", () => call('slice', list(1, 2, 3, 4)), "ok:[1 2 3 4]");
c("{{slice (list)}}", () => call('slice', list()), "ok:<no value>");
c("{{slice (list 1 2 3) 2 1}}", () => call('slice', list(1, 2, 3), 2, 1), "err:reflect.Value.Slice: slice index out of bounds");
c("{{slice (list 1 2 3) 0 4}}", () => call('slice', list(1, 2, 3), 0, 4), "err:reflect.Value.Slice: slice index out of bounds");
c("{{slice (list 1 2 3) \"1\"}}", () => call('slice', list(1, 2, 3), '1'), "ok:[2 3]");
c("{{mustSlice \"hello\" 1 3}}", () => call('mustSlice', 'hello', 1, 3), "err:list should be type of slice or array but string");
c("{{concat (list 1) (list 2 3) (splitList \",\" \"a,b\")}}", () => call('concat', list(1), list(2, 3), strs('a', 'b')), "ok:[1 2 3 a b]");
c("{{concat}}", () => call('concat'), "ok:[]");
c("{{concat (list 1) 2}}", () => call('concat', list(1), 2), "err:Cannot concat type int as list");
c("{{concat nil}}", () => call('concat', null), "err:runtime error: invalid memory address or nil pointer dereference");
c("{{chunk 2 (list 1 2 3 4 5)}}", () => call('chunk', 2, list(1, 2, 3, 4, 5)), "ok:[[1 2] [3 4] [5]]");
c("{{chunk 3 (list 1 2 3)}}", () => call('chunk', 3, list(1, 2, 3)), "ok:[[1 2 3]]");
c("{{chunk 2 (list)}}", () => call('chunk', 2, list()), "ok:[]");
c("{{chunk 0 (list 1)}}", () => call('chunk', 0, list(1)), "err:runtime error: makeslice: len out of range");
c("{{mustChunk 2 \"ab\"}}", () => call('mustChunk', 2, 'ab'), "err:Cannot chunk type string");
c("{{sortAlpha (list \"b\" nil \"a\" 3 \"B\" \"é\" \"z\")}}", () => call('sortAlpha', list('b', null, 'a', 3, 'B', 'é', 'z')), "ok:[3 B a b z é]");
c("{{sortAlpha nil}}", () => call('sortAlpha', null), "ok:[<nil>]");
c("{{sortAlpha \"x\"}}", () => call('sortAlpha', 'x'), "ok:[x]");
c("{{dict \"a\" 1 \"b\"}}", () => dict('a', 1, 'b'), "ok:map[a:1 b:]");
c("{{dict 1 2 nil 3 true 4}}", () => dict(1, 2, null, 3, true, 4), "ok:map[1:2 <nil>:3 true:4]");
c("{{get (dict \"a\" 1) \"a\"}}", () => call('get', dict('a', 1), 'a'), "ok:1");
c("{{get (dict \"a\" 1) \"b\" | typeOf}}", () => call('typeOf', call('get', dict('a', 1), 'b')), "ok:string");
c("{{set (dict \"a\" 1) \"b\" 2}}", () => call('set', dict('a', 1), 'b', 2), "ok:map[a:1 b:2]");
c("{{unset (dict \"a\" 1 \"b\" 2) \"a\"}}", () => call('unset', dict('a', 1, 'b', 2), 'a'), "ok:map[b:2]");
c("{{hasKey (dict \"a\" nil) \"a\"}}", () => call('hasKey', dict('a', null), 'a'), "ok:true");
c("{{hasKey (dict) \"a\"}}", () => call('hasKey', dict(), 'a'), "ok:false");
c("{{pluck \"a\" (dict \"a\" 1) (dict \"b\" 2) (dict \"a\" 3)}}", () => call('pluck', 'a', dict('a', 1), dict('b', 2), dict('a', 3)), "ok:[1 3]");
c("{{pluck \"a\"}}", () => call('pluck', 'a'), "ok:[]");
c("{{keys (dict \"b\" 1 \"a\" 2) | sortAlpha}}", () => call('keys', dict('b', 1, 'a', 2)), "ok:[a b]");
c("{{keys (dict \"a\" 1) (dict \"a\" 2)}}", () => call('keys', dict('a', 1), dict('a', 2)), "ok:[a a]");
c("{{values (dict \"a\" 1)}}", () => call('values', dict('a', 1)), "ok:[1]");
c("{{pick (dict \"a\" 1 \"b\" 2) \"a\" \"c\"}}", () => call('pick', dict('a', 1, 'b', 2), 'a', 'c'), "ok:map[a:1]");
c("{{omit (dict \"a\" 1 \"b\" 2) \"a\" \"c\"}}", () => call('omit', dict('a', 1, 'b', 2), 'a', 'c'), "ok:map[b:2]");
c("{{dig \"a\" \"b\" \"d\" (dict \"a\" (dict \"b\" 1))}}", () => call('dig', 'a', 'b', 'd', dict('a', dict('b', 1))), "ok:1");
c("{{dig \"a\" \"x\" \"d\" (dict \"a\" (dict \"b\" 1))}}", () => call('dig', 'a', 'x', 'd', dict('a', dict('b', 1))), "ok:d");
c("{{dig \"a\" \"b\" \"d\" (dict \"a\" 1)}}", () => call('dig', 'a', 'b', 'd', dict('a', 1)), "err:interface conversion: interface {} is int, not map[string]interface {}");
c("{{dig \"a\" \"b\" \"d\" (dict \"a\" nil)}}", () => call('dig', 'a', 'b', 'd', dict('a', null)), "err:interface conversion: interface {} is nil, not map[string]interface {}");
c("{{dig 1 \"d\" (dict)}}", () => call('dig', 1, 'd', dict()), "err:interface conversion: interface {} is int, not string");
c("{{dig \"a\" (dict)}}", () => call('dig', 'a', dict()), "err:dig needs at least three arguments");
c("{{dig \"a\" \"d\" \"x\"}}", () => call('dig', 'a', 'd', 'x'), "err:interface conversion: interface {} is string, not map[string]interface {}");
c("{{merge (dict \"a\" 1 \"s\" \"\" \"z\" 0 \"n\" nil \"l\" (list 1) \"e\" (list) \"m\" (dict \"p\" 1)) (dict \"a\" 2 \"s\" \"t\" \"z\" 7 \"n\" 5 \"l\" (list 2) \"e\" (list 3) \"m\" (dict \"p\" 2 \"q\" 3) \"new\" (list) \"nn\" nil) | toJson}}", () => call('toJson', call('merge', dict('a', 1, 's', '', 'z', 0, 'n', null, 'l', list(1), 'e', list(), 'm', dict('p', 1)), dict('a', 2, 's', 't', 'z', 7, 'n', 5, 'l', list(2), 'e', list(3), 'm', dict('p', 2, 'q', 3), 'new', list(), 'nn', null))), "ok:{\"a\":1,\"e\":[3],\"l\":[1],\"m\":{\"p\":1,\"q\":3},\"n\":5,\"new\":[],\"s\":\"t\",\"z\":7}");
c("{{mergeOverwrite (dict \"a\" 1 \"s\" \"x\" \"l\" (list 1) \"m\" (dict \"p\" 1 \"o\" 2) \"k\" \"str\") (dict \"a\" 0 \"s\" \"\" \"l\" (list) \"m\" (dict \"p\" nil) \"k\" (dict \"x\" 1) \"f\" false \"nn\" nil) | toJson}}", () => call('toJson', call('mergeOverwrite', dict('a', 1, 's', 'x', 'l', list(1), 'm', dict('p', 1, 'o', 2), 'k', 'str'), dict('a', 0, 's', '', 'l', list(), 'm', dict('p', null), 'k', dict('x', 1), 'f', false, 'nn', null))), "ok:{\"a\":0,\"f\":false,\"k\":\"str\",\"l\":[],\"m\":{\"o\":2,\"p\":null},\"nn\":null,\"s\":\"\"}");
c("{{merge (dict \"k\" \"str\" \"e\" (dict)) (dict \"k\" (dict \"x\" 1) \"e\" (dict \"y\" 2)) (dict \"e\" (dict \"y\" 3 \"z\" 4)) | toJson}}", () => call('toJson', call('merge', dict('k', 'str', 'e', dict()), dict('k', dict('x', 1), 'e', dict('y', 2)), dict('e', dict('y', 3, 'z', 4)))), "ok:{\"e\":{\"y\":2,\"z\":4},\"k\":\"str\"}");
c("{{$d := dict \"a\" 1}}{{$_ := merge $d (dict \"b\" 2)}}{{$d}}", () => { const d = dict('a', 1); call('merge', d, dict('b', 2)); return d; }, "ok:map[a:1 b:2]");
c("{{typeOf 1}} {{typeOf (int64 1)}} {{typeOf 1.5}} {{typeOf nil}} {{typeOf (list)}} {{typeOf (dict)}} {{typeOf (splitList \",\" \"a\")}} {{typeOf (semver \"1.2.3\")}}", () => [1, i64(1), 1.5, null, list(), dict(), strs('a'), call('semver', '1.2.3')].map((v) => call('typeOf', v)).join(' '), "ok:int int64 float64 <nil> []interface {} map[string]interface {} []string *semver.Version");
c("{{kindOf 1}} {{kindOf (int64 1)}} {{kindOf 1.5}} {{kindOf nil}} {{kindOf (list)}} {{kindOf (dict)}} {{kindOf \"s\"}} {{kindOf true}} {{kindOf (semver \"1.2.3\")}}", () => [1, i64(1), 1.5, null, list(), dict(), 's', true, call('semver', '1.2.3')].map((v) => call('kindOf', v)).join(' '), "ok:int int64 float64 invalid slice map string bool ptr");
c("{{typeIs \"int\" 1}} {{typeIs \"int\" (int64 1)}} {{typeIsLike \"semver.Version\" (semver \"1.2.3\")}} {{kindIs \"slice\" (list)}} {{kindIs \"invalid\" nil}}", () => [call('typeIs', 'int', 1), call('typeIs', 'int', i64(1)), call('typeIsLike', 'semver.Version', call('semver', '1.2.3')), call('kindIs', 'slice', list()), call('kindIs', 'invalid', null)].join(' '), "ok:true false true true true");
c("{{deepEqual (list 1 (dict \"a\" (list 2))) (list 1 (dict \"a\" (list 2)))}} {{deepEqual 1 (int64 1)}} {{deepEqual nil nil}} {{deepEqual (list) (splitList \",\" \"\")}} {{deepEqual 1.5 1.5}}", () => [call('deepEqual', list(1, dict('a', list(2))), list(1, dict('a', list(2)))), call('deepEqual', 1, i64(1)), call('deepEqual', null, null), call('deepEqual', list(), strs('')), call('deepEqual', 1.5, 1.5)].join(' '), "ok:true false true false true");

describe('Sprig lists, dicts and reflection match the Go oracle', () => {
  test.each(cases)('%s', (_template, run, expected) => {
    expect(render(run)).toBe(expected);
  });
});
