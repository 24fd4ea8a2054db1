/**
 * Private keys: generation with node:crypto and PEM in the formats Go writes
 * (`RSA PRIVATE KEY` = PKCS#1, `EC PRIVATE KEY` = SEC 1, `PRIVATE KEY` = PKCS#8 and Go/Sprig's
 * own `DSA PRIVATE KEY` = SEQUENCE{0, P, Q, G, Y, X}).
 */
import * as crypto from 'node:crypto';
import { decodeFirstPem, encodePem } from './pem';
import {
  decodeDer,
  derChildren,
  derInteger,
  derOctetString,
  derOid,
  derSequence,
  expectTag,
  readInteger,
  readOid,
  TAG,
} from './der';

export type KeyType = 'rsa' | 'ecdsa' | 'ed25519' | 'dsa';
export type PrivateKeyFormat = 'pkcs1' | 'sec1' | 'pkcs8';

const OID_DSA = '1.2.840.10040.4.1';

const CURVE_BY_BITS: Record<number, string> = { 256: 'prime256v1', 384: 'secp384r1', 521: 'secp521r1' };

/**
 * A new private key. `bits` is the modulus size for RSA (default 2048) and DSA (default 2048,
 * with a 256-bit Q as Go's L2048N256), the curve size for ECDSA (256 = P-256 default, 384, 521);
 * Ed25519 ignores it.
 */
export function generatePrivateKey(type: KeyType, bits?: number): crypto.KeyObject {
  switch (type) {
    case 'rsa':
      return crypto.generateKeyPairSync('rsa', { modulusLength: bits ?? 2048 }).privateKey;
    case 'ecdsa': {
      const namedCurve = CURVE_BY_BITS[bits ?? 256];
      if (!namedCurve) throw new Error(`unsupported ECDSA curve size ${bits}; use 256, 384 or 521`);
      return crypto.generateKeyPairSync('ec', { namedCurve }).privateKey;
    }
    case 'ed25519':
      return crypto.generateKeyPairSync('ed25519').privateKey;
    case 'dsa': {
      const modulusLength = bits ?? 2048;
      return crypto.generateKeyPairSync('dsa', { modulusLength, divisorLength: modulusLength >= 2048 ? 256 : 160 })
        .privateKey;
    }
    default:
      throw new Error(`unsupported key type ${String(type)}`);
  }
}

/** PEM of a private key in an explicit container format. */
export function privateKeyToPem(key: crypto.KeyObject, format: PrivateKeyFormat): string {
  const kind = key.asymmetricKeyType;
  if (format === 'pkcs1' && kind !== 'rsa') throw new Error(`PKCS#1 holds RSA keys only, not ${kind}`);
  if (format === 'sec1' && kind !== 'ec') throw new Error(`SEC 1 holds EC keys only, not ${kind}`);
  return key.export({ type: format, format: 'pem' }).toString();
}

/** PEM the way Go's Sprig writes a key: PKCS#1 for RSA, SEC 1 for EC, its DSA layout, else PKCS#8. */
export function privateKeyToGoPem(key: crypto.KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return privateKeyToPem(key, 'pkcs1');
    case 'ec':
      return privateKeyToPem(key, 'sec1');
    case 'dsa':
      return encodePem('DSA PRIVATE KEY', dsaPrivateKeyToGoDer(key));
    default:
      return privateKeyToPem(key, 'pkcs8');
  }
}

interface DsaNumbers {
  p: bigint;
  q: bigint;
  g: bigint;
  x: bigint;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** node exports DSA keys only as PKCS#8: PrivateKeyInfo{0, {dsa, {p, q, g}}, OCTET STRING{x}}. */
function dsaNumbersFromPkcs8(der: Buffer): DsaNumbers {
  const [, algorithm, privateKey] = derChildren(decodeDer(der));
  const [oid, params] = derChildren(algorithm);
  if (readOid(oid) !== OID_DSA) throw new Error('not a DSA key');
  const [p, q, g] = derChildren(params).map(readInteger);
  const x = readInteger(decodeDer(expectTag(privateKey, TAG.OCTET_STRING, 'DSA private key').content));
  return { p, q, g, x };
}

function dsaPrivateKeyToGoDer(key: crypto.KeyObject): Buffer {
  const { p, q, g, x } = dsaNumbersFromPkcs8(key.export({ type: 'pkcs8', format: 'der' }));
  const y = modPow(g, x, p);
  return derSequence(derInteger(0), derInteger(p), derInteger(q), derInteger(g), derInteger(y), derInteger(x));
}

function dsaPrivateKeyFromGoDer(der: Buffer): crypto.KeyObject {
  const fields = derChildren(decodeDer(der)).map(readInteger);
  if (fields.length !== 6) throw new Error('DSA private key must have 6 fields');
  const [, p, q, g, , x] = fields;
  const pkcs8 = derSequence(
    derInteger(0),
    derSequence(derOid(OID_DSA), derSequence(derInteger(p), derInteger(q), derInteger(g))),
    derOctetString(derInteger(x)),
  );
  return crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Parses the first PEM block as a private key, accepting what Sprig's parsePrivateKeyPEM accepts
 * (PRIVATE KEY, RSA/EC/DSA PRIVATE KEY) with its error wording.
 */
export function parsePrivateKeyPem(pem: string): crypto.KeyObject {
  const block = decodeFirstPem(pem);
  if (!block) throw new Error('no PEM data in input');
  const attempt = (prefix: string, parse: () => crypto.KeyObject): crypto.KeyObject => {
    try {
      return parse();
    } catch (error) {
      throw new Error(`${prefix}: ${errorText(error)}`);
    }
  };
  if (block.type === 'PRIVATE KEY') {
    return attempt('decoding PEM as PKCS#8', () =>
      crypto.createPrivateKey({ key: block.bytes, format: 'der', type: 'pkcs8' }),
    );
  }
  if (!block.type.endsWith(' PRIVATE KEY')) {
    throw new Error(`no private key data in PEM block of type ${block.type}`);
  }
  switch (block.type.slice(0, -' PRIVATE KEY'.length)) {
    case 'RSA':
      return attempt('parsing RSA private key from PEM', () =>
        crypto.createPrivateKey({ key: block.bytes, format: 'der', type: 'pkcs1' }),
      );
    case 'EC':
      return attempt('parsing EC private key from PEM', () =>
        crypto.createPrivateKey({ key: block.bytes, format: 'der', type: 'sec1' }),
      );
    case 'DSA':
      return attempt('parsing DSA private key from PEM', () => dsaPrivateKeyFromGoDer(block.bytes));
    default:
      throw new Error(`invalid private key type ${block.type}`);
  }
}

/** True when the private key belongs to the public key (compares the SPKI encodings). */
export function keyMatchesPublicKey(privateKey: crypto.KeyObject, publicKey: crypto.KeyObject): boolean {
  const derived = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return derived.equals(publicKey.export({ type: 'spki', format: 'der' }));
}
