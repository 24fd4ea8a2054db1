/**
 * The Master Password algorithm (Maarten Billemont) as Sprig's derivePassword implements it:
 * scrypt(password, "com.lyndir.masterpassword" ‖ len(user) ‖ user, N=32768, r=8, p=2, 64 bytes)
 * as an HMAC-SHA256 key over seed ‖ len(site) ‖ site ‖ counter (lengths and counter big-endian
 * uint32), whose bytes pick a template and then one character per template symbol.
 */
import * as crypto from 'node:crypto';

const SEED = 'com.lyndir.masterpassword';

const TEMPLATES: Record<string, readonly string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv',
    'CvccCvcvCvcvno', 'CvcvnoCvccCvcv', 'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc',
    'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno', 'CvccnoCvccCvcv', 'CvccCvccnoCvcv', 'CvccCvccCvcvno',
    'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno', 'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc',
    'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes;
}

function lengthPrefixed(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([uint32(bytes.length), bytes]);
}

/** Sprig's result, including its in-band message for an unknown password type. */
export function deriveMasterPassword(counter: number, passwordType: string, password: string, user: string, site: string): string {
  const templates = TEMPLATES[passwordType];
  if (!Object.prototype.hasOwnProperty.call(TEMPLATES, passwordType) || !templates) {
    return `cannot find password template ${passwordType}`;
  }
  const salt = Buffer.concat([Buffer.from(SEED), lengthPrefixed(user)]);
  const key = crypto.scryptSync(Buffer.from(password, 'utf8'), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 });
  const message = Buffer.concat([Buffer.from(SEED), lengthPrefixed(site), uint32(counter)]);
  const seed = crypto.createHmac('sha256', key).update(message).digest();
  const template = templates[seed[0] % templates.length];
  return [...template].map((symbol, i) => {
    const characters = CHARACTERS[symbol];
    return characters[seed[i + 1] % characters.length];
  }).join('');
}
