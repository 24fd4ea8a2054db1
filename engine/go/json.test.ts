// Expected texts come from the Go oracle (toJson/toPrettyJson/toRawJson/mustFromJson renders);
// the wider oracle table lives in sprig/json.test.ts.
import { JsonError, marshalJson, unmarshalJson, unmarshalJsonLenient } from './json';
import { GoFloat, GoInt, withGoType } from '../core/values';

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
