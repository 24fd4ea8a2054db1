/**
 * Sprig 3.2.3's crypto functions (crypto.go) on node:crypto: bcrypt/htpasswd, derivePassword,
 * genPrivateKey, the certificate generators returning a `sprig.certificate` {Cert, Key},
 * encryptAES/decryptAES (interoperable with Go Sprig) and randBytes. The hash functions
 * (sha256sum, …) live with the string functions.
 *
 * Sprig reports some failures in-band (genPrivateKey "Unknown type x", htpasswd "invalid
 * username", derivePassword "cannot find password template") and others as errors; both are kept.
 */
import * as crypto from 'node:crypto';
import * as bcryptjs from 'bcryptjs';
import { FunctionError, fn, type FunctionMap } from '../function-types';
import { intValue, type GoObject, type GoValue } from '../../core/values';
import { formatValue } from '../../go/fmt';
import { createCertificate, type KeyUsage } from '../../crypto/x509';
import { generatePrivateKey, parsePrivateKeyPem, privateKeyToGoPem } from '../../crypto/keys';
import { decodeFirstPem } from '../../crypto/pem';
import { parseIP } from '../../go/net';
import { deriveMasterPassword } from '../../crypto/master-password';
import { sprigDecryptAes, sprigEncryptAes } from '../../crypto/sprig-aes';
import { decodeGoBase64 } from '../../go/base64';

