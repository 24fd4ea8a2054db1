import { parseJsonLossless } from '../go/json';
import { renderTemplate, TemplateError, type MissingKeyMode } from './template';
import { goBuiltins } from './builtins';
import { fn } from './function-types';
import { GoFloat, GoInt, type GoList, type GoObject, type GoValue, withGoType } from '../core/values';

/**
 * Rows are [id, template, data (JSON, numbers typed by spelling), options, expected]; every
 * expectation was produced by the Go 1.19 text/template oracle (gotmpl-oracle), error messages
 * included. Templates use Go's builtins only, so these tests do not depend on Sprig.
 */
type Expected = { out: string } | { phase: 'parse' | 'exec'; error: string };
type Row = [string, string, string, { missingkey?: MissingKeyMode; delims?: string[] }, Expected];

function run(template: string, dataJson: string, opts: Row[3]): Expected {
  const delims = opts.delims ? ([opts.delims[0], opts.delims[1]] as [string, string]) : undefined;
  try {
    const out = renderTemplate(template, parseJsonLossless(dataJson), {
      funcs: goBuiltins,
      delims,
      missingkey: opts.missingkey,
    });
    return { out };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { phase: e.phase, error: e.goMessage };
  }
}

const DATA_0 = "{\"name\":\"alice\",\"count\":3,\"ratio\":0.5,\"big\":1000000,\"bigf\":1000000.0,\"enabled\":true,\"disabled\":false,\"nothing\":null,\"empty\":\"\",\"zero\":0,\"zs\":\"0\",\"list\":[\"a\",\"b\",\"c\"],\"nums\":[3,1,2],\"emptyList\":[],\"emptyMap\":{},\"m\":{\"b\":2,\"a\":1,\"c\":3},\"nested\":{\"inner\":{\"value\":\"deep\",\"n\":7},\"list\":[{\"k\":\"x\"},{\"k\":\"y\"}]},\"dashed-key\":\"dk\"}";

