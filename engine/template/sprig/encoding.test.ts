/**
 * Sprig base64/base32 functions called directly. Expectations are the real Go oracle's output for the template shown
 * ("err:MSG" = the text after "error calling NAME: "; "exec-error" = an executor-level error).
 */
import { encodingFunctions } from './encoding';
import { oracleCases, renderResult } from './oracle-cases';

const render = renderResult;

const { cases, c } = oracleCases();

c("{{b64enc \"\"}}", () => encodingFunctions.b64enc.fn(""), "ok:");
c("{{b64enc \"hello\"}}", () => encodingFunctions.b64enc.fn("hello"), "ok:aGVsbG8=");
c("{{b64enc \"héllo wörld\"}}", () => encodingFunctions.b64enc.fn("héllo wörld"), "ok:aMOpbGxvIHfDtnJsZA==");
c("{{b64enc \"a\\u0000b\"}}", () => encodingFunctions.b64enc.fn("a\u0000b"), "ok:YQBi");
c("{{b64dec \"aGVsbG8=\"}}", () => encodingFunctions.b64dec.fn("aGVsbG8="), "ok:hello");
c("{{b64dec \"aGVsbG8\"}}", () => encodingFunctions.b64dec.fn("aGVsbG8"), "ok:illegal base64 data at input byte 4");
c("{{b64dec \"a\"}}", () => encodingFunctions.b64dec.fn("a"), "ok:illegal base64 data at input byte 0");
c("{{b64dec \"aG=sbG8=\"}}", () => encodingFunctions.b64dec.fn("aG=sbG8="), "ok:illegal base64 data at input byte 2");
c("{{b64dec \"aGVsbA==\"}}", () => encodingFunctions.b64dec.fn("aGVsbA=="), "ok:hell");
c("{{b64dec \"aGVsbA=\"}}", () => encodingFunctions.b64dec.fn("aGVsbA="), "ok:illegal base64 data at input byte 7");
c("{{b64dec \"aGVsbA==x\"}}", () => encodingFunctions.b64dec.fn("aGVsbA==x"), "ok:illegal base64 data at input byte 8");
c("{{b64dec \"aGV*\"}}", () => encodingFunctions.b64dec.fn("aGV*"), "ok:illegal base64 data at input byte 3");
c("{{b64dec \"aGVs\\nbG8=\"}}", () => encodingFunctions.b64dec.fn("aGVs\nbG8="), "ok:hello");
c("{{b64dec \"\"}}", () => encodingFunctions.b64dec.fn(""), "ok:");
c("{{b32enc \"\"}}", () => encodingFunctions.b32enc.fn(""), "ok:");
c("{{b32enc \"hello\"}}", () => encodingFunctions.b32enc.fn("hello"), "ok:NBSWY3DP");
c("{{b32enc \"héllo wörld!\"}}", () => encodingFunctions.b32enc.fn("héllo wörld!"), "ok:NDB2S3DMN4QHPQ5WOJWGIII=");
c("{{b32enc \"a\"}}", () => encodingFunctions.b32enc.fn("a"), "ok:ME======");
c("{{b32dec \"NBSWY3DP\"}}", () => encodingFunctions.b32dec.fn("NBSWY3DP"), "ok:hello");
c("{{b32dec \"NBSWY3D\"}}", () => encodingFunctions.b32dec.fn("NBSWY3D"), "ok:illegal base32 data at input byte 0");
c("{{b32dec \"NBSWY===\"}}", () => encodingFunctions.b32dec.fn("NBSWY==="), "ok:hel");
c("{{b32dec \"NBSWY3DPEE======\"}}", () => encodingFunctions.b32dec.fn("NBSWY3DPEE======"), "ok:hello!");
c("{{b32dec \"NBSWY3DPE=======\"}}", () => encodingFunctions.b32dec.fn("NBSWY3DPE======="), "ok:illegal base32 data at input byte 9");
c("{{b32dec \"NB1WY3DP\"}}", () => encodingFunctions.b32dec.fn("NB1WY3DP"), "ok:illegal base32 data at input byte 2");
c("{{b32dec \"NBSW=3DP\"}}", () => encodingFunctions.b32dec.fn("NBSW=3DP"), "ok:illegal base32 data at input byte 4");
c("{{b32dec \"MFRGG===\"}}", () => encodingFunctions.b32dec.fn("MFRGG==="), "ok:abc");
c("{{b32dec \"MFRGG==\"}}", () => encodingFunctions.b32dec.fn("MFRGG=="), "ok:illegal base32 data at input byte 7");
c("{{b32dec \"MFRGG=A=\"}}", () => encodingFunctions.b32dec.fn("MFRGG=A="), "ok:illegal base32 data at input byte 5");
c("{{b32dec \"NBSW\\nY3DP\"}}", () => encodingFunctions.b32dec.fn("NBSW\nY3DP"), "ok:hello");
c("{{b32dec \"MFRGGZDF\"}}", () => encodingFunctions.b32dec.fn("MFRGGZDF"), "ok:abcde");

describe('Sprig encoding functions match the Go oracle', () => {
  test.each(cases)('%s', (_template, run, expected) => {
    expect(render(run)).toBe(expected);
  });
});
