// Expected texts come from the Go oracle (toJson/toPrettyJson/toRawJson/mustFromJson renders);
// the wider oracle table lives in sprig/json.test.ts.
import { goNumberFromJsonLiteral, JsonError, marshalJson, parseJsonLossless, unmarshalJson, unmarshalJsonLenient } from './json';
import { GoFloat, GoInt, goTypeName, withGoType } from '../core/values';

describe('marshalJson', () => {
  test('sorts keys, escapes HTML and formats floats like encoding/json', () => {
    const v = { b: 1, a: ['<x>&', new GoFloat(1e21), new GoFloat(1e20), new GoFloat(1e-7), null], c: {} };
    expect(marshalJson(v, { escapeHtml: true })).toBe(
      '{"a":["\\u003cx\\u003e\\u0026",1e+21,100000000000000000000,1e-7,null],"b":1,"c":{}}',
    );
    expect(marshalJson('<x>\u2028', { escapeHtml: false })).toBe('"<x>\\u2028"');
  });

  test('indents like MarshalIndent and keeps empty containers compact', () => {
    const v = { a: [1, { b: [] }], c: {}, d: 'x:y,{' };
    expect(marshalJson(v, { escapeHtml: true, indent: '  ' })).toBe(
      '{\n  "a": [\n    1,\n    {\n      "b": []\n    }\n  ],\n  "c": {},\n  "d": "x:y,{"\n}',
    );
    expect(marshalJson([], { escapeHtml: true, indent: '  ' })).toBe('[]');
  });

  test('integers of every kind and typed collections', () => {
    expect(marshalJson(new GoInt('uint64', 18446744073709551615n), { escapeHtml: true })).toBe('18446744073709551615');
    expect(marshalJson(withGoType({ _0: 'a' }, 'map[string]string'), { escapeHtml: true })).toBe('{"_0":"a"}');
  });

  test('NaN and infinities are unsupported values', () => {
    expect(() => marshalJson({ x: new GoFloat(NaN) }, { escapeHtml: true })).toThrow(new JsonError('json: unsupported value: NaN'));
    expect(() => marshalJson(new GoFloat(-Infinity), { escapeHtml: true })).toThrow('json: unsupported value: -Inf');
  });
});

describe('unmarshalJson', () => {
  test('decodes numbers as float64, objects as maps, arrays as lists', () => {
    const v = unmarshalJson('{"a":1,"b":[true,null,"x\\u00e9"],"c":{"d":1.5e3}}');
    expect(v).toEqual({ a: new GoFloat(1), b: [true, null, 'xé'], c: { d: new GoFloat(1500) } });
  });

  test('reports Go syntax errors', () => {
    expect(() => unmarshalJson('')).toThrow('unexpected end of JSON input');
    expect(() => unmarshalJson('[1 2]')).toThrow("invalid character '2' after array element");
    expect(() => unmarshalJson('tru')).toThrow("invalid character ' ' in literal true (expecting 'e')");
    expect(() => unmarshalJson('é')).toThrow("invalid character 'Ã' looking for beginning of value");
    expect(() => unmarshalJson('{"a":1}x')).toThrow("invalid character 'x' after top-level value");
  });

  test('an out-of-range number is an error but decoding continues', () => {
    expect(unmarshalJsonLenient('{"a":1e400,"b":2}')).toEqual({
      value: { a: null, b: new GoFloat(2) },
      error: 'json: cannot unmarshal number 1e400 into Go value of type float64',
    });
  });

  test('__proto__ is an ordinary key', () => {
    const v = unmarshalJson('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });
});


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
    expect(() => parseJsonLossless(text)).toThrow(JsonError);
  });
});

describe('nesting limit', () => {
  it('refuses more than 10000 levels like encoding/json', () => {
    expect(parseJsonLossless('['.repeat(10000) + ']'.repeat(10000))).toBeDefined();
    expect(() => parseJsonLossless('['.repeat(10001) + ']'.repeat(10001))).toThrow(new JsonError("invalid character '[' exceeded max depth"));
  });
});