const ROWS: Row[] = [
  ["field/map", "Hello, {{.name}}!", DATA_0, {  }, { out: "Hello, alice!" }],
  ["field/nested", "{{.nested.inner.value}}/{{.nested.inner.n}}", DATA_0, {  }, { out: "deep/7" }],
  ["field/nested-missing", "[{{.nested.missing}}]", DATA_0, {  }, { out: "[<no value>]" }],
  ["field/nested-missing-chain", "[{{.nested.missing.deeper}}]", DATA_0, {  }, { out: "[<no value>]" }],
  ["field/on-string", "{{.name.first}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:7: executing \"tpl\" at <.name.first>: can't evaluate field first in type interface {}" }],
  ["field/dot-map", "{{.}}", "{\"a\":1,\"b\":[1,2],\"c\":{\"d\":null}}", {  }, { out: "map[a:1 b:[1 2] c:map[d:<nil>]]" }],
  ["field/dot-null", "{{.}}", "null", {  }, { out: "<no value>" }],
  ["field/dot-scalar", "{{.}}", "42", {  }, { out: "42" }],
  ["field/dot-list", "{{.}} {{index . 1}}", "[1,\"a\",true,null,1.5]", {  }, { out: "[1 a true <nil> 1.5] a" }],
  ["field/index-dashed", "{{index . \"dashed-key\"}}", DATA_0, {  }, { out: "dk" }],
  ["field/numbers", "{{.big}} {{.bigf}} {{.ratio}} {{.zero}}", DATA_0, {  }, { out: "1000000 1e+06 0.5 0" }],
  ["field/collections", "{{.list}} {{.m}} {{.emptyList}} {{.emptyMap}} {{.enabled}}", DATA_0, {  }, { out: "[a b c] map[a:1 b:2 c:3] [] map[] true" }],
  ["field/paren-index-field", "{{(index .nested.list 1).k}}", DATA_0, {  }, { out: "y" }],
  ["field/dot-number", "{{.1}}", "{\"1\":\"one\"}", {  }, { out: "0.1" }],
  ["missingkey/default", "[{{.absent}}]", DATA_0, {  }, { out: "[<no value>]" }],
  ["missingkey/zero", "[{{.absent}}]", DATA_0, { missingkey: "zero" }, { out: "[<no value>]" }],
  ["missingkey/error", "[{{.absent}}]", DATA_0, { missingkey: "error" }, { phase: "exec", error: "template: tpl:1:3: executing \"tpl\" at <.absent>: map has no entry for key \"absent\"" }],
  ["missingkey/error-present-null", "[{{.nothing}}] {{.nested.inner.value}}", DATA_0, { missingkey: "error" }, { out: "[<no value>] deep" }],
  ["missingkey/error-if", "{{if .absent}}y{{else}}n{{end}}", DATA_0, { missingkey: "error" }, { phase: "exec", error: "template: tpl:1:5: executing \"tpl\" at <.absent>: map has no entry for key \"absent\"" }],
  ["missingkey/default-printf", "{{printf \"%v\" .absent}} {{printf \"%T\" .absent}}", DATA_0, {  }, { out: "<nil> <nil>" }],
  ["missingkey/error-index", "[{{index . \"absent\"}}]", DATA_0, { missingkey: "error" }, { out: "[<no value>]" }],
  ["missingkey/default-chain", "[{{.absent.deeper}}]", DATA_0, {  }, { out: "[<no value>]" }],
  ["missingkey/zero-chain", "{{.absent.deeper}}", DATA_0, { missingkey: "zero" }, { phase: "exec", error: "template: tpl:1:9: executing \"tpl\" at <.absent.deeper>: nil pointer evaluating interface {}.deeper" }],
  ["missingkey/default-with-else", "{{with .absent}}x{{else}}none{{end}}", DATA_0, {  }, { out: "none" }],
  ["missingkey/error-range", "{{range .absent}}x{{else}}none{{end}}", DATA_0, { missingkey: "error" }, { phase: "exec", error: "template: tpl:1:8: executing \"tpl\" at <.absent>: map has no entry for key \"absent\"" }],
  ["dot/range-dollar", "{{range .list}}{{.}}{{$.name}} {{end}}", DATA_0, {  }, { out: "aalice balice calice " }],
  ["dot/with-dollar", "{{with .nested}}{{.inner.value}}-{{$.name}}{{end}}", DATA_0, {  }, { out: "deep-alice" }],
  ["dot/template-dollar", "{{define \"t\"}}{{$}}{{end}}{{template \"t\" .name}}", DATA_0, {  }, { out: "alice" }],
  ["dot/with-var", "{{with $n := .name}}{{$n}}/{{.}}{{end}} {{$x := .}}{{$x.count}}", DATA_0, {  }, { out: "alice/alice 3" }],
  ["var/declare-assign", "{{$x := 1}}{{$x}}{{$x = 2}}{{$x}}", "null", {  }, { out: "12" }],
  ["var/assign-in-if", "{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "null", {  }, { out: "2" }],
  ["var/shadow-in-if", "{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "null", {  }, { out: "21" }],
  ["var/assign-undeclared", "{{$y = 1}}", "null", {  }, { phase: "exec", error: "template: tpl:1:7: executing \"tpl\" at <1>: undefined variable: $y" }],
  ["var/assign-in-with", "{{$x := \"a\"}}{{with .name}}{{$x = .}}{{end}}{{$x}}", DATA_0, {  }, { out: "alice" }],
  ["var/decl-prints-nothing", "[{{$x := .name}}][{{$x = 1}}]", DATA_0, {  }, { out: "[][]" }],
  ["pipe/last-arg", "{{\"abc\" | printf \"%s-%s\" \"x\"}}", "null", {  }, { out: "x-abc" }],
  ["pipe/printf-missing-arg", "{{\"a\" | printf \"%s%s\"}}", "null", {  }, { out: "a%!s(MISSING)" }],
  ["pipe/trailing-pipe", "{{.name | }}", DATA_0, {  }, { out: "alice" }],
  ["pipe/into-field", "{{\"x\" | .name}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:8: executing \"tpl\" at <.name>: name is not a method but has arguments" }],
  ["if/else-if-chain", "{{if lt .count 2}}small{{else if lt .count 5}}medium{{else}}large{{end}}", DATA_0, {  }, { out: "medium" }],
  ["if/truthiness", "{{range $k, $v := .}}{{$k}}={{if $v}}T{{else}}F{{end}} {{end}}", "{\"zero\":0,\"fzero\":0.0,\"empty\":\"\",\"space\":\" \",\"zs\":\"0\",\"false\":false,\"nil\":null,\"el\":[],\"em\":{},\"l0\":[0],\"m1\":{\"a\":null},\"neg\":-1,\"f\":0.1,\"true\":true}", {  }, { out: "el=F em=F empty=F f=T false=F fzero=F l0=T m1=T neg=T nil=F space=T true=T zero=F zs=T " }],
  ["if/decl", "{{if $x := .count}}{{$x}}{{end}}", DATA_0, {  }, { out: "3" }],
  ["if/four-levels", "{{range .nums}}{{if eq . 1}}one{{else if eq . 2}}two{{else if eq . 3}}three{{else}}many{{end}} {{end}}", DATA_0, {  }, { out: "three one two " }],
  ["range/list", "{{range .list}}[{{.}}]{{end}}", DATA_0, {  }, { out: "[a][b][c]" }],
  ["range/map-sorted", "{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}", DATA_0, {  }, { out: "a=1;b=2;c=3;" }],
  ["range/map-values", "{{range .m}}{{.}}{{end}}", DATA_0, {  }, { out: "123" }],
  ["range/index-value", "{{range $i, $v := .list}}{{$i}}:{{$v}} {{end}}", DATA_0, {  }, { out: "0:a 1:b 2:c " }],
  ["range/else-empty-list", "{{range .emptyList}}x{{else}}none{{end}}", DATA_0, {  }, { out: "none" }],
  ["range/else-missing", "{{range .absent}}x{{else}}none{{end}}", DATA_0, {  }, { out: "none" }],
  ["range/string", "{{range .name}}{{.}}{{end}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:8: executing \"tpl\" at <.name>: range can't iterate over alice" }],
  ["range/int", "{{range 5}}{{.}}{{end}}", "null", {  }, { phase: "exec", error: "template: tpl:1:8: executing \"tpl\" at <5>: range can't iterate over 5" }],
  ["range/nested", "{{range $a := .list}}{{range $b := $.nums}}{{$a}}{{$b}} {{end}}{{end}}", DATA_0, {  }, { out: "a3 a1 a2 b3 b1 b2 c3 c1 c2 " }],
  ["range/break", "{{range .nums}}{{if eq . 1}}{{break}}{{end}}{{.}}{{end}}", DATA_0, {  }, { out: "3" }],
  ["range/continue", "{{range .nums}}{{if eq . 1}}{{continue}}{{end}}{{.}}{{end}}", DATA_0, {  }, { out: "32" }],
  ["range/numeric-string-keys", "{{range $k, $v := .}}{{$k}}={{$v}} {{end}}", "{\"10\":\"a\",\"9\":\"b\",\"1\":\"c\",\"2\":\"d\"}", {  }, { out: "1=c 10=a 2=d 9=b " }],
  ["range/case-sorting", "{{range $k, $_ := .}}{{$k}}{{end}}", "{\"b\":1,\"B\":2,\"a\":3,\"A\":4,\"_\":5,\"1\":6}", {  }, { out: "1AB_ab" }],
  ["range/break-in-with", "{{range .list}}{{with .}}{{if eq . \"b\"}}{{break}}{{end}}{{end}}{{.}}{{end}}", DATA_0, {  }, { out: "a" }],
  ["with/basic", "{{with .nested.inner}}{{.value}}{{end}}", DATA_0, {  }, { out: "deep" }],
  ["with/zero", "{{with 0}}x{{else}}zero{{end}} {{with .emptyList}}x{{else}}e{{end}} {{with \"false\"}}{{.}}{{end}}", DATA_0, {  }, { out: "zero e false" }],
  ["with/nested", "{{with .nested}}{{with .inner}}{{.n}}{{$.count}}{{end}}{{end}}", DATA_0, {  }, { out: "73" }],
  ["tmpl/define-call", "{{define \"greet\"}}Hi {{.}}!{{end}}{{template \"greet\" .name}}", DATA_0, {  }, { out: "Hi alice!" }],
  ["tmpl/no-arg", "{{define \"t\"}}[{{.}}]{{end}}{{template \"t\"}}", DATA_0, {  }, { out: "[<no value>]" }],
  ["tmpl/undefined", "{{template \"nope\"}}", "null", {  }, { phase: "exec", error: "template: tpl:1:11: executing \"tpl\" at <{{template \"nope\"}}>: template \"nope\" not defined" }],
  ["tmpl/only-defines", "{{define \"x\"}}hi{{end}}", "null", {  }, { out: "" }],
  ["tmpl/infinite-recursion", "{{define \"r\"}}{{template \"r\" .}}{{end}}{{template \"r\" 1}}", "null", {  }, { phase: "exec", error: "template: tpl:1:25: executing \"r\" at <{{template \"r\" .}}>: exceeded maximum template depth (100000)" }],
  ["tmpl/range-calls", "{{define \"item\"}}- {{.k}}\n{{end}}{{range .nested.list}}{{template \"item\" .}}{{end}}", DATA_0, {  }, { out: "- x\n- y\n" }],
  ["tmpl/text-around-defines", "A{{define \"x\"}}X{{end}}B{{template \"x\"}}C", "null", {  }, { out: "ABXC" }],
  ["trim/both", "a  {{- \"b\" -}}  c", "null", {  }, { out: "abc" }],
  ["trim/negative-number", "x {{-3}} y {{- 3}} z", "null", {  }, { out: "x -3 y3 z" }],
  ["trim/range-lines", "items:\n{{- range .list }}\n  - {{ . }}\n{{- end }}\n", DATA_0, {  }, { out: "items:\n  - a\n  - b\n  - c\n" }],
  ["trim/comment", "a {{- /* c */ -}} b", "null", {  }, { out: "ab" }],
  ["trim/crlf", "a\r\n\t {{- \"b\"}}", "null", {  }, { out: "ab" }],
  ["trim/nbsp-kept", "a {{- \"b\"}}", "null", {  }, { out: "a b" }],
  ["trim/if-block", "start\n{{- if .enabled }}\n  on\n{{- else }}\n  off\n{{- end }}\nend", DATA_0, {  }, { out: "start\n  on\nend" }],
  ["comment/basic", "a{{/* comment */}}b{{/* multi\nline */}}c", "null", {  }, { out: "abc" }],
  ["comment/contains-delims", "a{{/* x }} y */}}b", "null", {  }, { out: "ab" }],
  ["cmp/eq-multi", "{{eq .count 3}} {{eq .count 1 2 3}} {{eq .count 4 5}} {{eq \"a\" \"b\" \"a\"}}", DATA_0, {  }, { out: "true true false true" }],
  ["cmp/eq-int-float", "{{eq 1 1.0}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <eq 1 1.0>: error calling eq: incompatible types for comparison" }],
  ["cmp/eq-float", "{{eq .ratio 0.5}} {{eq .bigf 1000000.0}}", DATA_0, {  }, { out: "true true" }],
  ["cmp/eq-float-data-int-const", "{{eq .bigf 1000000}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <eq .bigf 1000000>: error calling eq: incompatible types for comparison" }],
  ["cmp/ordering", "{{lt 1 2}} {{le 2 2}} {{gt 3 2}} {{ge 2 3}} {{ne 1 1}} {{ne \"a\" \"b\"}} {{lt \"abc\" \"abd\"}} {{lt \"B\" \"a\"}} {{gt \"b\" \"abc\"}}", "null", {  }, { out: "true true true false false true true true true" }],
  ["cmp/lt-int-float", "{{lt 1 2.5}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <lt 1 2.5>: error calling lt: incompatible types for comparison" }],
  ["cmp/lt-bool", "{{lt true false}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <lt true false>: error calling lt: invalid type for comparison" }],
  ["cmp/eq-missing-string", "{{eq .absent \"x\"}}", DATA_0, {  }, { out: "false" }],
  ["cmp/eq-missing-missing", "{{eq .absent .alsoabsent}} {{eq .nothing .nothing}}", DATA_0, {  }, { out: "true true" }],
  ["cmp/eq-maps", "{{eq .m .m}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <eq .m .m>: error calling eq: non-comparable type map[a:%!s(int=1) b:%!s(int=2) c:%!s(int=3)]: map[string]interface {}" }],
  ["cmp/eq-int-string", "{{eq .count \"3\"}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <eq .count \"3\">: error calling eq: incompatible types for comparison" }],
  ["cmp/eq-nil-literal", "{{eq nil nil}}", "null", {  }, { out: "true" }],
  ["cmp/float-ordering", "{{le 2.5 2.5}} {{ge -1 -2}} {{lt .ratio 1.0}} {{eq true true}} {{eq 1 1 | not}}", DATA_0, {  }, { out: "true true true true false" }],
  ["logic/and-or-values", "{{and 1 0 2}} {{or 0 \"\" \"x\"}} {{and 1 2}} [{{or 0 \"\"}}] {{and .list .m}}", DATA_0, {  }, { out: "0 x 2 [] map[a:1 b:2 c:3]" }],
  ["logic/not", "{{not 0}} {{not \"a\"}} {{not .emptyList}}", DATA_0, {  }, { out: "true false true" }],
  ["logic/not-no-arg", "{{not}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <not>: wrong number of args for not: want 1 got 0" }],
  ["logic/or-fallback", "{{or .absent .nothing \"fallback\"}}", DATA_0, {  }, { out: "fallback" }],
  ["logic/guarded-chain", "[{{and .absent .absent.deeper}}]", DATA_0, {  }, { out: "[<no value>]" }],
  ["logic/or-guarded-chain", "{{or .name .absent.deeper}}", DATA_0, {  }, { out: "alice" }],
  ["len/values", "{{len \"héllo\"}} {{len .list}} {{len .m}} {{len .emptyMap}}", DATA_0, {  }, { out: "6 3 3 0" }],
  ["len/missing", "{{len .absent}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <len .absent>: error calling len: reflect: call of reflect.Value.Type on zero Value" }],
  ["index/list", "{{index .list 1}} {{$i := 2}}{{index .list $i}}", DATA_0, {  }, { out: "b c" }],
  ["index/nested-map", "{{index .nested \"inner\" \"value\"}} {{index .nested.list 0 \"k\"}}", DATA_0, {  }, { out: "deep x" }],
  ["index/map-missing", "[{{index .m \"zz\"}}]", DATA_0, {  }, { out: "[<no value>]" }],
  ["index/out-of-range", "{{index .list 5}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index .list 5>: error calling index: index out of range: 5" }],
  ["index/string-byte", "{{index \"hello\" 1}}", "null", {  }, { out: "101" }],
  ["index/nil", "{{index .absent 0}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index .absent 0>: error calling index: index of untyped nil" }],
  ["index/map-int-key", "{{index .m 1}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index .m 1>: error calling index: value has type int; should be string" }],
  ["index/missing-then-field", "[{{(index .m \"zz\").foo}}]", DATA_0, {  }, { out: "[<no value>]" }],
  ["slice/sprig", "{{slice .list 1}} {{slice .list 1 2}} {{slice .list}}", DATA_0, {  }, { out: "[b c] [b] [a b c]" }],
  ["print/spacing", "{{print 1 2}}|{{print \"a\" \"b\"}}|{{print \"a\" 1 2 \"b\"}}|{{print 1.5 2}}|{{print nil}}", "null", {  }, { out: "1 2|ab|a1 2b|1.5 2|<nil>" }],
  ["print/println", "{{println \"a\" 1}}{{println \"a\" \"b\"}}[{{println}}]", "null", {  }, { out: "a 1\na b\n[\n]" }],
  ["print/printf-collections", "{{printf \"%v\" .m}} {{printf \"%v\" .list}} {{printf \"%v\" nil}}", DATA_0, {  }, { out: "map[a:1 b:2 c:3] [a b c] <nil>" }],
  ["print/printf-basic-verbs", "{{printf \"%d\" 42}} {{printf \"%s\" \"s\"}} {{printf \"%5.2f|\" 3.14159}} {{printf \"%t\" true}} {{printf \"100%%\"}} {{printf \"%x %X %o %b\" 255 255 8 5}}", "null", {  }, { out: "42 s  3.14| true 100% ff FF 10 101" }],
  ["print/printf-bad-args", "{{printf \"%s\" 5}} {{printf \"%d %d\" 1}} {{printf \"%d\" 1 2}}", "null", {  }, { out: "%!s(int=5) 1 %!d(MISSING) 1%!(EXTRA int=2)" }],
  ["print/printf-types", "{{printf \"%T %T %T %T %T %T\" 1 1.5 \"s\" true .list .m}}", DATA_0, {  }, { out: "int float64 string bool []interface {} map[string]interface {}" }],
  ["print/printf-float-big", "{{printf \"%v\" .bigf}} {{printf \"%f\" .bigf}}", DATA_0, {  }, { out: "1e+06 1000000.000000" }],
  ["print/printf-width", "{{printf \"%-5s|%5s|\" \"ab\" \"cd\"}} {{printf \"%05d\" 42}} {{printf \"%.3s\" \"abcdef\"}} {{printf \"%8.3f|\" -3.14159}}", "null", {  }, { out: "ab   |   cd| 00042 abc   -3.142|" }],
  ["print/printf-sharp-v", "{{printf \"%#v\" .m}}", DATA_0, {  }, { out: "map[string]interface {}{\"a\":1, \"b\":2, \"c\":3}" }],
  ["print/print-missing", "{{print .absent}} {{.absent}}", DATA_0, {  }, { out: "<nil> <no value>" }],
  ["print/printf-floats", "{{printf \"%v %v\" 1.0 2.5}} {{printf \"%e\" 123456.789}} {{printf \"%g\" 0.000012345}}", "null", {  }, { out: "1 2.5 1.234568e+05 1.2345e-05" }],
  ["print/printf-list-verbs", "{{printf \"%q\" \"a\\\"b\"}} {{printf \"%s\" .list}} {{printf \"%q\" .list}} {{printf \"%d\" .list}}", DATA_0, {  }, { out: "\"a\\\"b\" [a b c] [\"a\" \"b\" \"c\"] [%!d(string=a) %!d(string=b) %!d(string=c)]" }],
  ["print/printf-no-args", "{{printf}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <printf>: wrong number of args for printf: want at least 1 got 0" }],
  ["print/printf-non-string-format", "{{printf 1}}", "null", {  }, { phase: "exec", error: "template: tpl:1:9: executing \"tpl\" at <1>: expected string; found 1" }],
  ["value/nested-map", "{{.nested}}", DATA_0, {  }, { out: "map[inner:map[n:7 value:deep] list:[map[k:x] map[k:y]]]" }],
  ["value/nil-command", "{{nil}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <nil>: nil is not a command" }],
  ["value/floats", "{{.floats}}", "{\"floats\":[1.0,2.5,1e+21,1e-07,123456789.0,1e-06,100000.0,1234567.0]}", {  }, { out: "[1 2.5 1e+21 1e-07 1.23456789e+08 1e-06 100000 1.234567e+06]" }],
  ["value/negative-zero", "{{.z}} {{.iz}}", "{\"z\":-0.0,\"iz\":0}", {  }, { out: "-0 0" }],
  ["lit/raw-string", "{{`a\\nb`}} {{`say \"hi\"`}} {{`line1\nline2`}}", "null", {  }, { out: "a\\nb say \"hi\" line1\nline2" }],
  ["lit/escapes", "{{\"a\\tb\"}} {{\"\\u00e9\\x41\\101\"}}", "null", {  }, { out: "a\tb éAA" }],
  ["lit/raw-with-delims", "{{printf \"%s\" `x{{y}}`}} {{\"}}\"}}", "null", {  }, { out: "x{{y}} }}" }],
  ["num/int-bases", "{{0x1F}} {{0o17}} {{0b101}} {{017}} {{1_000}} {{-0}} {{+5}}", "null", {  }, { out: "31 15 5 15 1000 0 5" }],
  ["num/floats", "{{1.5e3}} {{1e3}} {{-1.5}} {{1.0}} {{2.50}} {{.5}} {{0x1p4}}", "null", {  }, { out: "1500 1000 -1.5 1 2.5 0.5 16" }],
  ["num/overflow", "{{9223372036854775808}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <9223372036854775808>: 9223372036854775808 overflows int" }],
  ["parse/assign-dollar", "{{$ := 1}}", "null", {  }, { out: "" }],
  ["parse/template-extra-args", "{{define \"x\"}}{{end}}{{template \"x\" 1 2}}", "null", {  }, { phase: "exec", error: "template: tpl:1:36: executing \"tpl\" at <1>: can't give argument to non-function 1" }],
  ["parse/unexpected-right-delim-text", "a }} b {{ 1 }}", "null", {  }, { out: "a }} b 1" }],
  ["exec/string-with-args", "{{\"a\" \"b\"}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <\"a\">: can't give argument to non-function \"a\"" }],
  ["exec/field-with-args", "{{.name 1}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <.name>: name is not a method but has arguments" }],
  ["exec/call-non-function", "{{call .name}}", DATA_0, {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <call .name>: error calling call: non-function of type string" }],
  ["esc/html", "{{html \"<a href='x'>&\\\"</a>\"}} {{\"<b>\" | html}}", "null", {  }, { out: "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt; &lt;b&gt;" }],
  ["esc/js", "{{js \"it's \\\"q\\\" <b>&=\"}}", "null", {  }, { out: "it\\'s \\\"q\\\" \\u003Cb\\u003E\\u0026\\u003D" }],
  ["esc/js-control", "{{js \"line\\nbreak\\\\tab\\t\"}} {{js \"\\u2028é\"}}", "null", {  }, { out: "line\\u000Abreak\\\\tab\\u0009 \\u2028é" }],
  ["esc/urlquery", "{{urlquery \"a b&c=d/é?\"}} {{urlquery \"a\" \"b\"}}", "null", {  }, { out: "a+b%26c%3Dd%2F%C3%A9%3F ab" }],
  ["esc/html-multi-args", "{{html 1 \"<\" 2}}", "null", {  }, { out: "1&lt;2" }],
  ["esc/html-missing", "{{html .absent}}", DATA_0, {  }, { out: "&lt;no value&gt;" }],
  ["delims/custom", "<<.name>> {{.name}}", DATA_0, { delims: ["<<",">>"] }, { out: "alice {{.name}}" }],
  ["delims/trim", "a <<- .name ->> b", DATA_0, { delims: ["<<",">>"] }, { out: "aaliceb" }],
  ["delims/brackets", "[[ range .list ]][[ . ]],[[ end ]]", DATA_0, { delims: ["[[","]]"] }, { out: "a,b,c," }],
  ["delims/empty-means-default", "{{.name}}", DATA_0, { delims: ["",""] }, { out: "alice" }],
  ["c2", "{{$x := .nothing}}{{$x.b}}", "{\"nothing\":null}", {  }, { out: "<no value>" }],
  ["c3", "{{.nothing.b}}", "{\"nothing\":null}", {  }, { phase: "exec", error: "template: tpl:1:10: executing \"tpl\" at <.nothing.b>: nil pointer evaluating interface {}.b" }],
  ["c4", "{{(.nothing).b}}", "{\"nothing\":null}", {  }, { out: "<no value>" }],
  ["c7", "{{len .nothing}}", "{\"nothing\":null}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <len .nothing>: error calling len: len of nil pointer" }],
  ["c8", "{{range .l}}{{.x}}{{end}}", "{\"l\":[null]}", {  }, { phase: "exec", error: "template: tpl:1:14: executing \"tpl\" at <.x>: nil pointer evaluating interface {}.x" }],
  ["c9", "{{range .l}}{{.x}}{{end}}", "{\"l\":[\"s\"]}", {  }, { phase: "exec", error: "template: tpl:1:14: executing \"tpl\" at <.x>: can't evaluate field x in type interface {}" }],
  ["c10", "{{$x := \"s\"}}{{$x.y}}", "null", {  }, { phase: "exec", error: "template: tpl:1:17: executing \"tpl\" at <$x.y>: can't evaluate field y in type string" }],
  ["c11", "{{.x}}", "\"str\"", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <.x>: can't evaluate field x in type string" }],
  ["c13", "{{.a.b}}", "{\"a\":[1]}", {  }, { phase: "exec", error: "template: tpl:1:4: executing \"tpl\" at <.a.b>: can't evaluate field b in type interface {}" }],
  ["c17", "{{.x}}", "null", { missingkey: "error" }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <.x>: nil data; no entry for key \"x\"" }],
  ["c18", "{{.x.y}}", "{\"x\":{}}", { missingkey: "zero" }, { out: "<no value>" }],
  ["c19", "{{range $i, $v := .m}}{{$i}}{{$v.z}}{{end}}", "{\"m\":{\"a\":null}}", {  }, { phase: "exec", error: "template: tpl:1:32: executing \"tpl\" at <$v.z>: nil pointer evaluating interface {}.z" }],
  ["c20", "{{index .m \"a\" \"b\"}}", "{\"m\":{\"a\":null}}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index .m \"a\" \"b\">: error calling index: index of nil pointer" }],
  ["c21", "{{index .l 3}}", "{\"l\":[1,2,3]}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index .l 3>: error calling index: reflect: slice index out of range" }],
  ["c22", "{{index .l -1}}", "{\"l\":[1,2,3]}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index .l -1>: error calling index: index out of range: -1" }],
  ["c23", "{{index .l \"a\"}}", "{\"l\":[1,2,3]}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index .l \"a\">: error calling index: cannot index slice/array with type string" }],
  ["c24", "{{index .l nil}}", "{\"l\":[1,2,3]}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index .l nil>: error calling index: cannot index slice/array with nil" }],
  ["c25", "{{index 1 1}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index 1 1>: error calling index: can't index item of type int" }],
  ["c26", "{{index .m nil}}", "{\"m\":{}}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index .m nil>: error calling index: value is nil; should be of type string" }],
  ["c27", "{{len 3}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <len 3>: error calling len: len of type int" }],
  ["c29", "{{eq .a .b}}", "{\"a\":[1],\"b\":{\"x\":1}}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <eq .a .b>: error calling eq: non-comparable types [%!s(int=1)]: []interface {}, map[string]interface {}: map[x:1]" }],
  ["c30", "{{lt true false}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <lt true false>: error calling lt: invalid type for comparison" }],
  ["c31", "{{lt nil 1}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <lt nil 1>: error calling lt: invalid type for comparison" }],
  ["c32", "{{eq}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <eq>: wrong number of args for eq: want at least 1 got 0" }],
  ["c33", "{{eq 1}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <eq 1>: error calling eq: missing argument for comparison" }],
  ["c34", "{{ne 1}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <ne>: wrong number of args for ne: want 2 got 1" }],
  ["c35", "{{and}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <and>: wrong number of args for and: want at least 1 got 0" }],
  ["c36", "{{1 | and 0}} {{1 | or 0}} {{0 | or 0}}", "null", {  }, { out: "0 1 0" }],
  ["c37", "{{html \"<a href='x'>&\\\"\"}} {{js \"<a='x'>\\\\\\n\"}} {{urlquery \"a b&c=d/é\"}}", "null", {  }, { out: "&lt;a href=&#39;x&#39;&gt;&amp;&#34; \\u003Ca\\u003D\\'x\\'\\u003E\\\\\\u000A a+b%26c%3Dd%2F%C3%A9" }],
  ["c38", "{{html .absent}} {{js .absent 1}} {{urlquery 1 2}}", "{}", {  }, { out: "&lt;no value&gt; \\u003Cno value\\u003E1 1+2" }],
  ["c39", "{{call .x}}", "{}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <call .x>: error calling call: call of nil" }],
  ["c40", "{{print}} {{print nil 1}} {{printf \"%d\" nil}}", "null", {  }, { out: " <nil> 1 %!d(<nil>)" }],
  ["c43", "{{. 1}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <.>: can't give argument to non-function ." }],
  ["c44", "{{true 1}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <true>: can't give argument to non-function true" }],
  ["c45", "{{(1) 2}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <(1) 2>: can't give argument to non-function 1" }],
  ["c46", "{{$ 1}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <$>: can't give argument to non-function $" }],
  ["c47", "{{1 | $}}", "null", {  }, { phase: "exec", error: "template: tpl:1:6: executing \"tpl\" at <$>: can't give argument to non-function $" }],
  ["c49", "{{(nil).x}}", "null", {  }, { phase: "exec", error: "template: tpl:1:3: executing \"tpl\" at <nil>: nil is not a command" }],
  ["c51", "{{.x | .y}}", "{\"x\":1,\"y\":2}", {  }, { phase: "exec", error: "template: tpl:1:7: executing \"tpl\" at <.y>: y is not a method but has arguments" }],
  ["c52", "{{$x := 1}}{{$x | $x}}", "null", {  }, { phase: "exec", error: "template: tpl:1:18: executing \"tpl\" at <$x>: can't give argument to non-function $x" }],
  ["c53", "{{template \"x\"}}", "null", {  }, { phase: "exec", error: "template: tpl:1:11: executing \"tpl\" at <{{template \"x\"}}>: template \"x\" not defined" }],
  ["c55", "{{define \"a\"}}{{end}}{{define \"a\"}}x{{end}}{{template \"a\"}}", "null", {  }, { out: "x" }],
  ["c56", "{{define \"tpl\"}}D{{end}}", "null", {  }, { out: "D" }],
  ["c58", "{{define \"x\"}}{{template \"tpl\" 1}}{{end}}{{if eq . 0}}{{template \"x\"}}{{else}}{{.}}{{end}}", "0", {  }, { out: "1" }],
  ["c59", "{{range $i, $v := .l}}{{$i}}{{$v}}{{else}}none{{end}}", "{\"l\":[]}", {  }, { out: "none" }],
  ["c62", "{{with $x := 1}}{{$x}}{{else}}{{$x}}{{end}}", "null", {  }, { out: "1" }],
  ["c63", "{{if $x := 0}}{{$x}}{{else}}e{{$x}}{{end}}", "null", {  }, { out: "e0" }],
  ["c64", "{{range .l}}{{continue}}{{end}}{{range .l}}{{if true}}{{break}}{{end}}x{{end}}y", "{\"l\":[1,2]}", {  }, { out: "y" }],
  ["c65", "{{range .l}}{{range .}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}|{{end}}", "{\"l\":[[1,2,3],[4,2]]}", {  }, { out: "1|4|" }],
  ["c69", "{{range .}}{{range .l}}{{else}}{{break}}{{end}}x{{end}}", "[{\"l\":[]},{\"l\":[]}]", {  }, { out: "xx" }],
  ["c70", "{{range .}}{{range .l}}{{else}}{{continue}}{{end}}x{{end}}", "[{\"l\":[]},{\"l\":[]}]", {  }, { out: "" }],
  ["c71", "{{\"a\" | printf \"%s %s\" \"b\"}}", "null", {  }, { out: "b a" }],
  ["c72", "{{0x10}} {{0X1P-2}} {{1e-7}} {{1E+3}} {{0b11}} {{0O17}} {{-0x10}} {{'\\x41'}} {{'\\101'}} {{'\\''}}", "null", {  }, { out: "16 0.25 1e-07 1000 3 15 -16 65 65 39" }],
  ["c75", "{{0x_1}}", "null", {  }, { out: "1" }],
  ["c78", "{{18446744073709551615}} ", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <18446744073709551615>: 18446744073709551615 overflows int" }],
  ["c79", "{{-9223372036854775808}}", "null", {  }, { out: "-9223372036854775808" }],
  ["c82", "{{printf \"%T\" 1e19}}", "null", {  }, { out: "float64" }],
  ["c87", "{{\"\\u00e9\\U0001F600\"}}", "null", {  }, { out: "é😀" }],
  ["c91", "{{`a\r\nb`}}", "null", {  }, { out: "a\nb" }],
  ["c95", "{{.a.b.c.d}}", "{\"a\":{\"b\":{}}}", {  }, { out: "<no value>" }],
  ["c96", "{{.a.b.c.d}}", "{\"a\":{\"b\":{}}}", { missingkey: "zero" }, { phase: "exec", error: "template: tpl:1:4: executing \"tpl\" at <.a.b.c.d>: nil pointer evaluating interface {}.d" }],
  ["c97", "{{.a.b.c.d}}", "{\"a\":{\"b\":{}}}", { missingkey: "error" }, { phase: "exec", error: "template: tpl:1:4: executing \"tpl\" at <.a.b.c.d>: map has no entry for key \"c\"" }],
  ["c98", "{{with .a}}{{.x}}{{end}}", "{\"a\":\"s\"}", {  }, { phase: "exec", error: "template: tpl:1:13: executing \"tpl\" at <.x>: can't evaluate field x in type string" }],
  ["c99", "{{define \"t\"}}{{.x}}{{end}}{{template \"t\" .a}}", "{\"a\":\"s\"}", {  }, { phase: "exec", error: "template: tpl:1:16: executing \"t\" at <.x>: can't evaluate field x in type string" }],
  ["c100", "{{.a.x}}", "{\"a\":true}", {  }, { phase: "exec", error: "template: tpl:1:4: executing \"tpl\" at <.a.x>: can't evaluate field x in type interface {}" }],
  ["p27", "{{if 1 | }}{{end}}", "null", {  }, { out: "" }],
  ["p32", "{{ (.x) | (.y) }}", "{\"x\":1,\"y\":2}", {  }, { phase: "exec", error: "template: tpl:1:4: executing \"tpl\" at <.x>: can't give argument to non-function .y" }],
  ["p38", "{{$.x}} {{$}}", "{\"x\":3}", {  }, { out: "3 map[x:3]" }],
  ["p40", "{{$x := 1 2}}", "null", {  }, { phase: "exec", error: "template: tpl:1:8: executing \"tpl\" at <1>: can't give argument to non-function 1" }],
  ["p46", "a {{- /* c */}} b {{/* c */ -}} c", "null", {  }, { out: "a b c" }],
  ["p48", "{{/* a */ -}}", "null", {  }, { out: "" }],
  ["p49", "a\t\n {{- 1 -}} \n\t b", "null", {  }, { out: "a1b" }],
  ["p50", "{{1 -}} x", "null", {  }, { out: "1 x" }],
  ["p51", "<< .x >> {{ .x }} <<- .x ->>  ", "{\"x\":1}", { delims: ["<<",">>"] }, { out: "1 {{ .x }}1" }],
  ["p52", "<<.x>><</* c */>><<- /* c */ ->>", "{\"x\":1}", { delims: ["<<",">>"] }, { out: "1" }],
  ["p53", "{%.x%}{%if .x%}y{%end%}", "{\"x\":1}", { delims: ["{%","%}"] }, { out: "1y" }],
  ["p54", "{{.x}}", "{\"x\":1}", { delims: ["{{",""] }, { out: "1" }],
  ["p55", "((.x))", "{\"x\":1}", { delims: ["((","))"] }, { out: "1" }],
  ["p56", "{{.x}}}}", "{\"x\":1}", {  }, { out: "1}}" }],
  ["p58", "{{\"}}\"}}", "null", {  }, { out: "}}" }],
  ["p65", "{{nil}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <nil>: nil is not a command" }],
  ["p66", "{{.x.y.z | printf \"%v\"}}", "{\"x\":{\"y\":{\"z\":[1,{\"a\":null}]}}}", {  }, { out: "[1 map[a:<nil>]]" }],
  ["p67", "{{$x := 1}}{{$x.y}}", "null", {  }, { phase: "exec", error: "template: tpl:1:15: executing \"tpl\" at <$x.y>: can't evaluate field y in type int" }],
  ["p76", "{{index \"héllo\" 1}} {{index \"héllo\" 6}}", "null", {  }, { phase: "exec", error: "template: tpl:1:23: executing \"tpl\" at <index \"héllo\" 6>: error calling index: reflect: string index out of range" }],
  ["p77", "{{index \"héllo\" 5}}", "null", {  }, { out: "111" }],
  ["p82", "{{eq nil 1}} {{eq 1 nil}}", "null", {  }, { out: "false false" }],
  ["p83", "{{ne nil nil}} {{ne \"a\" .x}}", "null", {  }, { out: "false true" }],
  ["p84", "{{ge \"a\" \"a\"}} {{gt 2.5 2.4}} {{le 1 2}} {{gt \"é\" \"z\"}} {{lt \"\\uffff\" \"\\U0001F600\"}}", "null", {  }, { out: "true true true true true" }],
  ["p85", "{{not}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <not>: wrong number of args for not: want 1 got 0" }],
  ["p86", "{{not 1 2}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <not>: wrong number of args for not: want 1 got 2" }],
  ["p87", "{{and 1 .x.y}}", "{\"x\":null}", {  }, { phase: "exec", error: "template: tpl:1:10: executing \"tpl\" at <.x.y>: nil pointer evaluating interface {}.y" }],
  ["p88", "{{or 0 .x.y}}", "{\"x\":null}", {  }, { phase: "exec", error: "template: tpl:1:9: executing \"tpl\" at <.x.y>: nil pointer evaluating interface {}.y" }],
  ["p89", "{{printf \"%s\" .x}}", "{\"x\":null}", {  }, { out: "%!s(<nil>)" }],
  ["p90", "{{printf .x}}", "{\"x\":null}", {  }, { phase: "exec", error: "template: tpl:1:9: executing \"tpl\" at <.x>: wrong type for value; expected string; got interface {}" }],
  ["p91", "{{printf .x}}", "{}", {  }, { phase: "exec", error: "template: tpl:1:9: executing \"tpl\" at <.x>: invalid value; expected string" }],
  ["p92", "{{printf 1.5}}", "null", {  }, { phase: "exec", error: "template: tpl:1:9: executing \"tpl\" at <1.5>: expected string; found 1.5" }],
  ["p93", "{{slice .l 1 2 3}}", "{\"l\":[1,2,3]}", {  }, { out: "[2]" }],
  ["p94", "{{template \"x\" .}}{{define \"x\"}}{{.a}}{{end}}", "{\"a\":\"A\"}", {  }, { out: "A" }],
  ["p95", "{{template \"x\" $x := 3}}{{$x}}{{define \"x\"}}{{.}}{{end}}", "null", {  }, { out: "33" }],
  ["p96", "{{define \"x\"}}{{$}}{{end}}{{template \"x\" 5}}{{$}}", "7", {  }, { out: "57" }],
  ["p98", "x\n\n  {{template \"y\"}}\n{{define \"y\"}}\n\n  {{.z.q}}{{end}}", "null", {  }, { out: "x\n\n  \n\n  <no value>\n" }],
  ["p99", "ééé {{.x.y}}", "{\"x\":\"s\"}", {  }, { phase: "exec", error: "template: tpl:1:11: executing \"tpl\" at <.x.y>: can't evaluate field y in type interface {}" }],
  ["p100", "é\né {{.x.y}}", "{\"x\":\"s\"}", {  }, { phase: "exec", error: "template: tpl:2:7: executing \"tpl\" at <.x.y>: can't evaluate field y in type interface {}" }],
  ["b1", "{{print 1 2 \"a\" 3.5 nil true}}|{{println 1 \"x\"}}|{{printf \"%v-%q-%5d|%-4s|%x\" .l \"q\" 42 \"ab\" \"hi\"}}", "{\"l\":[1,\"a\",null]}", {  }, { out: "1 2a3.5 <nil> true|1 x\n|[1 a <nil>]-\"q\"-   42|ab  |6869" }],
  ["b2", "{{printf \"%T %T %T\" .i .f .m}} {{printf \"%d%%\" 50}}", "{\"i\":1,\"f\":1.5,\"m\":{}}", {  }, { out: "int float64 map[string]interface {} 50%" }],
  ["b3", "{{call .f}}", "{\"f\":1}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <call .f>: error calling call: non-function of type int" }],
  ["b4", "{{index .m \"a\" 1 \"b\"}}", "{\"m\":{\"a\":[0,{\"b\":\"deep\"}]}}", {  }, { out: "deep" }],
  ["b5", "{{index .}}", "[1,2]", {  }, { out: "[1 2]" }],
  ["b6", "{{index . 0 0}}", "[1,2]", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index . 0 0>: error calling index: can't index item of type int" }],
  ["b7", "{{len .}} {{len .s}} {{len .l}}", "{\"s\":\"日本\",\"l\":[1,null]}", {  }, { out: "2 6 2" }],
  ["b8", "{{not .a}} {{not .b}} {{not .c}} {{not .d}} {{not .e}}", "{\"a\":null,\"b\":0.0,\"c\":\"0\",\"d\":[],\"e\":{\"x\":1}}", {  }, { out: "true true false true false" }],
  ["b9", "{{and .a .b .c}}|{{or .a .b .c}}|{{and}}", "{\"a\":1,\"b\":\"\",\"c\":\"z\"}", {  }, { phase: "exec", error: "template: tpl:1:35: executing \"tpl\" at <and>: wrong number of args for and: want at least 1 got 0" }],
  ["b10", "{{eq .a .b}} {{eq .a 1.5}} {{eq .s \"x\" \"y\"}} {{ne .s \"x\"}} {{lt .s \"y\"}} {{ge 3 3}} {{gt 1.0 0.5}}", "{\"a\":1.5,\"b\":1.5,\"s\":\"x\"}", {  }, { out: "true true true false true true true" }],
  ["b11", "{{eq .a .b}}", "{\"a\":1,\"b\":1.0}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <eq .a .b>: error calling eq: incompatible types for comparison" }],
  ["b12", "{{lt .a .b}}", "{\"a\":[1],\"b\":[1]}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <lt .a .b>: error calling lt: invalid type for comparison" }],
  ["b13", "{{lt 1 \"a\"}}", "null", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <lt 1 \"a\">: error calling lt: incompatible types for comparison" }],
  ["b14", "{{html .}} {{js .}} {{urlquery .}}", "\"<a b='c'>&\\\"=é\\u0001\"", {  }, { out: "&lt;a b=&#39;c&#39;&gt;&amp;&#34;=é\u0001 \\u003Ca b\\u003D\\'c\\'\\u003E\\u0026\\\"\\u003Dé\\u0001 %3Ca+b%3D%27c%27%3E%26%22%3D%C3%A9%01" }],
  ["b15", "{{html 1 2}} {{js \"a\" 1}} {{urlquery \"a\" \"b\"}}", "null", {  }, { out: "1 2 a1 ab" }],
  ["b16", "{{.a | not}} {{\"\" | len}} {{.l | index . 1}}", "{\"a\":true,\"l\":[5,6]}", {  }, { phase: "exec", error: "template: tpl:1:33: executing \"tpl\" at <index . 1>: error calling index: value has type int; should be string" }],
  ["b17", "{{range $k, $v := .}}{{$k}}:{{$v}};{{end}}", "{\"b\":{\"x\":[1,2]},\"a\":null,\"é\":1,\"z\":\"s\",\"A\":true}", {  }, { out: "A:true;a:<no value>;b:map[x:[1 2]];z:s;é:1;" }],
  ["b18", "{{range $v := .}}{{$v}}{{end}}{{range $i, $v := .}}{{$i}}{{end}}", "[\"x\",\"y\"]", {  }, { out: "xy01" }],
  ["b19", "{{range .}}{{.}}{{else}}empty{{end}}", "{}", {  }, { out: "empty" }],
  ["b20", "{{range .}}{{.}}{{end}}", "true", {  }, { phase: "exec", error: "template: tpl:1:8: executing \"tpl\" at <.>: range can't iterate over true" }],
  ["b21", "{{range .}}{{.}}{{end}}", "1.5", {  }, { phase: "exec", error: "template: tpl:1:8: executing \"tpl\" at <.>: range can't iterate over 1.5" }],
  ["b22", "{{range .}}{{.}}{{end}}", "{\"a\":{\"b\":1}}", {  }, { out: "map[b:1]" }],
  ["b23", "{{$x := 0}}{{range .}}{{$x = .}}{{end}}{{$x}}", "[1,2,3]", {  }, { out: "3" }],
  ["b24", "{{$x := 0}}{{range $i, $e := .}}{{$y := $e}}{{$x = $y}}{{end}}{{$x}}", "[1,2,3]", {  }, { out: "3" }],
  ["b25", "{{with $x := .a}}{{$x}}{{with $y := 2}}{{$x}}{{$y}}{{end}}{{end}}", "{\"a\":1}", {  }, { out: "112" }],
  ["b26", "{{if .a}}{{$z := 1}}{{else if .b}}{{$z := 2}}{{$z}}{{else}}c{{end}}", "{\"b\":1}", {  }, { out: "2" }],
  ["b27", "{{if false}}a{{else if false}}b{{else if true}}c{{end}}", "null", {  }, { out: "c" }],
  ["b28", "{{define \"t\"}}{{.}}{{end}}{{block \"u\" 2}}[{{template \"t\" .}}]{{end}}", "null", {  }, { out: "[2]" }],
  ["b30", "{{$}} {{$.a}} {{with .a}}{{$.a}}{{.}}{{end}}", "{\"a\":\"A\"}", {  }, { out: "map[a:A] A AA" }],
  ["b31", "{{.a.b.c}}", "{\"a\":{\"b\":{\"c\":null}}}", {  }, { out: "<no value>" }],
  ["b32", "{{.a.b.c}}", "{\"a\":{\"b\":{\"c\":null}}}", { missingkey: "error" }, { out: "<no value>" }],
  ["b33", "{{index . \"x\"}}", "{\"y\":1}", { missingkey: "zero" }, { out: "<no value>" }],
  ["b34", "{{if .x}}y{{end}}", "{}", { missingkey: "zero" }, { out: "" }],
  ["b35", "{{.x}}", "{}", { missingkey: "invalid" }, { out: "<no value>" }],
  ["b36", "{{with .x}}{{.}}{{else}}none{{end}} {{.y | print}}", "{}", { missingkey: "zero" }, { out: "none <nil>" }],
  ["b37", "{{range $i, $c := \"abc\"}}{{end}}", "null", {  }, { phase: "exec", error: "template: tpl:1:18: executing \"tpl\" at <\"abc\">: range can't iterate over abc" }],
  ["b38", "{{.Method}}", "{\"Method\":\"m\"}", {  }, { out: "m" }],
  ["b39", "{{\"text\" | printf \"%s=%s\" \"k\"}}", "null", {  }, { out: "k=text" }],
  ["b40", "{{$a := 1}}{{$b := 2}}{{$a}}{{$b}}{{$a = $b}}{{$a}}", "null", {  }, { out: "122" }],
  ["b41", "a{{/* c */}}b{{- /* c2 */ -}}  c  {{- 1}}", "null", {  }, { out: "abc1" }],
  ["b42", "{{\"a\"}}{{`b`}}{{'c'}}{{1.5}}{{true}}{{-1}}", "null", {  }, { out: "ab991.5true-1" }],
  ["b43", "x{{template \"y\" .}}z{{define \"y\"}}{{range .}}<{{.}}>{{end}}{{end}}", "[1,2]", {  }, { out: "x<1><2>z" }],
  ["b44", "{{define \"a\"}}A{{template \"b\"}}{{end}}{{define \"b\"}}B{{end}}{{template \"a\"}}", "null", {  }, { out: "AB" }],
  ["b45", "{{.a}} {{.b}} {{.c}} {{.d}} {{.e}}", "{\"a\":1e21,\"b\":123456789.0,\"c\":0.000001,\"d\":-0.0,\"e\":9223372036854775807}", {  }, { out: "1e+21 1.23456789e+08 1e-06 -0 9223372036854775807" }],
  ["b46", "{{index .l 1 2}}", "{\"l\":[[1],[1,2,3]]}", {  }, { out: "3" }],
  ["b47", "{{index .l 1 5}}", "{\"l\":[[1],[1,2,3]]}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index .l 1 5>: error calling index: index out of range: 5" }],
  ["b48", "{{index .m \"a\" \"b\"}}", "{\"m\":{\"a\":\"str\"}}", {  }, { phase: "exec", error: "template: tpl:1:2: executing \"tpl\" at <index .m \"a\" \"b\">: error calling index: cannot index slice/array with type string" }],
  ["b49", "{{index .m \"a\" 0}}", "{\"m\":{\"a\":\"str\"}}", {  }, { out: "115" }],
];

