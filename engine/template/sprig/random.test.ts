/** Random functions: values cannot be compared with Go, so shapes, charsets and ranges are tested. */
import { FunctionError } from '../function-types';
import type { GoValue } from '../../core/values';
import { networkFunctions, lookupHost } from './network';
import { randomFunctions } from './random';

const call = (name: string, ...args: GoValue[]): GoValue => ({ ...randomFunctions, ...networkFunctions })[name].fn(...args);

describe('random strings', () => {
  test.each([
    ['randAlphaNum', /^[A-Za-z0-9]{40}$/],
    ['randAlpha', /^[A-Za-z]{40}$/],
    ['randNumeric', /^[0-9]{40}$/],
    ['randAscii', /^[\x20-\x7e]{40}$/],
  ])('%s draws from its alphabet', (name, shape) => {
    expect(call(name, 40)).toMatch(shape);
  });

  test('zero and negative counts give "" (goutils reports an error that Sprig drops)', () => {
    expect(call('randAlpha', 0)).toBe('');
    expect(call('randAlpha', -1)).toBe('');
  });

  test('randInt stays in [min, max) and panics on an empty range', () => {
    for (let i = 0; i < 200; i++) {
      const v = call('randInt', -3, 4) as number;
      expect(Number.isInteger(v) && v >= -3 && v < 4).toBe(true);
    }
    expect(() => call('randInt', 5, 5)).toThrow(new FunctionError('invalid argument to Intn'));
  });

  test('shuffle permutes code points', () => {
    const s = 'héllo😀wörld';
    const shuffled = call('shuffle', s) as string;
    expect([...shuffled].sort()).toEqual([...s].sort());
  });

  test('uuidv4 has the version 4 layout', () => {
    expect(call('uuidv4')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('getHostByName', () => {
  test('resolves localhost through the system resolver', () => {
    expect(lookupHost('localhost')).toContain('127.0.0.1');
    expect(['127.0.0.1', '::1']).toContain(call('getHostByName', 'localhost'));
  });

  test('an unknown name panics like Go (rand.Intn(0))', () => {
    expect(() => call('getHostByName', 'no-such-host.invalid')).toThrow(FunctionError);
  });
});
