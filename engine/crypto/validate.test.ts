import { generatePrivateKey, privateKeyToGoPem } from './keys';
import { hostnameMatches, validateCertificatePair } from './validate';
import { createCertificate } from './x509';
import goFixtures from './__fixtures__/go-sprig.json';

const DAY = 86_400_000;
const caKey = generatePrivateKey('ecdsa');
const ca = createCertificate({
  commonName: 'root',
  isCA: true,
  notBefore: new Date(Date.UTC(2024, 0, 1)),
  notAfter: new Date(Date.UTC(2044, 0, 1)),
  publicKey: caKey,
  signingKey: caKey,
});
const otherCaKey = generatePrivateKey('ecdsa');
const otherCa = createCertificate({
  commonName: 'root', // same name, different key: only the signature tells them apart
  isCA: true,
  notBefore: new Date(Date.UTC(2024, 0, 1)),
  notAfter: new Date(Date.UTC(2044, 0, 1)),
  publicKey: otherCaKey,
  signingKey: otherCaKey,
});
const leafKey = generatePrivateKey('ecdsa');
const leaf = createCertificate({
  commonName: 'etcd',
  dnsNames: ['localhost', 'node1', '*.apps.example'],
  ipAddresses: ['127.0.0.1', '::1', '10.0.0.5'],
  notBefore: new Date(Date.UTC(2024, 0, 1)),
  notAfter: new Date(Date.UTC(2025, 0, 1)),
  publicKey: leafKey,
  issuer: { cert: ca.cert, key: caKey },
});
const during = new Date(Date.UTC(2024, 6, 1));

const good = {
  certPem: leaf.certPem,
  keyPem: privateKeyToGoPem(leafKey),
  caCertPem: ca.certPem,
  commonName: 'etcd',
  dnsNames: ['localhost', 'node1', 'web.apps.example'],
  ipAddresses: ['127.0.0.1', '::1', '10.0.0.5', '0:0:0:0:0:ffff:a00:5'],
  now: during,
};

describe('validateCertificatePair', () => {
  it('accepts a matching pair', () => {
    expect(validateCertificatePair(good)).toEqual({ valid: true, reasons: [] });
  });

  it('reports an expired certificate with its date', () => {
    expect(validateCertificatePair({ ...good, now: new Date(Date.UTC(2025, 0, 1) + DAY) })).toEqual({
      valid: false,
      reasons: ['certificate expired on 2025-01-01T00:00:00Z'],
    });
  });

  it('reports a certificate that is not yet valid', () => {
    expect(validateCertificatePair({ ...good, now: new Date(Date.UTC(2023, 0, 1)) }).reasons).toEqual([
      'certificate not valid before 2024-01-01T00:00:00Z',
      'CA certificate not valid before 2024-01-01T00:00:00Z',
    ]);
  });

  it('reports a wrong common name and each missing SAN', () => {
    const result = validateCertificatePair({
      ...good,
      commonName: 'kube-apiserver',
      dnsNames: ['node1', 'node2', 'a.b.apps.example'],
      ipAddresses: ['10.0.0.5', '10.0.0.6', 'fd00::1', 'not-an-ip'],
    });
    expect(result.valid).toBe(false);
    expect(result.reasons).toEqual([
      'common name is "etcd", expected "kube-apiserver"',
      'SAN node2 missing',
      'SAN a.b.apps.example missing',
      'SAN 10.0.0.6 missing',
      'SAN fd00::1 missing',
      'requested IP SAN "not-an-ip" is not an IP address',
    ]);
  });

  it('reports a certificate from another CA, even one with the same name', () => {
    expect(validateCertificatePair({ ...good, caCertPem: otherCa.certPem }).reasons).toEqual(['not signed by the given CA']);
    expect(validateCertificatePair({ ...good, caCertPem: goFixtures.caCert }).reasons).toContain('not signed by the given CA');
  });

  it('reports a private key that does not belong to the certificate', () => {
    expect(validateCertificatePair({ ...good, keyPem: privateKeyToGoPem(caKey) }).reasons).toEqual([
      'private key does not match the certificate',
    ]);
  });

  it('reports unreadable input', () => {
    expect(validateCertificatePair({ ...good, certPem: 'nope' }).reasons[0]).toMatch(/^certificate cannot be parsed: /);
    expect(validateCertificatePair({ ...good, keyPem: 'nope' }).reasons).toEqual([
      'private key cannot be parsed: no PEM data in input',
    ]);
    expect(validateCertificatePair({ ...good, caCertPem: 'nope' }).reasons[0]).toMatch(/^CA certificate cannot be parsed: /);
  });

  it('validates a pair made by Go Sprig (genCA + genSignedCert)', () => {
    expect(
      validateCertificatePair({
        certPem: goFixtures.leafCert,
        keyPem: goFixtures.leafKey,
        caCertPem: goFixtures.caCert,
        commonName: 'go-leaf',
        dnsNames: ['node1.example', 'x.apps.example'],
        ipAddresses: ['10.0.0.5', '::1'],
      }),
    ).toEqual({ valid: true, reasons: [] });
  });
});

describe('hostnameMatches', () => {
  it.each([
    ['node1', 'node1', true],
    ['Node1.Example.', 'node1.example', true],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', 'example.com', false],
    ['a.*.com', 'a.b.com', false],
    ['node1', 'node2', false],
  ])('%s vs %s → %s', (pattern, host, expected) => {
    expect(hostnameMatches(pattern, host)).toBe(expected);
  });
});