describe('execution matches Go text/template', () => {
  test.each(ROWS)('%s', (_id, template, data, opts, expected) => {
    expect(run(template, data, opts)).toEqual(expected);
  });
});

describe('Go builtins that the oracle cannot show (Sprig shadows slice there)', () => {
  const render = (template: string, data: unknown = null): string =>
    renderTemplate(template, parseJsonLossless(JSON.stringify(data)), { funcs: goBuiltins });

  test('slice works on strings (bytes) and lists like Go s[i:j]', () => {
    expect(render('{{slice .s 1 3}} {{slice .l 1}} {{slice .l}} {{slice .s}}', { s: 'hello', l: [1, 2, 3] })).toBe(
      'el [2 3] [1 2 3] hello',
    );
    expect(render('{{slice .l 1 2 3}}', { l: [1, 2, 3] })).toBe('[2]');
  });

  test('slice errors carry Go messages', () => {
    expect(() => render('{{slice .s 3 1}}', { s: 'hello' })).toThrow('error calling slice: invalid slice index: 3 > 1');
    expect(() => render('{{slice .s 1 2 3}}', { s: 'hello' })).toThrow('cannot 3-index slice a string');
    expect(() => render('{{slice .s 9}}', { s: 'hello' })).toThrow('index out of range: 9');
    expect(() => render('{{slice .x}}', {})).toThrow('slice of untyped nil');
    expect(() => render('{{slice 3}}')).toThrow("can't slice item of type int");
  });

  test('recursive templates through builtins only', () => {
    const fact = '{{define "f"}}{{if le . 1}}1{{else}}{{.}}*{{template "f" (len (slice "xxxxxxxxxx" 1 .))}}{{end}}{{end}}';
    expect(render(fact + '{{template "f" 5}}')).toBe('5*4*3*2*1');
  });
});

