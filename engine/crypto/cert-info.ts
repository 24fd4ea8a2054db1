/**
 * Reads the parts of an X.509 certificate that node's X509Certificate does not expose exactly:
 * the raw subject (to copy into a child's issuer), key identifiers, SANs as bytes, basic
 * constraints and key usages.
 */
import type { X509Certificate } from 'node:crypto';
import {
  decodeDer,
  derChildren,
  DerNode,
  readBoolean,
  readInteger,
  readNamedBits,
  readOid,
  readString,
  readTime,
  TAG,
} from './der';
import { KEY_USAGE_BITS, KeyUsage, OID } from './oids';

export interface CertificateDetails {
  readonly serialNumber: bigint;
  /** DER of the issuer and subject Names, exactly as in the certificate. */
  readonly rawIssuer: Buffer;
  readonly rawSubject: Buffer;
  readonly commonName: string | undefined;
  readonly organizations: string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly dnsNames: string[];
  /** IP SANs as 4- or 16-byte buffers. */
  readonly ipAddresses: Buffer[];
  readonly isCA: boolean;
  readonly pathLen: number | undefined;
  readonly keyUsage: KeyUsage[] | undefined;
  readonly extKeyUsageOids: string[] | undefined;
  readonly subjectKeyId: Buffer | undefined;
  readonly authorityKeyId: Buffer | undefined;
}

function attributeValues(name: DerNode, oid: string): string[] {
  const values: string[] = [];
  for (const rdn of derChildren(name)) {
    for (const attribute of derChildren(rdn)) {
      const [type, value] = derChildren(attribute);
      if (readOid(type) === oid) values.push(readString(value));
    }
  }
  return values;
}

const KEY_USAGE_BY_BIT = new Map<number, KeyUsage>(
  Object.entries(KEY_USAGE_BITS).map(([name, bit]) => [bit, name as KeyUsage]),
);

interface ExtensionValues {
  dnsNames: string[];
  ipAddresses: Buffer[];
  isCA: boolean;
  pathLen?: number;
  keyUsage?: KeyUsage[];
  extKeyUsageOids?: string[];
  subjectKeyId?: Buffer;
  authorityKeyId?: Buffer;
}

function readExtensions(extensionsWrapper: DerNode | undefined): ExtensionValues {
  const result: ExtensionValues = { dnsNames: [], ipAddresses: [], isCA: false };
  if (!extensionsWrapper) return result;
  const [extensionList] = derChildren(extensionsWrapper);
  for (const extension of derChildren(extensionList)) {
    const parts = derChildren(extension);
    const oid = readOid(parts[0]);
    const value = decodeDer(parts[parts.length - 1].content);
    switch (oid) {
      case OID.subjectAltName:
        for (const generalName of derChildren(value)) {
          if (generalName.tag === 0x82) result.dnsNames.push(generalName.content.toString('latin1'));
          if (generalName.tag === 0x87) result.ipAddresses.push(Buffer.from(generalName.content));
        }
        break;
      case OID.basicConstraints:
        for (const field of derChildren(value)) {
          if (field.tag === TAG.BOOLEAN) result.isCA = readBoolean(field);
          if (field.tag === TAG.INTEGER) result.pathLen = Number(readInteger(field));
        }
        break;
      case OID.keyUsage:
        result.keyUsage = readNamedBits(value).flatMap((bit) => KEY_USAGE_BY_BIT.get(bit) ?? []);
        break;
      case OID.extKeyUsage:
        result.extKeyUsageOids = derChildren(value).map(readOid);
        break;
      case OID.subjectKeyIdentifier:
        result.subjectKeyId = Buffer.from(value.content);
        break;
      case OID.authorityKeyIdentifier: {
        const keyId = derChildren(value).find((field) => field.tag === 0x80);
        if (keyId) result.authorityKeyId = Buffer.from(keyId.content);
        break;
      }
    }
  }
  return result;
}

/** Parses a DER certificate (or takes the DER of a node X509Certificate). */
export function readCertificateDetails(certificate: Buffer | X509Certificate): CertificateDetails {
  const der = Buffer.isBuffer(certificate) ? certificate : certificate.raw;
  const [tbs] = derChildren(decodeDer(der));
  const fields = derChildren(tbs);
  // version is an optional [0]; everything after it has a fixed position.
  const start = fields[0].tag === 0xa0 ? 1 : 0;
  const [serial, , issuer, validity, subject] = fields.slice(start, start + 5);
  const [notBefore, notAfter] = derChildren(validity).map(readTime);
  const extensions = readExtensions(fields.slice(start + 6).find((field) => field.tag === 0xa3));
  return {
    serialNumber: readInteger(serial),
    rawIssuer: Buffer.from(issuer.raw),
    rawSubject: Buffer.from(subject.raw),
    commonName: attributeValues(subject, OID.commonName)[0],
    organizations: attributeValues(subject, OID.organization),
    notBefore,
    notAfter,
    dnsNames: extensions.dnsNames,
    ipAddresses: extensions.ipAddresses,
    isCA: extensions.isCA,
    pathLen: extensions.pathLen,
    keyUsage: extensions.keyUsage,
    extKeyUsageOids: extensions.extKeyUsageOids,
    subjectKeyId: extensions.subjectKeyId,
    authorityKeyId: extensions.authorityKeyId,
  };
}
