import { GoFloat, GoInt, goTypeName } from '../core/values';
import { goNumberFromJsonLiteral, parseJsonLossless } from './json-decode';

describe('parseJsonLossless', () => {
  it('types numbers by their spelling like the Go oracle', () => {
    const v = parseJsonLossless('{"i":3,"f":3.0,"e":1e3,"nz":-0.0,"big":9007199254740993,"max":9223372036854775807,"over":9223372036854775808}');
    expect(v).toEqual({
      i: 3,
      f: new GoFloat(3),
      e: new GoFloat(1000),
      nz: new GoFloat(-0),
      big: new GoInt('int', 9007199254740993n),
      max: new GoInt('int', 9223372036854775807n),
      over: new GoFloat(9223372036854775808),
    });
    expect(goTypeName(goNumberFromJsonLiteral('-0'))).toBe('int');
  });

  it('reads strings, nesting and keeps __proto__ as data', () => {
    const v = parseJsonLossless(' {"a":[true,null,"x\\u00e9\\n"],"__proto__":{"p":1}} ') as Record<string, unknown>;
    expect(v.a).toEqual([true, null, 'xé\n']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['a', '__proto__']);
  });

  it.each(['', '{', '[1,]', '{"a" 1}', '01', '1 2', '"\u0001"', 'nul'])('rejects %j', (text) => {
    expect(() => parseJsonLossless(text)).toThrow(SyntaxError);
  });
});
