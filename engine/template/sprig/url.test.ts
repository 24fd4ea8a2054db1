/**
 * Sprig urlParse/urlJoin (Go net/url rules) called directly. Expectations are the real Go oracle's output for the template shown
 * ("err:MSG" = the text after "error calling NAME: "; "exec-error" = an executor-level error).
 */
import type { GoValue } from '../../core/values';
import { jsonFunctions } from './json';
import { urlFunctions } from './url';
import { oracleCases, renderResult } from './oracle-cases';

const toJson = (v: GoValue): GoValue => jsonFunctions.toJson.fn(v);

const render = renderResult;

const { cases, c } = oracleCases();

c("{{urlParse \"https://user:p%40ss@Example.com:8080/a%20b/c?x=1&y=2#fr%20ag\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("https://user:p%40ss@Example.com:8080/a%20b/c?x=1&y=2#fr%20ag")), "ok:{\"fragment\":\"fr ag\",\"host\":\"Example.com:8080\",\"hostname\":\"Example.com\",\"opaque\":\"\",\"path\":\"/a b/c\",\"query\":\"x=1\\u0026y=2\",\"scheme\":\"https\",\"userinfo\":\"user:p%40ss\"}");
c("{{urlParse \"mailto:joe@x.com\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("mailto:joe@x.com")), "ok:{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"joe@x.com\",\"path\":\"\",\"query\":\"\",\"scheme\":\"mailto\",\"userinfo\":\"\"}");
c("{{urlParse \"//h/p\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("//h/p")), "ok:{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/p\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}");
c("{{urlParse \"/p?\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("/p?")), "ok:{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"/p\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}");
c("{{urlParse \"[::1]:80\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("[::1]:80")), "err:unable to parse url: parse \"[::1]:80\": first path segment in URL cannot contain colon");
c("{{urlParse \"http://[::1]:80/x\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("http://[::1]:80/x")), "ok:{\"fragment\":\"\",\"host\":\"[::1]:80\",\"hostname\":\"::1\",\"opaque\":\"\",\"path\":\"/x\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}");
c("{{urlParse \"http://a b/\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("http://a b/")), "err:unable to parse url: parse \"http://a b/\": invalid character \" \" in host name");
c("{{urlParse \"a:b/c:d\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("a:b/c:d")), "ok:{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"b/c:d\",\"path\":\"\",\"query\":\"\",\"scheme\":\"a\",\"userinfo\":\"\"}");
c("{{urlParse \"1a:b\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("1a:b")), "err:unable to parse url: parse \"1a:b\": first path segment in URL cannot contain colon");
c("{{urlParse \"%zz\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("%zz")), "err:unable to parse url: parse \"%zz\": invalid URL escape \"%zz\"");
c("{{urlParse \"http://x/#%zz\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("http://x/#%zz")), "err:unable to parse url: parse \"http://x/#%zz\": invalid URL escape \"%zz\"");
c("{{urlParse \"http://h:port/\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("http://h:port/")), "err:unable to parse url: parse \"http://h:port/\": invalid port \":port\" after host");
c("{{urlParse \"http://ü.com/ü?ü#ü\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("http://ü.com/ü?ü#ü")), "ok:{\"fragment\":\"ü\",\"host\":\"ü.com\",\"hostname\":\"ü.com\",\"opaque\":\"\",\"path\":\"/ü\",\"query\":\"ü\",\"scheme\":\"http\",\"userinfo\":\"\"}");
c("{{urlParse \"\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("")), "ok:{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}");
c("{{urlParse \"*\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("*")), "ok:{\"fragment\":\"\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"*\",\"query\":\"\",\"scheme\":\"\",\"userinfo\":\"\"}");
c("{{urlParse \"HTTP://X\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("HTTP://X")), "ok:{\"fragment\":\"\",\"host\":\"X\",\"hostname\":\"X\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}");
c("{{urlParse \"http://u@h\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("http://u@h")), "ok:{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"u\"}");
c("{{urlParse \"http://u:@h\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("http://u:@h")), "ok:{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"u:\"}");
c("{{urlParse \"http://[fe80::1%25en0]:8/\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("http://[fe80::1%25en0]:8/")), "ok:{\"fragment\":\"\",\"host\":\"[fe80::1%en0]:8\",\"hostname\":\"fe80::1%en0\",\"opaque\":\"\",\"path\":\"/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}");
c("{{urlParse \"foo/bar?q#f\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("foo/bar?q#f")), "ok:{\"fragment\":\"f\",\"host\":\"\",\"hostname\":\"\",\"opaque\":\"\",\"path\":\"foo/bar\",\"query\":\"q\",\"scheme\":\"\",\"userinfo\":\"\"}");
c("{{urlParse \"http://h/a?b?c\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("http://h/a?b?c")), "ok:{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/a\",\"query\":\"b?c\",\"scheme\":\"http\",\"userinfo\":\"\"}");
c("{{urlParse \"http://h/%41%2f\" | toJson}}", () => toJson(urlFunctions.urlParse.fn("http://h/%41%2f")), "ok:{\"fragment\":\"\",\"host\":\"h\",\"hostname\":\"h\",\"opaque\":\"\",\"path\":\"/A/\",\"query\":\"\",\"scheme\":\"http\",\"userinfo\":\"\"}");
c("{{urlJoin (dict \"scheme\" \"https\" \"host\" \"ex.com\" \"path\" \"a b/ü\" \"query\" \"x=1\" \"fragment\" \"f g\" \"userinfo\" \"u:p\")}}", () => urlFunctions.urlJoin.fn({"scheme": "https", "host": "ex.com", "path": "a b/ü", "query": "x=1", "fragment": "f g", "userinfo": "u:p"}), "ok:https://u:p@ex.com/a%20b/%C3%BC?x=1#f%20g");
c("{{urlJoin (dict \"path\" \"a:b\")}}", () => urlFunctions.urlJoin.fn({"path": "a:b"}), "ok:./a:b");
c("{{urlJoin (dict \"host\" \"h\" \"path\" \"rel\")}}", () => urlFunctions.urlJoin.fn({"host": "h", "path": "rel"}), "ok://h/rel");
c("{{urlJoin (dict \"scheme\" \"mailto\" \"opaque\" \"joe@x\")}}", () => urlFunctions.urlJoin.fn({"scheme": "mailto", "opaque": "joe@x"}), "ok:mailto:joe@x");
c("{{urlJoin (dict \"host\" 1)}}", () => urlFunctions.urlJoin.fn({"host": 1}), "err:unable to parse host key, must be of type string, but int found");
c("{{urlJoin (dict \"userinfo\" \"a/b\")}}", () => urlFunctions.urlJoin.fn({"userinfo": "a/b"}), "ok:");
c("{{urlJoin (dict \"userinfo\" \"u@x:p w\")}}", () => urlFunctions.urlJoin.fn({"userinfo": "u@x:p w"}), "err:unable to parse userinfo in dict: parse \"proto://u@x:p w@host\": net/url: invalid userinfo");
c("{{urlJoin (dict \"scheme\" \"http\" \"path\" \"/x?y\")}}", () => urlFunctions.urlJoin.fn({"scheme": "http", "path": "/x?y"}), "ok:http:///x%3Fy");
c("{{urlJoin (dict )}}", () => urlFunctions.urlJoin.fn({}), "ok:");
c("{{urlJoin (dict \"scheme\" \"file\" \"path\" \"/etc\")}}", () => urlFunctions.urlJoin.fn({"scheme": "file", "path": "/etc"}), "ok:file:///etc");
c("{{urlJoin (dict \"fragment\" \"a#b!c\")}}", () => urlFunctions.urlJoin.fn({"fragment": "a#b!c"}), "ok:#a%23b!c");
c("{{urlJoin (dict \"host\" \"h\" \"query\" \"a=1 2\")}}", () => urlFunctions.urlJoin.fn({"host": "h", "query": "a=1 2"}), "ok://h?a=1 2");

describe('Sprig URL functions match the Go oracle', () => {
  test.each(cases)('%s', (_template, run, expected) => {
    expect(render(run)).toBe(expected);
  });
});