describe('typed Go values', () => {
  test('typed maps read their element zero value under missingkey=zero', () => {
    const data = { m: withGoType({ a: 'x' }, 'map[string]string') };
    expect(renderTemplate('[{{.m.b}}]', data, { funcs: goBuiltins, missingkey: 'zero' })).toBe('[]');
    expect(renderTemplate('[{{.m.b}}]', data, { funcs: goBuiltins })).toBe('[<no value>]');
    expect(renderTemplate('[{{index .m "b"}}]', data, { funcs: goBuiltins })).toBe('[]');
  });

  test('elements of typed lists are not interface values in error messages', () => {
    const data = { l: withGoType(['a'] as GoList, '[]string') };
    expect(() => renderTemplate('{{range .l}}{{.x}}{{end}}', data, { funcs: goBuiltins })).toThrow(
      "can't evaluate field x in type string",
    );
  });

  test('GoObject fields and methods', () => {
    const obj: GoObject = {
      goType: '*demo.T',
      goKind: 'ptr',
      goString: () => 'T!',
      goField: (name) => {
        if (name === 'Name') return 'n';
        if (name === 'Twice') return { goMethod: true, name, call: (args) => String(args[0]).repeat(2) };
        return undefined;
      },
    };
    expect(renderTemplate('{{.o}} {{.o.Name}} {{.o.Twice "ab"}} {{"cd" | .o.Twice}}', { o: obj }, { funcs: goBuiltins })).toBe(
      'T! n abab cdcd',
    );
    // Read out of a map[string]interface{}, the object's static type is interface {} (as in Go).
    expect(() => renderTemplate('{{.o.Missing}}', { o: obj }, { funcs: goBuiltins })).toThrow(
      "can't evaluate field Missing in type interface {}",
    );
    expect(() => renderTemplate('{{.Missing}}', obj, { funcs: goBuiltins })).toThrow(
      "can't evaluate field Missing in type *demo.T",
    );
    expect(() => renderTemplate('{{.o.Twice}}', { o: obj }, { funcs: goBuiltins })).not.toThrow();
  });

  test('function parameter types are checked like Go reflection', () => {
    const funcs = {
      ...goBuiltins,
      takesInt: fn(['int'], (n) => n),
      takesFloat: fn(['float64'], (f) => (f instanceof GoFloat ? 'float' : 'other')),
      takesList: fn(['list'], (l) => (l === null ? 'nil' : 'list')),
    };
    const r = (t: string, data: GoValue = null): string => renderTemplate(t, data, { funcs });
    expect(r('{{takesInt 2.0}} {{takesFloat 1}} {{takesList nil}} {{takesList .x}}', {})).toBe('2 float nil nil');
    expect(() => r('{{takesInt .n}}', { n: new GoInt('int64', 1n) })).toThrow('wrong type for value; expected int; got int64');
    expect(() => r('{{takesInt 1.5}}')).toThrow('expected integer; found 1.5');
    expect(() => r('{{takesInt .x}}', {})).toThrow('invalid value; expected int');
    expect(() => r('{{takesList "x"}}')).toThrow(`can't handle "x" for arg of type []interface {}`);
    expect(() => r('{{takesList .s}}', { s: withGoType(['a'] as GoList, '[]string') })).toThrow(
      'wrong type for value; expected []interface {}; got []string',
    );
  });

  test('a panic (any thrown error) inside a function is reported like an error return', () => {
    const funcs = { ...goBuiltins, boom: fn([], () => { throw new TypeError('bad thing'); }) };
    expect(() => renderTemplate('{{boom}}', null, { funcs })).toThrow('error calling boom: bad thing');
  });
});

describe('deep recursion', () => {
  test('infinite template recursion ends with Go depth error (JS stack stands in for the limit)', () => {
    let err: unknown;
    try {
      renderTemplate('{{define "r"}}{{template "r" .}}{{end}}{{template "r" 1}}', null, { funcs: goBuiltins });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as TemplateError).phase).toBe('exec');
    expect((err as TemplateError).goMessage).toMatch(
      /^template: tpl:1:25: executing "r" at <\{\{template "r" \.\}\}>: exceeded maximum template depth \(100000\)$/,
    );
  });

  test('hundreds of levels of legitimate recursion work (the JS stack allows about a thousand)', () => {
    const funcs = { ...goBuiltins, dec: fn(['int'], (n) => (n as number) - 1) };
    const t = '{{define "c"}}{{if gt . 0}}{{template "c" (dec .)}}{{else}}done{{end}}{{end}}{{template "c" 300}}';
    expect(renderTemplate(t, null, { funcs })).toBe('done');
  });
});
