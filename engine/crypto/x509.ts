/**
 * Builds X.509 v3 certificates: node:crypto can parse and verify them but not create them, so the
 * TBSCertificate is encoded here and signed with node:crypto. The layout follows what Go's
 * x509.CreateCertificate produces (extension order, critical flags, string types, UTCTime up to
 * 2049), so certificates look like the ones KubeKey and Sprig make.
 */
import * as crypto from 'node:crypto';
import { readCertificateDetails } from './cert-info';
import {
  decodeDer,
  derBitString,
  derBoolean,
  derChildren,
  derDirectoryString,
  derElement,
  derExplicit,
  derIa5String,
  derImplicit,
  derInteger,
  derNamedBits,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derTime,
  readBitString,
} from './der';
import { parseIpAddress } from './ip';
import { keyMatchesPublicKey } from './keys';
import { EXT_KEY_USAGE_OIDS, ExtKeyUsage, KEY_USAGE_BITS, KeyUsage, OID } from './oids';
import { encodePem } from './pem';

export type { ExtKeyUsage, KeyUsage } from './oids';

export interface CertificateIssuer {
  readonly cert: crypto.X509Certificate;
  readonly key: crypto.KeyObject;
}

export interface CertificateRequest {
  readonly commonName: string;
  readonly organizations?: readonly string[];
  readonly organizationalUnits?: readonly string[];
  readonly dnsNames?: readonly string[];
  /** IP literals; an invalid one is an error (callers that want to skip bad entries filter first). */
  readonly ipAddresses?: readonly string[];
  readonly isCA?: boolean;
  /** basicConstraints pathLenConstraint; CA certificates only. */
  readonly pathLen?: number;
  /** Defaults to now. Like Go, a notAfter before notBefore is not rejected. */
  readonly notBefore?: Date;
  readonly notAfter: Date;
  /**
   * Defaults: CA → digitalSignature, keyEncipherment, keyCertSign; otherwise digitalSignature,
   * keyEncipherment. An empty list omits the extension.
   */
  readonly keyUsage?: readonly KeyUsage[];
  /** Omitted (no extension) by default. */
  readonly extKeyUsage?: readonly ExtKeyUsage[];
  /** Defaults to a random number in [1, 2^63 − 1]. Must be positive or zero. */
  readonly serialNumber?: bigint;
  /** The subject's public key (a private KeyObject is accepted and its public half used). */
  readonly publicKey: crypto.KeyObject;
  /** Signing CA; absent = self-signed with `signingKey`. */
  readonly issuer?: CertificateIssuer;
  /** Private key that signs a self-signed certificate (must belong to `publicKey`). */
  readonly signingKey?: crypto.KeyObject;
}

export interface CreatedCertificate {
  readonly certPem: string;
  readonly cert: crypto.X509Certificate;
  readonly der: Buffer;
}

interface SignatureScheme {
  readonly algorithmIdentifier: Buffer;
  /** Digest name for crypto.sign, or null for Ed25519 (which hashes internally). */
  readonly digest: string | null;
}

const ECDSA_SCHEMES: Record<string, { oid: string; digest: string }> = {
  prime256v1: { oid: OID.ecdsaWithSHA256, digest: 'sha256' },
  secp384r1: { oid: OID.ecdsaWithSHA384, digest: 'sha384' },
  secp521r1: { oid: OID.ecdsaWithSHA512, digest: 'sha512' },
};

/** The signature algorithm Go picks for a signing key (SHA-256 RSA, curve-sized ECDSA, Ed25519). */
function signatureSchemeFor(signingKey: crypto.KeyObject): SignatureScheme {
  switch (signingKey.asymmetricKeyType) {
    case 'rsa':
      return { algorithmIdentifier: derSequence(derOid(OID.sha256WithRSAEncryption), derNull()), digest: 'sha256' };
    case 'ec': {
      const scheme = ECDSA_SCHEMES[signingKey.asymmetricKeyDetails?.namedCurve ?? ''];
      if (!scheme) throw new Error(`x509: unsupported elliptic curve ${signingKey.asymmetricKeyDetails?.namedCurve}`);
      return { algorithmIdentifier: derSequence(derOid(scheme.oid)), digest: scheme.digest };
    }
    case 'ed25519':
      return { algorithmIdentifier: derSequence(derOid(OID.ed25519)), digest: null };
    default:
      throw new Error('x509: only RSA, ECDSA and Ed25519 keys supported');
  }
}

function toPublicKey(key: crypto.KeyObject): crypto.KeyObject {
  return key.type === 'public' ? key : crypto.createPublicKey(key);
}

function subjectPublicKeyInfo(publicKey: crypto.KeyObject): Buffer {
  const kind = publicKey.asymmetricKeyType;
  if (kind !== 'rsa' && kind !== 'ec' && kind !== 'ed25519') {
    throw new Error(`x509: unsupported public key type: ${kind}`);
  }
  return publicKey.export({ type: 'spki', format: 'der' });
}

