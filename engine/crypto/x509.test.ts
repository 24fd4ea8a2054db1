import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readCertificateDetails } from './cert-info';
import { formatIpAddress } from './ip';
import { generatePrivateKey, parsePrivateKeyPem } from './keys';
import { createCertificate, type CertificateRequest } from './x509';
import goFixtures from './__fixtures__/go-sprig.json';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kplay-x509-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

function openssl(args: string[]): { ok: boolean; out: string } {
  const run = spawnSync('openssl', args, { cwd: dir });
  return { ok: run.status === 0, out: run.stdout.toString() + run.stderr.toString() };
}

const TEN_YEARS = 87600 * 3_600_000;
const rsaCaKey = generatePrivateKey('rsa');

function selfSignedCa(key: crypto.KeyObject, extra: Partial<CertificateRequest> = {}) {
  return createCertificate({
    commonName: 'root',
    organizations: ['kubekey'],
    isCA: true,
    notAfter: new Date(Date.now() + TEN_YEARS),
    publicKey: key,
    signingKey: key,
    ...extra,
  });
}

describe('createCertificate', () => {
  const ca = selfSignedCa(rsaCaKey);
  const leafKey = generatePrivateKey('rsa');
  const leaf = createCertificate({
    commonName: 'etcd',
    organizations: ['kubekey'],
    dnsNames: ['localhost', 'node1', 'node1.cluster.local'],
    ipAddresses: ['127.0.0.1', '::1', '10.0.0.5', 'fd00::5'],
    extKeyUsage: ['serverAuth', 'clientAuth'],
    notBefore: readCertificateDetails(ca.cert).notBefore,
    notAfter: new Date(Date.now() + TEN_YEARS),
    publicKey: leafKey,
    issuer: { cert: ca.cert, key: rsaCaKey },
  });

  it('makes a self-signed CA that OpenSSL accepts as CA', () => {
    const file = write('ca.crt', ca.certPem);
    expect(openssl(['verify', '-CAfile', file, file]).out).toContain(': OK');
    const text = openssl(['x509', '-in', file, '-noout', '-text']).out;
    expect(text).toContain('Issuer: O = kubekey, CN = root');
    expect(text).toContain('Subject: O = kubekey, CN = root');
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment, Certificate Sign/);
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toContain('Version: 3 (0x2)');
    expect(ca.cert.ca).toBe(true);
  });

  it('makes a leaf that `openssl verify -CAfile ca.crt leaf.crt` accepts, with its SANs and usages', () => {
    const caFile = write('ca.crt', ca.certPem);
    const leafFile = write('leaf.crt', leaf.certPem);
    expect(openssl(['verify', '-CAfile', caFile, leafFile]).out).toBe(`${leafFile}: OK\n`);
    expect(openssl(['verify', '-CAfile', caFile, '-purpose', 'sslserver', leafFile]).ok).toBe(true);
    expect(openssl(['verify', '-CAfile', caFile, '-purpose', 'sslclient', leafFile]).ok).toBe(true);
    const text = openssl(['x509', '-in', leafFile, '-noout', '-text']).out;
    expect(text).toContain(
      'DNS:localhost, DNS:node1, DNS:node1.cluster.local, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.0.0.5, IP Address:FD00:0:0:0:0:0:0:5',
    );
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
    expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
    expect(text).toContain('Issuer: O = kubekey, CN = root');
    expect(text).toContain('Subject: O = kubekey, CN = etcd');
  });

  it('chains by key identifiers and round-trips through node X509Certificate', () => {
    expect(leaf.cert.checkIssued(ca.cert)).toBe(true);
    expect(leaf.cert.verify(ca.cert.publicKey)).toBe(true);
    expect(leaf.cert.checkPrivateKey(leafKey)).toBe(true);
    expect(leaf.cert.subjectAltName).toContain('DNS:node1.cluster.local');
    expect(leaf.cert.ca).toBe(false);
    const leafDetails = readCertificateDetails(leaf.cert);
    const caDetails = readCertificateDetails(ca.cert);
    expect(leafDetails.authorityKeyId).toEqual(caDetails.subjectKeyId);
    expect(leafDetails.rawIssuer).toEqual(caDetails.rawSubject);
    expect(leafDetails.ipAddresses.map(formatIpAddress)).toEqual(['127.0.0.1', '::1', '10.0.0.5', 'fd00::5']);
    expect(leafDetails.ipAddresses.map((ip) => ip.length)).toEqual([4, 16, 4, 16]);
    expect(leafDetails.notBefore).toEqual(caDetails.notBefore);
    expect(new crypto.X509Certificate(leaf.certPem).fingerprint256).toBe(leaf.cert.fingerprint256);
    expect(leafDetails.serialNumber > 0n && leafDetails.serialNumber < 1n << 63n).toBe(true);
  });

  it('writes validity as UTCTime before 2050 and GeneralizedTime after', () => {
    const key = generatePrivateKey('ecdsa');
    const far = createCertificate({
      commonName: 'far',
      notBefore: new Date(Date.UTC(2049, 5, 1)),
      notAfter: new Date(Date.UTC(2060, 0, 2, 3, 4, 5)),
      publicKey: key,
      signingKey: key,
    });
    const parsed = openssl(['asn1parse', '-in', write('far.crt', far.certPem)]).out;
    expect(parsed).toContain('UTCTIME           :490601000000Z');
    expect(parsed).toContain('GENERALIZEDTIME   :20600102030405Z');
    expect(new Date(far.cert.validTo).toISOString()).toBe('2060-01-02T03:04:05.000Z');
  });

  it.each([
    ['ecdsa', 'ecdsa-with-SHA256'],
    ['ed25519', 'ED25519'],
  ] as const)('signs with %s CA keys', (type, algorithm) => {
    const caKey = generatePrivateKey(type);
    const ecCa = selfSignedCa(caKey, { pathLen: 0 });
    const child = createCertificate({
      commonName: 'child',
      dnsNames: ['child.example'],
      notAfter: new Date(Date.now() + TEN_YEARS),
      publicKey: generatePrivateKey('rsa'),
      issuer: { cert: ecCa.cert, key: caKey },
    });
    const caFile = write(`${type}-ca.crt`, ecCa.certPem);
    const childFile = write(`${type}-child.crt`, child.certPem);
    expect(openssl(['verify', '-CAfile', caFile, childFile]).out).toContain(': OK');
    expect(openssl(['x509', '-in', childFile, '-noout', '-text']).out).toContain(`Signature Algorithm: ${algorithm}`);
    expect(openssl(['x509', '-in', caFile, '-noout', '-text']).out).toMatch(/CA:TRUE, pathlen:0/);
  });

  it('issues from a CA made by Go (kubekey re-uses existing CAs)', () => {
    const goCa = new crypto.X509Certificate(goFixtures.caCert);
    const child = createCertificate({
      commonName: 'from-go-ca',
      ipAddresses: ['192.168.1.10'],
      notAfter: new Date(Date.now() + TEN_YEARS),
      publicKey: generatePrivateKey('ecdsa'),
      issuer: { cert: goCa, key: parsePrivateKeyPem(goFixtures.caKey) },
    });
    const result = openssl(['verify', '-CAfile', write('go-ca.crt', goFixtures.caCert), write('from-go.crt', child.certPem)]);
    expect(result.out).toContain(': OK');
  });

  it('uses UTF8String for names that are not printable and marks SANs critical for an empty subject', () => {
    const key = generatePrivateKey('ed25519');
    const named = createCertificate({
      commonName: '*.example.com',
      organizationalUnits: ['Grüße'],
      notAfter: new Date(Date.now() + 3_600_000),
      publicKey: key,
      signingKey: key,
    });
    const text = openssl(['x509', '-in', write('named.crt', named.certPem), '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus']).out;
    expect(text).toContain('OU=Grüße,CN=*.example.com');
    const anonymous = createCertificate({
      commonName: '',
      dnsNames: ['only-san.example'],
      notAfter: new Date(Date.now() + 3_600_000),
      publicKey: key,
      signingKey: key,
    });
    expect(openssl(['x509', '-in', write('anon.crt', anonymous.certPem), '-noout', '-text']).out).toMatch(
      /Subject Alternative Name: critical\s+DNS:only-san.example/,
    );
  });

  it('rejects inconsistent requests', () => {
    const otherKey = generatePrivateKey('ecdsa');
    const base = { commonName: 'x', notAfter: new Date(Date.now() + 3_600_000), publicKey: otherKey };
    expect(() => createCertificate({ ...base, issuer: { cert: ca.cert, key: otherKey } })).toThrow(
      "x509: provided PrivateKey doesn't match parent's PublicKey",
    );
    expect(() => createCertificate({ ...base, signingKey: rsaCaKey })).toThrow('signingKey does not belong');
    expect(() => createCertificate(base)).toThrow('needs signingKey');
    expect(() => createCertificate({ ...base, signingKey: otherKey, ipAddresses: ['10.0.0.256'] })).toThrow(
      'invalid IP address "10.0.0.256"',
    );
    expect(() => createCertificate({ ...base, signingKey: otherKey, pathLen: 1 })).toThrow('only CAs');
    expect(() => createCertificate({ ...base, signingKey: otherKey, dnsNames: ['bücher.example'] })).toThrow('IA5String');
    const dsa = generatePrivateKey('dsa', 1024);
    expect(() => createCertificate({ ...base, publicKey: dsa, signingKey: dsa })).toThrow('unsupported public key type');
  });
});
