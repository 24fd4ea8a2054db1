/**
 * Decides whether an existing certificate/key pair can be kept: it must parse, be currently
 * valid, carry the requested CN and SANs, be signed by the given CA, and the key must belong to
 * the certificate. Every failed check is reported as a reason a person can act on.
 */
import * as crypto from 'node:crypto';
import { readCertificateDetails } from './cert-info';
import { ipEqual } from '../go/net';
import { formatIpAddress, parseIpAddress } from './ip';
import { keyMatchesPublicKey, parsePrivateKeyPem } from './keys';

export interface ValidateCertificateOptions {
  readonly certPem: string;
  readonly keyPem: string;
  /** When given, the certificate must be issued and signed by this CA (and the CA must be valid). */
  readonly caCertPem?: string;
  readonly commonName?: string;
  /** Every name must be covered by a DNS SAN (wildcards `*.example.com` match one label). */
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly now?: Date;
}

export interface ValidationResult {
  readonly valid: boolean;
  readonly reasons: string[];
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Go's hostname matching for certificates: case-insensitive, trailing dot ignored, `*` = one leftmost label. */
export function hostnameMatches(pattern: string, host: string): boolean {
  const normalise = (name: string): string[] => name.toLowerCase().replace(/\.$/, '').split('.');
  const patternLabels = normalise(pattern);
  const hostLabels = normalise(host);
  if (patternLabels.length !== hostLabels.length || hostLabels.some((label) => label === '')) return false;
  return patternLabels.every((label, i) => (i === 0 && label === '*') || label === hostLabels[i]);
}

function checkValidity(details: { notBefore: Date; notAfter: Date }, now: Date, what: string, reasons: string[]): void {
  if (now.getTime() < details.notBefore.getTime()) reasons.push(`${what} not valid before ${isoSeconds(details.notBefore)}`);
  if (now.getTime() > details.notAfter.getTime()) reasons.push(`${what} expired on ${isoSeconds(details.notAfter)}`);
}

export function validateCertificatePair(opts: ValidateCertificateOptions): ValidationResult {
  const reasons: string[] = [];
  const now = opts.now ?? new Date();

  let cert: crypto.X509Certificate;
  try {
    cert = new crypto.X509Certificate(opts.certPem);
  } catch (error) {
    return { valid: false, reasons: [`certificate cannot be parsed: ${message(error)}`] };
  }
  const details = readCertificateDetails(cert);

  checkValidity(details, now, 'certificate', reasons);

  if (opts.commonName !== undefined && details.commonName !== opts.commonName) {
    reasons.push(`common name is ${JSON.stringify(details.commonName ?? '')}, expected ${JSON.stringify(opts.commonName)}`);
  }
  for (const name of opts.dnsNames ?? []) {
    if (!details.dnsNames.some((pattern) => hostnameMatches(pattern, name))) reasons.push(`SAN ${name} missing`);
  }
  for (const text of opts.ipAddresses ?? []) {
    const wanted = parseIpAddress(text);
    if (!wanted) {
      reasons.push(`requested IP SAN ${JSON.stringify(text)} is not an IP address`);
    } else if (!details.ipAddresses.some((present) => ipEqual(present, wanted))) {
      reasons.push(`SAN ${formatIpAddress(wanted)} missing`);
    }
  }

  if (opts.caCertPem !== undefined) {
    try {
      const ca = new crypto.X509Certificate(opts.caCertPem);
      const signed = readCertificateDetails(ca).rawSubject.equals(details.rawIssuer) || cert.checkIssued(ca);
      if (!signed || !cert.verify(ca.publicKey)) reasons.push('not signed by the given CA');
      checkValidity(readCertificateDetails(ca), now, 'CA certificate', reasons);
    } catch (error) {
      reasons.push(`CA certificate cannot be parsed: ${message(error)}`);
    }
  }

  try {
    const key = parsePrivateKeyPem(opts.keyPem);
    if (!keyMatchesPublicKey(key, cert.publicKey)) reasons.push('private key does not match the certificate');
  } catch (error) {
    reasons.push(`private key cannot be parsed: ${message(error)}`);
  }

  return { valid: reasons.length === 0, reasons };
}