/** RFC 5280 key identifier method 1: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(spki: Buffer): Buffer {
  const [, subjectPublicKey] = derChildren(decodeDer(spki));
  return crypto.createHash('sha1').update(readBitString(subjectPublicKey).bytes).digest();
}

function encodeName(req: CertificateRequest): Buffer {
  const rdn = (oid: string, value: string): Buffer => derSet(derSequence(derOid(oid), derDirectoryString(value)));
  const rdns: Buffer[] = [
    ...(req.organizations ?? []).map((o) => rdn(OID.organization, o)),
    ...(req.organizationalUnits ?? []).map((ou) => rdn(OID.organizationalUnit, ou)),
  ];
  if (req.commonName !== '') rdns.push(rdn(OID.commonName, req.commonName));
  return derSequence(...rdns);
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return derSequence(derOid(oid), ...(critical ? [derBoolean(true)] : []), derOctetString(value));
}

function randomSerial(): bigint {
  for (;;) {
    const serial = crypto.randomBytes(8).readBigUInt64BE() & ((1n << 63n) - 1n);
    if (serial !== 0n) return serial;
  }
}

interface ExtensionInputs {
  readonly req: CertificateRequest;
  readonly subjectIsEmpty: boolean;
  readonly subjectKeyId: Buffer;
  readonly authorityKeyId: Buffer | undefined;
}

function buildExtensions({ req, subjectIsEmpty, subjectKeyId, authorityKeyId }: ExtensionInputs): Buffer[] {
  const isCA = req.isCA ?? false;
  const extensions: Buffer[] = [];
  const keyUsage =
    req.keyUsage ??
    (isCA
      ? (['digitalSignature', 'keyEncipherment', 'keyCertSign'] as const)
      : (['digitalSignature', 'keyEncipherment'] as const));
  if (keyUsage.length > 0) {
    extensions.push(extension(OID.keyUsage, true, derNamedBits(keyUsage.map((usage) => KEY_USAGE_BITS[usage]))));
  }
  if (req.extKeyUsage && req.extKeyUsage.length > 0) {
    const oids = req.extKeyUsage.map((usage) => derOid(EXT_KEY_USAGE_OIDS[usage]));
    extensions.push(extension(OID.extKeyUsage, false, derSequence(...oids)));
  }
  const constraints = [...(isCA ? [derBoolean(true)] : []), ...(req.pathLen !== undefined ? [derInteger(req.pathLen)] : [])];
  extensions.push(extension(OID.basicConstraints, true, derSequence(...constraints)));
  extensions.push(extension(OID.subjectKeyIdentifier, false, derOctetString(subjectKeyId)));
  if (authorityKeyId) extensions.push(extension(OID.authorityKeyIdentifier, false, derSequence(derImplicit(0, authorityKeyId))));

  const generalNames: Buffer[] = (req.dnsNames ?? []).map((name) => derElement(0x82, derIa5String(name).subarray(2)));
  // derIa5String validates ASCII; its content is re-tagged as the implicit [2] dNSName.
  for (const text of req.ipAddresses ?? []) {
    const bytes = parseIpAddress(text);
    if (!bytes) throw new Error(`invalid IP address ${JSON.stringify(text)}`);
    generalNames.push(derImplicit(7, bytes));
  }
  if (generalNames.length > 0) {
    // RFC 5280: with an empty subject the SAN extension is what names the subject, so it is critical.
    extensions.push(extension(OID.subjectAltName, subjectIsEmpty, derSequence(...generalNames)));
  }
  return extensions;
}

/** Creates and signs a certificate; throws on inconsistent input (with Go-like x509 wording). */
export function createCertificate(req: CertificateRequest): CreatedCertificate {
  const subjectPublicKey = toPublicKey(req.publicKey);
  const spki = subjectPublicKeyInfo(subjectPublicKey);
  const serialNumber = req.serialNumber ?? randomSerial();
  if (serialNumber < 0n) throw new Error('x509: serial number must be positive');
  if (req.pathLen !== undefined && !req.isCA) throw new Error('x509: only CAs are allowed to specify MaxPathLen');
  const notBefore = req.notBefore ?? new Date();

  const subject = encodeName(req);
  let issuerName: Buffer;
  let signingKey: crypto.KeyObject;
  let authorityKeyId: Buffer | undefined;
  if (req.issuer) {
    const issuerDetails = readCertificateDetails(req.issuer.cert);
    if (!keyMatchesPublicKey(req.issuer.key, req.issuer.cert.publicKey)) {
      throw new Error("x509: provided PrivateKey doesn't match parent's PublicKey");
    }
    issuerName = issuerDetails.rawSubject;
    signingKey = req.issuer.key;
    authorityKeyId =
      issuerDetails.subjectKeyId ?? keyIdentifier(req.issuer.cert.publicKey.export({ type: 'spki', format: 'der' }));
  } else {
    if (!req.signingKey) throw new Error('a self-signed certificate needs signingKey (the subject private key)');
    if (!keyMatchesPublicKey(req.signingKey, subjectPublicKey)) {
      throw new Error('signingKey does not belong to publicKey of a self-signed certificate');
    }
    issuerName = subject;
    signingKey = req.signingKey;
  }
  const scheme = signatureSchemeFor(signingKey);
  const extensions = buildExtensions({
    req,
    subjectIsEmpty: subject.length === 2,
    subjectKeyId: keyIdentifier(spki),
    authorityKeyId,
  });

  const tbs = derSequence(
    derExplicit(0, derInteger(2)), // v3
    derInteger(serialNumber),
    scheme.algorithmIdentifier,
    issuerName,
    derSequence(derTime(notBefore), derTime(req.notAfter)),
    subject,
    spki,
    derExplicit(3, derSequence(...extensions)),
  );
  const signature = crypto.sign(scheme.digest, tbs, signingKey);
  const der = derSequence(tbs, scheme.algorithmIdentifier, derBitString(signature));
  const certPem = encodePem('CERTIFICATE', der);
  const cert = new crypto.X509Certificate(der);
  // Like Go, refuse to hand out a certificate whose signature does not check out.
  if (!cert.verify(crypto.createPublicKey(signingKey))) throw new Error('x509: signature over certificate is invalid');
  return { certPem, cert, der };
}
