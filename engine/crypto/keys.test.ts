import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generatePrivateKey, keyMatchesPublicKey, parsePrivateKeyPem, privateKeyToGoPem, privateKeyToPem } from './keys';
import goFixtures from './__fixtures__/go-sprig.json';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kplay-keys-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** stdout and stderr of a successful openssl run (it reports checks on stderr). */
function openssl(args: string[]): string {
  const run = spawnSync('openssl', args);
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${run.stderr.toString()}`);
  return run.stdout.toString() + run.stderr.toString();
}

function writeTemp(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('generatePrivateKey', () => {
  it('makes RSA 2048 by default, written as PKCS#1 that OpenSSL checks', () => {
    const key = generatePrivateKey('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const pem = privateKeyToPem(key, 'pkcs1');
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(openssl(['rsa', '-check', '-noout', '-in', writeTemp('rsa.key', pem)])).toContain('RSA key ok');
  });

  it('makes ECDSA P-256 (and P-384) as SEC 1', () => {
    const key = generatePrivateKey('ecdsa');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(generatePrivateKey('ecdsa', 384).asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    const pem = privateKeyToGoPem(key);
    expect(pem).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(openssl(['ec', '-check', '-noout', '-in', writeTemp('ec.key', pem)])).toContain('EC Key valid');
    expect(openssl(['pkey', '-noout', '-text', '-in', writeTemp('ec2.key', pem)])).toContain('NIST CURVE: P-256');
  });

  it('makes Ed25519 as PKCS#8', () => {
    const pem = privateKeyToGoPem(generatePrivateKey('ed25519'));
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(openssl(['pkey', '-noout', '-text', '-in', writeTemp('ed.key', pem)])).toContain('ED25519 Private-Key');
  });

  it('writes DSA in the SEQUENCE{0,P,Q,G,Y,X} layout OpenSSL also reads', () => {
    const key = generatePrivateKey('dsa', 2048);
    const pem = privateKeyToGoPem(key);
    expect(pem).toMatch(/^-----BEGIN DSA PRIVATE KEY-----\n/);
    const text = openssl(['dsa', '-noout', '-text', '-in', writeTemp('dsa.key', pem)]);
    expect(text).toContain('Private-Key: (2048 bit)');
    const back = parsePrivateKeyPem(pem);
    expect(keyMatchesPublicKey(back, crypto.createPublicKey(key))).toBe(true);
  });

  it('refuses container formats that cannot hold the key', () => {
    expect(() => privateKeyToPem(generatePrivateKey('ed25519'), 'pkcs1')).toThrow('PKCS#1 holds RSA keys only');
    expect(() => privateKeyToPem(generatePrivateKey('rsa', 1024), 'sec1')).toThrow('SEC 1 holds EC keys only');
    expect(() => generatePrivateKey('ecdsa', 128)).toThrow('unsupported ECDSA curve size');
  });
});

describe('parsePrivateKeyPem', () => {
  it('reads every key format Go Sprig writes', () => {
    expect(parsePrivateKeyPem(goFixtures.caKey).asymmetricKeyType).toBe('rsa');
    expect(parsePrivateKeyPem(goFixtures.ecKey).asymmetricKeyType).toBe('ec');
    expect(parsePrivateKeyPem(goFixtures.edKey).asymmetricKeyType).toBe('ed25519');
    expect(parsePrivateKeyPem(goFixtures.dsaKey).asymmetricKeyType).toBe('dsa');
  });

  it('re-encodes Go keys byte for byte', () => {
    for (const pem of [goFixtures.caKey, goFixtures.ecKey, goFixtures.edKey, goFixtures.dsaKey]) {
      expect(privateKeyToGoPem(parsePrivateKeyPem(pem))).toBe(pem);
    }
  });

  it('matches the Go key with its certificate', () => {
    const cert = new crypto.X509Certificate(goFixtures.caCert);
    expect(keyMatchesPublicKey(parsePrivateKeyPem(goFixtures.caKey), cert.publicKey)).toBe(true);
    expect(keyMatchesPublicKey(parsePrivateKeyPem(goFixtures.leafKey), cert.publicKey)).toBe(false);
  });

  it('skips text around the block and reads a PKCS#8 RSA key', () => {
    const pkcs8 = privateKeyToPem(generatePrivateKey('rsa', 1024), 'pkcs8');
    expect(parsePrivateKeyPem(`junk before\n${pkcs8}junk after`).asymmetricKeyType).toBe('rsa');
  });

  it.each([
    ['garbage', 'no PEM data in input'],
    ['-----BEGIN CERTIFICATE-----\nYWJj\n-----END CERTIFICATE-----\n', 'no private key data in PEM block of type CERTIFICATE'],
    ['-----BEGIN FOO PRIVATE KEY-----\nYWJj\n-----END FOO PRIVATE KEY-----\n', 'invalid private key type FOO PRIVATE KEY'],
    ['-----BEGIN RSA PRIVATE KEY-----\nYWJj\n-----END RSA PRIVATE KEY-----\n', 'parsing RSA private key from PEM: '],
  ])('fails like Sprig on %j', (pem, message) => {
    expect(() => parsePrivateKeyPem(pem)).toThrow(message);
  });
});
