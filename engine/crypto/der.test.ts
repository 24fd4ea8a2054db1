import { execFileSync } from 'node:child_process';
import {
  decodeDer,
  derBoolean,
  derChildren,
  derDirectoryString,
  derInteger,
  derNamedBits,
  derOid,
  derSequence,
  derSet,
  derTime,
  readBoolean,
  readInteger,
  readNamedBits,
  readOid,
  readString,
  readTime,
  TAG,
} from './der';

const hex = (b: Buffer): string => b.toString('hex');

describe('DER encoding', () => {
  it.each([
    [0n, '020100'],
    [127n, '02017f'],
    [128n, '02020080'],
    [256n, '02020100'],
    [-1n, '0201ff'],
    [-128n, '020180'],
    [-129n, '0202ff7f'],
    [(1n << 63n) - 1n, '02087fffffffffffffff'],
    [1n << 64n, '0209010000000000000000'],
  ])('INTEGER %s', (value, expected) => {
    expect(hex(derInteger(value))).toBe(expected);
    expect(readInteger(decodeDer(derInteger(value)))).toBe(value);
  });

  it.each([
    ['1.2.840.113549.1.1.11', '06092a864886f70d01010b'],
    ['2.5.29.17', '0603551d11'],
    ['1.3.101.112', '06032b6570'],
    ['2.999.3', '0603883703'],
  ])('OID %s', (oid, expected) => {
    expect(hex(derOid(oid))).toBe(expected);
    expect(readOid(decodeDer(derOid(oid)))).toBe(oid);
  });

  it('uses long-form lengths above 127 bytes', () => {
    const seq = derSequence(Buffer.alloc(200, 0x05));
    expect(hex(seq.subarray(0, 3))).toBe('3081c8');
    const big = derSequence(Buffer.alloc(300));
    expect(hex(big.subarray(0, 4))).toBe('3082012c');
    expect(decodeDer(big).content.length).toBe(300);
  });

  it('encodes named bits without trailing zero bits (keyUsage digitalSignature|keyEncipherment|keyCertSign)', () => {
    // bits 0, 2, 5 → 1010 0100, lowest used bit is bit 5 → 2 unused bits
    expect(hex(derNamedBits([0, 2, 5]))).toBe('030202a4');
    expect(readNamedBits(decodeDer(derNamedBits([0, 2, 5])))).toEqual([0, 2, 5]);
    // decipherOnly (bit 8) needs a second byte with 7 unused bits
    expect(hex(derNamedBits([0, 8]))).toBe('0303078080');
  });

  it('sorts SET OF members', () => {
    expect(hex(derSet(derInteger(2), derInteger(1)))).toBe('3106020101020102');
  });

  it('chooses PrintableString or UTF8String like Go', () => {
    expect(derDirectoryString('kube-apiserver')[0]).toBe(TAG.PRINTABLE_STRING);
    expect(derDirectoryString('system:masters')[0]).toBe(TAG.PRINTABLE_STRING);
    expect(derDirectoryString('*.example.com')[0]).toBe(TAG.UTF8_STRING);
    expect(derDirectoryString('a&b')[0]).toBe(TAG.UTF8_STRING);
    expect(readString(decodeDer(derDirectoryString('Grüße')))).toBe('Grüße');
  });

  it('encodes UTCTime before 2050 and GeneralizedTime from 2050', () => {
    const utc = derTime(new Date(Date.UTC(2049, 11, 31, 23, 59, 59)));
    expect(utc[0]).toBe(TAG.UTC_TIME);
    expect(utc.subarray(2).toString()).toBe('491231235959Z');
    const generalized = derTime(new Date(Date.UTC(2050, 0, 1, 0, 0, 0)));
    expect(generalized[0]).toBe(TAG.GENERALIZED_TIME);
    expect(generalized.subarray(2).toString()).toBe('20500101000000Z');
    expect(readTime(decodeDer(utc)).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(readTime(decodeDer(derTime(new Date(Date.UTC(1950, 0, 1))))).getUTCFullYear()).toBe(1950);
  });

  it('round-trips a nested structure', () => {
    const encoded = derSequence(derBoolean(true), derSequence(derInteger(5), derOid('2.5.4.3')));
    const [flag, inner] = derChildren(decodeDer(encoded));
    expect(readBoolean(flag)).toBe(true);
    const [five, oid] = derChildren(inner);
    expect(readInteger(five)).toBe(5n);
    expect(readOid(oid)).toBe('2.5.4.3');
  });

  it('rejects trailing data, truncation and indefinite lengths', () => {
    expect(() => decodeDer(Buffer.from('02010100', 'hex'))).toThrow('trailing data');
    expect(() => decodeDer(Buffer.from('020201', 'hex'))).toThrow('runs past the end');
    expect(() => decodeDer(Buffer.from('308002010100', 'hex'))).toThrow('indefinite');
  });

  it('produces structures OpenSSL parses the same way', () => {
    const encoded = derSequence(derInteger(-129), derOid('1.2.840.113549.1.1.11'), derTime(new Date(Date.UTC(2060, 1, 2))));
    const out = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: encoded }).toString();
    expect(out).toContain('INTEGER           :-81');
    expect(out).toContain('sha256WithRSAEncryption');
    expect(out).toContain('GENERALIZEDTIME   :20600202000000Z');
  });
});
