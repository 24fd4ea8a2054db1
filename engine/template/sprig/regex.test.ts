/**
 * Sprig regex functions (Go RE2 semantics) called directly. Expectations are the real Go oracle's output for the template shown
 * ("err:MSG" = the text after "error calling NAME: "; "exec-error" = an executor-level error).
 */
import { FunctionError } from '../function-types';
import { formatValue } from '../fmt';
import type { GoValue } from '../values';
import { regexFunctions } from './regex';

function render(run: () => GoValue): string {
  try {
    const v = run();
    return `ok:${v === null || v === undefined ? '<no value>' : formatValue(v)}`;
  } catch (e) {
    if (e instanceof FunctionError) return `err:${e.message}`;
    throw e;
  }
}

const cases: [string, () => GoValue, string][] = [];
const c = (template: string, run: () => GoValue, expected: string): void => {
  cases.push([template, run, expected]);
};

c("{{regexMatch \"^[a-z]+\\\\[[0-9]+\\\\]$\" \"adam[23]\"}}", () => regexFunctions.regexMatch.fn("^[a-z]+\\[[0-9]+\\]$", "adam[23]"), "ok:true");
c("{{regexMatch \"(?i)HELLO\" \"hello\"}}", () => regexFunctions.regexMatch.fn("(?i)HELLO", "hello"), "ok:true");
c("{{regexMatch \"a(?i)b\" \"aB\"}}", () => regexFunctions.regexMatch.fn("a(?i)b", "aB"), "ok:true");
c("{{regexMatch \"a(?i)b\" \"AB\"}}", () => regexFunctions.regexMatch.fn("a(?i)b", "AB"), "ok:false");
c("{{regexMatch \"(?i:a)b\" \"Ab\"}}", () => regexFunctions.regexMatch.fn("(?i:a)b", "Ab"), "ok:true");
c("{{regexMatch \"(?i:a)b\" \"AB\"}}", () => regexFunctions.regexMatch.fn("(?i:a)b", "AB"), "ok:false");
c("{{regexMatch \"(?i)a(?-i)b\" \"Ab\"}}", () => regexFunctions.regexMatch.fn("(?i)a(?-i)b", "Ab"), "ok:true");
c("{{regexMatch \"(?i)a(?-i)b\" \"AB\"}}", () => regexFunctions.regexMatch.fn("(?i)a(?-i)b", "AB"), "ok:false");
c("{{regexMatch \"^b$\" \"a\\nb\"}}", () => regexFunctions.regexMatch.fn("^b$", "a\nb"), "ok:false");
c("{{regexMatch \"(?m)^b$\" \"a\\nb\"}}", () => regexFunctions.regexMatch.fn("(?m)^b$", "a\nb"), "ok:true");
c("{{regexMatch \"(?m)^b$\" \"a\\rb\"}}", () => regexFunctions.regexMatch.fn("(?m)^b$", "a\rb"), "ok:false");
c("{{regexMatch \"a.b\" \"a\\nb\"}}", () => regexFunctions.regexMatch.fn("a.b", "a\nb"), "ok:false");
c("{{regexMatch \"a.b\" \"a\\rb\"}}", () => regexFunctions.regexMatch.fn("a.b", "a\rb"), "ok:true");
c("{{regexMatch \"(?s)a.b\" \"a\\nb\"}}", () => regexFunctions.regexMatch.fn("(?s)a.b", "a\nb"), "ok:true");
c("{{regexMatch \"\\\\Aab\\\\z\" \"ab\"}}", () => regexFunctions.regexMatch.fn("\\Aab\\z", "ab"), "ok:true");
c("{{regexMatch \"\\\\Aab\\\\z\" \"ab\\n\"}}", () => regexFunctions.regexMatch.fn("\\Aab\\z", "ab\n"), "ok:false");
c("{{regexMatch \"ab$\" \"ab\\n\"}}", () => regexFunctions.regexMatch.fn("ab$", "ab\n"), "ok:false");
c("{{regexMatch \"[[:alpha:]]+\\\\d\" \"abc1\"}}", () => regexFunctions.regexMatch.fn("[[:alpha:]]+\\d", "abc1"), "ok:true");
c("{{regexMatch \"^[[:^alpha:]]+$\" \"123\"}}", () => regexFunctions.regexMatch.fn("^[[:^alpha:]]+$", "123"), "ok:true");
c("{{regexMatch \"^\\\\pL+$\" \"héllo\"}}", () => regexFunctions.regexMatch.fn("^\\pL+$", "héllo"), "ok:true");
c("{{regexMatch \"^\\\\p{Greek}+$\" \"αβγ\"}}", () => regexFunctions.regexMatch.fn("^\\p{Greek}+$", "αβγ"), "ok:true");
c("{{regexMatch \"^\\\\PL+$\" \"123\"}}", () => regexFunctions.regexMatch.fn("^\\PL+$", "123"), "ok:true");
c("{{regexMatch \"^\\\\p{^Greek}+$\" \"abc\"}}", () => regexFunctions.regexMatch.fn("^\\p{^Greek}+$", "abc"), "ok:true");
c("{{regexMatch \"^[\\\\p{Lu}\\\\d]+$\" \"AB1\"}}", () => regexFunctions.regexMatch.fn("^[\\p{Lu}\\d]+$", "AB1"), "ok:true");
c("{{regexMatch \"\\\\Qa.b\\\\E\" \"a.b\"}}", () => regexFunctions.regexMatch.fn("\\Qa.b\\E", "a.b"), "ok:true");
c("{{regexMatch \"\\\\Qa.b\\\\E\" \"axb\"}}", () => regexFunctions.regexMatch.fn("\\Qa.b\\E", "axb"), "ok:false");
c("{{regexMatch \"^\\\\s$\" \"\\u000b\"}}", () => regexFunctions.regexMatch.fn("^\\s$", "\u000b"), "ok:false");
c("{{regexMatch \"^\\\\x41\\\\x{263a}\\\\101$\" \"A☺A\"}}", () => regexFunctions.regexMatch.fn("^\\x41\\x{263a}\\101$", "A☺A"), "ok:true");
c("{{regexMatch \"^a{2,3}$\" \"aaaa\"}}", () => regexFunctions.regexMatch.fn("^a{2,3}$", "aaaa"), "ok:false");
c("{{regexMatch \"a{,3}\" \"a{,3}\"}}", () => regexFunctions.regexMatch.fn("a{,3}", "a{,3}"), "ok:true");
c("{{regexMatch \"^[]a]+$\" \"]a\"}}", () => regexFunctions.regexMatch.fn("^[]a]+$", "]a"), "ok:true");
c("{{regexMatch \"^[a-]+$\" \"a-\"}}", () => regexFunctions.regexMatch.fn("^[a-]+$", "a-"), "ok:true");
c("{{regexMatch \"(?U)a+\" \"aaa\"}}", () => regexFunctions.regexMatch.fn("(?U)a+", "aaa"), "ok:true");
c("{{regexMatch \"^.$\" \"☺\"}}", () => regexFunctions.regexMatch.fn("^.$", "☺"), "ok:true");
c("{{regexMatch \"^.$\" \"😀\"}}", () => regexFunctions.regexMatch.fn("^.$", "😀"), "ok:true");
c("{{regexMatch \"^[^a]$\" \"\\n\"}}", () => regexFunctions.regexMatch.fn("^[^a]$", "\n"), "ok:true");
c("{{regexMatch \"x*\" \"y\"}}", () => regexFunctions.regexMatch.fn("x*", "y"), "ok:true");
c("{{regexMatch \"(a\" \"a\"}}", () => regexFunctions.regexMatch.fn("(a", "a"), "ok:false");
c("{{mustRegexMatch \"(a\" \"a\"}}", () => regexFunctions.mustRegexMatch.fn("(a", "a"), "err:error parsing regexp: missing closing ): `(a`");
c("{{regexFindAll \"a.\" \"paranormal\" -1}}", () => regexFunctions.regexFindAll.fn("a.", "paranormal", -1), "ok:[ar an al]");
c("{{regexFindAll \"a.\" \"paranormal\" 2}}", () => regexFunctions.regexFindAll.fn("a.", "paranormal", 2), "ok:[ar an]");
c("{{regexFindAll \"a.\" \"paranormal\" 0}}", () => regexFunctions.regexFindAll.fn("a.", "paranormal", 0), "ok:[]");
c("{{regexFindAll \"a*\" \"baaab\" -1}}", () => regexFunctions.regexFindAll.fn("a*", "baaab", -1), "ok:[ aaa ]");
c("{{regexFindAll \"\" \"abc\" -1}}", () => regexFunctions.regexFindAll.fn("", "abc", -1), "ok:[   ]");
c("{{regexFindAll \"x*\" \"xxyxx\" -1}}", () => regexFunctions.regexFindAll.fn("x*", "xxyxx", -1), "ok:[xx xx]");
c("{{regexFindAll \"(?U)a+\" \"aaa\" -1}}", () => regexFunctions.regexFindAll.fn("(?U)a+", "aaa", -1), "ok:[a a a]");
c("{{regexFindAll \"(?U)a+?\" \"aaa\" -1}}", () => regexFunctions.regexFindAll.fn("(?U)a+?", "aaa", -1), "ok:[aaa]");
c("{{regexFindAll \"\\\\b\\\\w\" \"hello big world\" -1}}", () => regexFunctions.regexFindAll.fn("\\b\\w", "hello big world", -1), "ok:[h b w]");
c("{{regexFindAll \"[[:upper:]]\" \"aBcDé\" -1}}", () => regexFunctions.regexFindAll.fn("[[:upper:]]", "aBcDé", -1), "ok:[B D]");
c("{{regexFindAll \"😀|.\" \"a😀b\" -1}}", () => regexFunctions.regexFindAll.fn("😀|.", "a😀b", -1), "ok:[a 😀 b]");
c("{{regexFindAll \"\" \"😀é\" -1}}", () => regexFunctions.regexFindAll.fn("", "😀é", -1), "ok:[  ]");
c("{{regexFind \"a(x*)b\" \"-ab-axxb-\"}}", () => regexFunctions.regexFind.fn("a(x*)b", "-ab-axxb-"), "ok:ab");
c("{{regexFind \"z\" \"abc\"}}", () => regexFunctions.regexFind.fn("z", "abc"), "ok:");
c("{{regexFind \"(a\" \"a\"}}", () => regexFunctions.regexFind.fn("(a", "a"), "err:regexp: Compile(`(a`): error parsing regexp: missing closing ): `(a`");
c("{{mustRegexFind \"(a\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("(a", "a"), "err:error parsing regexp: missing closing ): `(a`");
c("{{regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\"}}", () => regexFunctions.regexReplaceAll.fn("a(x*)b", "-ab-axxb-", "${1}W"), "ok:-W-xxW-");
c("{{regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$1W\"}}", () => regexFunctions.regexReplaceAll.fn("a(x*)b", "-ab-axxb-", "$1W"), "ok:---");
c("{{regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"$1\"}}", () => regexFunctions.regexReplaceAll.fn("a(x*)b", "-ab-axxb-", "$1"), "ok:--xx-");
c("{{regexReplaceAll \"a(?P<mid>x*)b\" \"-ab-axxb-\" \"<$mid>\"}}", () => regexFunctions.regexReplaceAll.fn("a(?P<mid>x*)b", "-ab-axxb-", "<$mid>"), "ok:-<>-<xx>-");
c("{{regexReplaceAll \"a(?P<mid>x*)b\" \"-ab-axxb-\" \"<${mid}|$2|$$|$>\"}}", () => regexFunctions.regexReplaceAll.fn("a(?P<mid>x*)b", "-ab-axxb-", "<${mid}|$2|$$|$>"), "ok:-<||$|$>-<xx||$|$>-");
c("{{regexReplaceAll \"a(?P<1x>x*)b\" \"-axb-\" \"[$1x]\"}}", () => regexFunctions.regexReplaceAll.fn("a(?P<1x>x*)b", "-axb-", "[$1x]"), "ok:-[x]-");
c("{{regexReplaceAll \"a*\" \"baaac\" \"X\"}}", () => regexFunctions.regexReplaceAll.fn("a*", "baaac", "X"), "ok:XbXcX");
c("{{regexReplaceAll \"\" \"abc\" \"-\"}}", () => regexFunctions.regexReplaceAll.fn("", "abc", "-"), "ok:-a-b-c-");
c("{{regexReplaceAll \"x*\" \"abc\" \"-\"}}", () => regexFunctions.regexReplaceAll.fn("x*", "abc", "-"), "ok:-a-b-c-");
c("{{regexReplaceAll \"(a)|b\" \"ab\" \"[$1]\"}}", () => regexFunctions.regexReplaceAll.fn("(a)|b", "ab", "[$1]"), "ok:[a][]");
c("{{regexReplaceAll \"a\" \"aaa\" \"$01\"}}", () => regexFunctions.regexReplaceAll.fn("a", "aaa", "$01"), "ok:");
c("{{regexReplaceAll \"(é)\" \"café\" \"<$1>\"}}", () => regexFunctions.regexReplaceAll.fn("(é)", "café", "<$1>"), "ok:caf<é>");
c("{{regexReplaceAllLiteral \"a(x*)b\" \"-ab-axxb-\" \"${1}\"}}", () => regexFunctions.regexReplaceAllLiteral.fn("a(x*)b", "-ab-axxb-", "${1}"), "ok:-${1}-${1}-");
c("{{regexReplaceAllLiteral \"\" \"ab\" \"-\"}}", () => regexFunctions.regexReplaceAllLiteral.fn("", "ab", "-"), "ok:-a-b-");
c("{{regexSplit \"z+\" \"pizza\" -1}}", () => regexFunctions.regexSplit.fn("z+", "pizza", -1), "ok:[pi a]");
c("{{regexSplit \"z+\" \"pizza\" 1}}", () => regexFunctions.regexSplit.fn("z+", "pizza", 1), "ok:[pizza]");
c("{{regexSplit \"z+\" \"pizza\" 2}}", () => regexFunctions.regexSplit.fn("z+", "pizza", 2), "ok:[pi a]");
c("{{regexSplit \"z+\" \"pizza\" 0}}", () => regexFunctions.regexSplit.fn("z+", "pizza", 0), "ok:[]");
c("{{regexSplit \"\" \"abc\" -1}}", () => regexFunctions.regexSplit.fn("", "abc", -1), "ok:[a b c]");
c("{{regexSplit \"\" \"abc\" 2}}", () => regexFunctions.regexSplit.fn("", "abc", 2), "ok:[a bc]");
c("{{regexSplit \"a\" \"\" -1}}", () => regexFunctions.regexSplit.fn("a", "", -1), "ok:[]");
c("{{regexSplit \"\" \"\" -1}}", () => regexFunctions.regexSplit.fn("", "", -1), "ok:[]");
c("{{regexSplit \"x*\" \"axbxxc\" -1}}", () => regexFunctions.regexSplit.fn("x*", "axbxxc", -1), "ok:[a b c]");
c("{{regexSplit \",\" \"a,b,\" -1}}", () => regexFunctions.regexSplit.fn(",", "a,b,", -1), "ok:[a b ]");
c("{{regexSplit \"^\" \"abc\" -1}}", () => regexFunctions.regexSplit.fn("^", "abc", -1), "ok:[abc]");
c("{{regexFind \"a**\" \"a\"}}", () => regexFunctions.regexFind.fn("a**", "a"), "err:regexp: Compile(`a**`): error parsing regexp: invalid nested repetition operator: `**`");
c("{{mustRegexFind \"a**\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("a**", "a"), "err:error parsing regexp: invalid nested repetition operator: `**`");
c("{{mustRegexFind \"*a\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("*a", "a"), "err:error parsing regexp: missing argument to repetition operator: `*`");
c("{{mustRegexFind \"a{1001}\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("a{1001}", "a"), "err:error parsing regexp: invalid repeat count: `{1001}`");
c("{{mustRegexFind \"[z-a]\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("[z-a]", "a"), "err:error parsing regexp: invalid character class range: `z-a`");
c("{{mustRegexFind \"[a\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("[a", "a"), "err:error parsing regexp: missing closing ]: `[a`");
c("{{mustRegexFind \"\\\\1\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("\\1", "a"), "err:error parsing regexp: invalid escape sequence: `\\1`");
c("{{mustRegexFind \"(?<n>a)\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("(?<n>a)", "a"), "err:error parsing regexp: invalid or unsupported Perl syntax: `(?<`");
c("{{mustRegexFind \"\\\\p{Foo}\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("\\p{Foo}", "a"), "err:error parsing regexp: invalid character class range: `\\p{Foo}`");
c("{{mustRegexFind \"[[:foo:]]\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("[[:foo:]]", "a"), "err:error parsing regexp: invalid character class range: `[:foo:]`");
c("{{mustRegexFind \"a\\\\\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("a\\", "a"), "err:error parsing regexp: trailing backslash at end of expression: ``");
c("{{mustRegexFind \"(?P<a-b>a)\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("(?P<a-b>a)", "a"), "err:error parsing regexp: invalid named capture: `(?P<a-b>`");
c("{{mustRegexFind \"a{2}{3}\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("a{2}{3}", "a"), "err:error parsing regexp: invalid nested repetition operator: `{2}{3}`");
c("{{mustRegexFind \"x{2,1}\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("x{2,1}", "a"), "err:error parsing regexp: invalid repeat count: `{2,1}`");
c("{{mustRegexFind \"(?z)\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("(?z)", "a"), "err:error parsing regexp: invalid or unsupported Perl syntax: `(?z`");
c("{{mustRegexFind \"a+?*\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("a+?*", "a"), "err:error parsing regexp: invalid nested repetition operator: `+?*`");
c("{{mustRegexFind \"(?P<n>a\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("(?P<n>a", "a"), "err:error parsing regexp: missing closing ): `(?P<n>a`");
c("{{mustRegexFind \"x|*\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("x|*", "a"), "err:error parsing regexp: missing argument to repetition operator: `*`");
c("{{mustRegexFind \"(*)\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("(*)", "a"), "err:error parsing regexp: missing argument to repetition operator: `*`");
c("{{mustRegexFind \"\\\\8\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("\\8", "a"), "err:error parsing regexp: invalid escape sequence: `\\8`");
c("{{mustRegexFind \"\\\\pX\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("\\pX", "a"), "err:error parsing regexp: invalid character class range: `\\pX`");
c("{{mustRegexFind \"a)\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("a)", "a"), "err:error parsing regexp: unexpected ): `a)`");
c("{{mustRegexFind \"\\\\Z\" \"a\"}}", () => regexFunctions.mustRegexFind.fn("\\Z", "a"), "err:error parsing regexp: invalid escape sequence: `\\Z`");
c("{{regexFind \"^*a\" \"a\"}}", () => regexFunctions.regexFind.fn("^*a", "a"), "ok:a");
c("{{regexFind \"(?i)straße\" \"STRASSE\"}}", () => regexFunctions.regexFind.fn("(?i)straße", "STRASSE"), "ok:");
c("{{regexFind \"(?i)k\" \"K\"}}", () => regexFunctions.regexFind.fn("(?i)k", "K"), "ok:K");
c("{{regexFind \"a(?i:[a-c]+)\" \"aABCd\"}}", () => regexFunctions.regexFind.fn("a(?i:[a-c]+)", "aABCd"), "ok:aABC");
c("{{regexFind \"a(?i:[^a-c]+)\" \"aDEFa\"}}", () => regexFunctions.regexFind.fn("a(?i:[^a-c]+)", "aDEFa"), "ok:aDEF");
c("{{regexFind \"(?i)[^a-c]+\" \"xyzABC\"}}", () => regexFunctions.regexFind.fn("(?i)[^a-c]+", "xyzABC"), "ok:xyz");
c("{{regexFind \"[\\\\d\\\\-]+\" \"12-34x\"}}", () => regexFunctions.regexFind.fn("[\\d\\-]+", "12-34x"), "ok:12-34");
c("{{regexFind \"[\\\\[\\\\]]+\" \"[]]x\"}}", () => regexFunctions.regexFind.fn("[\\[\\]]+", "[]]x"), "ok:[]]");
c("{{regexFind \"(?s:.)+\" \"a\\nb\"}}", () => regexFunctions.regexFind.fn("(?s:.)+", "a\nb"), "ok:a\nb");
c("{{regexFind \"(?m)$\" \"ab\\ncd\"}}", () => regexFunctions.regexFind.fn("(?m)$", "ab\ncd"), "ok:");
c("{{regexFind \"\\\\$\\\\.\" \"a$.b\"}}", () => regexFunctions.regexFind.fn("\\$\\.", "a$.b"), "ok:$.");
c("{{regexQuoteMeta \"1.5-2.0?[x]{y}|$^\\\\*+()\"}}", () => regexFunctions.regexQuoteMeta.fn("1.5-2.0?[x]{y}|$^\\*+()"), "ok:1\\.5-2\\.0\\?\\[x\\]\\{y\\}\\|\\$\\^\\\\\\*\\+\\(\\)");

describe('Sprig regex functions match the Go oracle', () => {
  test.each(cases)('%s', (_template, run, expected) => {
    expect(render(run)).toBe(expected);
  });
});