/** Sprig's `certificate` struct: `.Cert` and `.Key` are PEM strings; %v prints `{Cert Key}`. */
export class SprigCertificate implements GoObject {
  readonly goType = 'sprig.certificate';
  readonly goKind = 'struct';
  constructor(
    readonly cert: string,
    readonly key: string,
  ) {}
  goString(): string {
    return `{${this.cert} ${this.key}}`;
  }
  goField(name: string): GoValue | undefined {
    if (name === 'Cert') return this.cert;
    if (name === 'Key') return this.key;
    return undefined;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs `work`, turning any failure into `PREFIX: message` as Sprig's fmt.Errorf wrapping does. */
function wrapped<T>(prefix: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new FunctionError(`${prefix}: ${message(error)}`);
  }
}

const BCRYPT_DEFAULT_COST = 10;

/** x/crypto/bcrypt writes the `$2a$` prefix; bcryptjs defaults to `$2b$` (same algorithm). */
function bcryptHash(input: string): string {
  const salt = bcryptjs.genSaltSync(BCRYPT_DEFAULT_COST).replace(/^\$2b\$/, '$2a$');
  return bcryptjs.hashSync(input, salt);
}

function htpasswd(username: string, password: string): string {
  if (username.includes(':')) return `invalid username: ${username}`;
  return `${username}:${bcryptHash(password)}`;
}

function generateSprigPrivateKey(type: string): string {
  switch (type) {
    case '':
    case 'rsa':
      return privateKeyToGoPem(generatePrivateKey('rsa', 4096));
    case 'dsa':
      return privateKeyToGoPem(generatePrivateKey('dsa', 2048));
    case 'ecdsa':
      return privateKeyToGoPem(generatePrivateKey('ecdsa', 256));
    case 'ed25519':
      return privateKeyToGoPem(generatePrivateKey('ed25519'));
    default:
      return `Unknown type ${type}`;
  }
}

function toUint32(counter: GoValue): number {
  const value = intValue(counter);
  if (value === undefined || value < 0n || value > 0xffffffffn) {
    throw new FunctionError(`${formatValue(counter)} overflows uint32`);
  }
  return Number(value);
}

// ---------------------------------------------------------------------------------------------
// Certificates

/** getNetIPs / getAlternateDNSStrs: every element must be a string (and an IP for ips). */
function stringsOf(list: GoValue, describeBad: (value: GoValue) => string): string[] {
  if (list === null || list === undefined) return [];
  return (list as GoValue[]).map((value) => {
    if (typeof value !== 'string') throw new FunctionError(describeBad(value));
    return value;
  });
}

interface BaseTemplate {
  readonly commonName: string;
  readonly ipAddresses: string[];
  readonly dnsNames: string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serialNumber: bigint;
}

/** getBaseCertTemplate: the inputs are validated in Sprig's order (IPs, then DNS names). */
function baseTemplate(cn: string, ips: GoValue, dnsNames: GoValue, daysValid: GoValue): BaseTemplate {
  const ipAddresses = stringsOf(ips, (value) => `error parsing ip: ${formatValue(value)} is not a string`);
  for (const ip of ipAddresses) {
    if (!parseIP(ip)) throw new FunctionError(`error parsing ip: ${ip}`);
  }
  const names = stringsOf(
    dnsNames,
    (value) => `error processing alternate dns name: ${formatValue(value)} is not a string`,
  );
  const now = new Date();
  const days = Number(intValue(daysValid) ?? 0n);
  return {
    commonName: cn,
    ipAddresses,
    dnsNames: names,
    notBefore: now,
    notAfter: new Date(now.getTime() + days * 86_400_000),
    // rand.Int(rand.Reader, 2^128)
    serialNumber: BigInt('0x' + crypto.randomBytes(16).toString('hex')),
  };
}

const LEAF_USAGE: readonly KeyUsage[] = ['keyEncipherment', 'digitalSignature'];
const CA_USAGE: readonly KeyUsage[] = ['keyEncipherment', 'digitalSignature', 'keyCertSign'];

interface Signer {
  readonly cert: crypto.X509Certificate;
  readonly key: crypto.KeyObject;
}

/** getCertAndKey: signs `template` for `signeeKey` (self-signed when no signer). */
function certificateFor(
  template: BaseTemplate,
  signeeKey: crypto.KeyObject,
  signer: Signer | undefined,
  isCA = false,
): SprigCertificate {
  const signingKey = signer?.key ?? signeeKey;
  const fail = (reason: string): never => {
    throw new FunctionError(`error creating certificate: ${reason}`);
  };
  // Go's dsa.PrivateKey is no crypto.Signer, and x509 cannot embed DSA public keys.
  if (signingKey.asymmetricKeyType === 'dsa') fail('x509: certificate private key does not implement crypto.Signer');
  if (signeeKey.asymmetricKeyType === 'dsa') fail('x509: unsupported public key type: *dsa.PublicKey');
  const created = wrapped('error creating certificate', () =>
    createCertificate({
      ...template,
      isCA,
      keyUsage: isCA ? CA_USAGE : LEAF_USAGE,
      extKeyUsage: ['serverAuth', 'clientAuth'],
      publicKey: signeeKey,
      ...(signer ? { issuer: signer } : { signingKey: signeeKey }),
    }),
  );
  return new SprigCertificate(created.certPem, privateKeyToGoPem(signeeKey));
}

function newRsaKey(): crypto.KeyObject {
  return wrapped('error generating rsa key', () => generatePrivateKey('rsa', 2048));
}

function keyFromPem(pem: string): crypto.KeyObject {
  return wrapped('parsing private key', () => parsePrivateKeyPem(pem));
}

function asCertificate(value: GoValue): SprigCertificate {
  if (value instanceof SprigCertificate) return value;
  throw new FunctionError(`can't handle ${formatValue(value)} for arg of type sprig.certificate`);
}

function parseCertificatePem(pem: string, what: string): crypto.X509Certificate {
  const block = decodeFirstPem(pem);
  if (!block) throw new FunctionError('unable to decode certificate');
  return wrapped(`error parsing certificate: ${what}`, () => new crypto.X509Certificate(block.bytes));
}

function signerOf(ca: GoValue): Signer {
  const authority = asCertificate(ca);
  const cert = parseCertificatePem(authority.cert, 'decodedSignerCert.Bytes');
  const key = wrapped('error parsing private key', () => parsePrivateKeyPem(authority.key));
  return { cert, key };
}

function buildCustomCert(b64cert: string, b64key: string): SprigCertificate {
  let cert: string;
  let key: string;
  try {
    cert = decodeGoBase64(b64cert).toString('utf8');
  } catch {
    throw new FunctionError('unable to decode base64 certificate');
  }
  try {
    key = decodeGoBase64(b64key).toString('utf8');
  } catch {
    throw new FunctionError('unable to decode base64 private key');
  }
  parseCertificatePem(cert, 'decodedCert.Bytes');
  wrapped('error parsing private key', () => parsePrivateKeyPem(key));
  return new SprigCertificate(cert, key);
}

function randBytes(count: GoValue): string {
  const n = Number(intValue(count) ?? 0n);
  if (n < 0) throw new FunctionError('runtime error: makeslice: len out of range');
  return crypto.randomBytes(n).toString('base64');
}

function withAesErrors(work: () => string): string {
  try {
    return work();
  } catch (error) {
    throw new FunctionError(message(error));
  }
}

const s = (v: GoValue): string => v as string;

export const cryptoFunctions: FunctionMap = {
  bcrypt: fn(['string'], (input) => bcryptHash(s(input))),
  htpasswd: fn(['string', 'string'], (username, password) => htpasswd(s(username), s(password))),
  // Go's counter is uint32; 'uint64' is the nearest declared type (constants fill both).
  derivePassword: fn(['uint64', 'string', 'string', 'string', 'string'], (counter, type, password, user, site) =>
    deriveMasterPassword(toUint32(counter), s(type), s(password), s(user), s(site)),
  ),
  genPrivateKey: fn(['string'], (type) => generateSprigPrivateKey(s(type))),
  buildCustomCert: fn(['string', 'string'], (cert, key) => buildCustomCert(s(cert), s(key))),
  genCA: fn(['string', 'int'], (cn, days) => {
    const key = newRsaKey();
    return certificateFor(baseTemplate(s(cn), null, null, days), key, undefined, true);
  }),
  genCAWithKey: fn(['string', 'int', 'string'], (cn, days, pem) => {
    const key = keyFromPem(s(pem));
    return certificateFor(baseTemplate(s(cn), null, null, days), key, undefined, true);
  }),
  genSelfSignedCert: fn(['string', 'list', 'list', 'int'], (cn, ips, dns, days) => {
    const key = newRsaKey();
    return certificateFor(baseTemplate(s(cn), ips, dns, days), key, undefined);
  }),
  genSelfSignedCertWithKey: fn(['string', 'list', 'list', 'int', 'string'], (cn, ips, dns, days, pem) => {
    const key = keyFromPem(s(pem));
    return certificateFor(baseTemplate(s(cn), ips, dns, days), key, undefined);
  }),
  genSignedCert: fn(['string', 'list', 'list', 'int', 'any'], (cn, ips, dns, days, ca) => {
    asCertificate(ca);
    const key = newRsaKey();
    const signer = signerOf(ca);
    return certificateFor(baseTemplate(s(cn), ips, dns, days), key, signer);
  }),
  genSignedCertWithKey: fn(['string', 'list', 'list', 'int', 'any', 'string'], (cn, ips, dns, days, ca, pem) => {
    asCertificate(ca);
    const key = keyFromPem(s(pem));
    const signer = signerOf(ca);
    return certificateFor(baseTemplate(s(cn), ips, dns, days), key, signer);
  }),
  encryptAES: fn(['string', 'string'], (password, text) => withAesErrors(() => sprigEncryptAes(s(password), s(text)))),
  decryptAES: fn(['string', 'string'], (password, text) => withAesErrors(() => sprigDecryptAes(s(password), s(text)))),
  randBytes: fn(['int'], (count) => randBytes(count)),
};
