import { GO_TYPE, GoFloat, withGoType, type GoList, type GoMap } from './values';
import { combineLayers, combineVariables, deepCopy, deepFreeze, setOwn } from './merge';

describe('combineVariables (docs/inventory.md#where-they-come-from-lowest-precedence-first)', () => {
  test('maps merge recursively, the high side wins elsewhere', () => {
    const low: GoMap = { kubernetes: { kube_version: 'v1.34.3', cluster_name: 'kubekey' }, keep: 1 };
    const high: GoMap = { kubernetes: { kube_version: 'v1.33.1' } };
    expect(combineVariables(low, high)).toEqual({ kubernetes: { kube_version: 'v1.33.1', cluster_name: 'kubekey' }, keep: 1 });
  });

  test('lists are replaced, never concatenated', () => {
    expect(combineVariables({ l: [1, 2, 3] }, { l: [4] })).toEqual({ l: [4] });
  });

  test('null replaces a map, and a map replaces a scalar', () => {
    expect(combineVariables({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
    expect(combineVariables({ a: 'x' }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    expect(combineVariables({ a: { b: 1 } }, { a: [1] })).toEqual({ a: [1] });
  });

  test('does not mutate its inputs and shares untouched subtrees', () => {
    const shared: GoMap = { deep: { x: 1 } };
    const low: GoMap = { a: { b: 1 }, untouched: shared };
    const high: GoMap = { a: { c: 2 } };
    const merged = combineVariables(low, high);
    expect(low).toEqual({ a: { b: 1 }, untouched: { deep: { x: 1 } } });
    expect(high).toEqual({ a: { c: 2 } });
    expect(merged.untouched).toBe(shared);
    expect(merged.a).not.toBe(low.a);
  });

  test('a __proto__ key stays an ordinary key', () => {
    const high = JSON.parse('{"__proto__": {"polluted": true}}') as GoMap;
    const merged = combineVariables({}, high);
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(({} as GoMap).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });

  test('combineLayers applies layers lowest first', () => {
    expect(combineLayers([{ a: 1, b: 1 }, { b: 2, c: 2 }, { c: 3 }])).toEqual({ a: 1, b: 2, c: 3 });
  });
});

describe('deepCopy / deepFreeze', () => {
  test('deepCopy copies maps and lists, keeps Go type tags and shares scalars', () => {
    const float = new GoFloat(1.5);
    const list = withGoType(['a', 'b'] as GoList, '[]string');
    const source: GoMap = { m: { f: float, l: list }, items: [{ x: 1 }] };
    const copy = deepCopy(source);
    expect(copy).toEqual(source);
    expect(copy.m).not.toBe(source.m);
    expect((copy.items as GoList)[0]).not.toBe((source.items as GoList)[0]);
    expect(((copy.m as GoMap).l as GoList)[GO_TYPE]).toBe('[]string');
    expect((copy.m as GoMap).f).toBe(float);
  });

  test('deepFreeze freezes nested maps and lists', () => {
    const value = deepFreeze({ a: { b: [1, { c: 2 }] } });
    expect(Object.isFrozen((value.a as GoMap).b)).toBe(true);
    expect(Object.isFrozen(((value.a as GoMap).b as GoList)[1])).toBe(true);
    expect(() => {
      'use strict';
      (value.a as GoMap).x = 1;
    }).toThrow(TypeError);
  });

  test('setOwn writes ordinary keys', () => {
    const m: GoMap = {};
    setOwn(m, 'k', 1);
    expect(m).toEqual({ k: 1 });
  });
});
