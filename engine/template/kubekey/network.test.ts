import { FunctionError } from '../function-types';
import { ipFamily, ipInCIDR, isIP } from './network';

// Expected values come from the Go oracle's implementation of KubeKey's helpers (Go 1.19 net).
describe('ipInCIDR', () => {
  it.each([
    ['10.0.0.0/29', ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']],
    ['10.0.0.0/31', []],
    ['10.0.0.5/32', ['10.0.0.5']],
    ['192.168.1.0/255.255.255.252', ['192.168.1.1', '192.168.1.2']],
    ['10.0.0.1-10.0.0.3', ['10.0.0.1', '10.0.0.2', '10.0.0.3']],
    ['10.0.0.4-10.0.0.1', []],
    ['abc', ['abc']],
    ['', ['']],
    ['bad/24', []],
    ['10.0.0.0/', ['10.0.0.0']],
    ['fd00::/126', ['fd00::', 'fd00::1', 'fd00::2', 'fd00::3']],
    ['fd00::1/128', ['fd00::1']],
    ['::/126', ['<nil>', '?01', '?02', '?03']],
    ['10.0.0.0/30,10.1.0.0/30', ['10.0.0.1', '10.0.0.2', '10.1.0.1', '10.1.0.2']],
  ])('%s', (spec, expected) => {
    expect(ipInCIDR(spec)).toEqual(expected);
  });

  it('gives the third usable service address of a /12', () => {
    expect(ipInCIDR('10.96.0.0/12')[2]).toBe('10.96.0.3');
  });

  it('refuses to enumerate huge networks instead of hanging', () => {
    expect(() => ipInCIDR('fd00::/64')).toThrow(FunctionError);
  });
});

describe('ipFamily', () => {
  it.each([
    ['10.0.0.1', 'IPv4'],
    ['fd00::1', 'IPv6'],
    ['10.0.0.0/8', 'IPv4'],
    ['fd00::/64', 'IPv6'],
    ['::ffff:10.0.0.1', 'IPv4'],
  ])('%s → %s', (input, family) => {
    expect(ipFamily(input)).toBe(family);
  });

  it.each(['bad', '', '010.0.0.1'])('%j is an error', (input) => {
    expect(() => ipFamily(input)).toThrow(`${input} is not ip or cidr`);
  });
});

describe('isIP', () => {
  it.each([
    ['10.0.0.1', true],
    ['10.0.0.1:80', true],
    ['[fd00::1]:443', true],
    ['[fd00::1]', true],
    ['fd00::1', true],
    ['::ffff:1.2.3.4', true],
    ['', false],
    ['host', false],
    ['host:80', false],
    ['256.0.0.1', false],
    ['1::2::3', false],
  ])('%j → %s', (input, expected) => {
    expect(isIP(input)).toBe(expected);
  });
});
