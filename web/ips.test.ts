import { addressesOf, MAX_ADDRESSES } from './ips';

/** The WHATWG URL parser writes IPv6 hosts in RFC 5952 form: an oracle independent of ips.ts. */
const canonical = (address: string): string => new URL(`http://[${address}]/`).hostname.slice(1, -1);

const list = (cidr: string): readonly string[] => {
  const outcome = addressesOf(cidr);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.addresses;
};

describe('addresses of a CIDR', () => {
  test('IPv4: no network or broadcast address, /31 and /32 whole', () => {
    expect(list('192.168.7.9/30')).toEqual(['192.168.7.9', '192.168.7.10']);
    expect(list('10.0.0.1/32')).toEqual(['10.0.0.1']);
    expect(list('10.0.0.0/20')).toHaveLength(4094);
  });

  test('IPv6: the block without its subnet-router anycast address, /127 and /128 whole, in RFC 5952 form', () => {
    expect(list('fd00::/126')).toEqual(['fd00::1', 'fd00::2', 'fd00::3']);
    expect(list('2001:DB8:0:0:1::5/127')).toEqual(['2001:db8::1:0:0:4', '2001:db8::1:0:0:5']);
    expect(list('fe80::1/128')).toEqual(['fe80::1']);
    expect(list('::ffff:10.0.0.0/126')).toEqual(['::ffff:a00:1', '::ffff:a00:2', '::ffff:a00:3']);
    const block = list('2001:db8:0:1:0:0:0:f00/120');
    expect(block).toHaveLength(255);
    for (const a of block) expect(a).toBe(canonical(a));
    expect(block[0]).toBe('2001:db8:0:1::f01');
    expect(list('1:0:0:2:0:0:0:0/126')).toEqual(['1:0:0:2::1', '1:0:0:2::2', '1:0:0:2::3']);
    expect(list('0:0:1:0:0:1:0:0/127')).toEqual(['::1:0:0:1:0:0', '::1:0:0:1:0:1']);
  });

  test('bounded, and nonsense is refused', () => {
    expect(list('fd00::/116')).toHaveLength(MAX_ADDRESSES - 1);
    for (const cidr of ['fd00::/115', '10.0.0.0/19', 'fd00:::/120', 'fd00::/129', '1:2:3:4:5:6:7:8:9/128', 'g::/120', '10.0.0.256/24', '10.0.0.0', '']) {
      expect([cidr, addressesOf(cidr).ok]).toEqual([cidr, false]);
    }
    const big = addressesOf('fd00::/64');
    expect(big.ok ? '' : big.error).toContain('use a /116 or smaller');
  });
});
