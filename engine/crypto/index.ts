/** X.509 certificates and private keys built on node:crypto (no openssl processes). */
export { generatePrivateKey, privateKeyToPem, privateKeyToGoPem, parsePrivateKeyPem, keyMatchesPublicKey } from './keys';
export type { KeyType, PrivateKeyFormat } from './keys';
export { createCertificate, keyIdentifier } from './x509';
export type { CertificateRequest, CertificateIssuer, CreatedCertificate, KeyUsage, ExtKeyUsage } from './x509';
export { validateCertificatePair, hostnameMatches } from './validate';
export type { ValidateCertificateOptions, ValidationResult } from './validate';
export { readCertificateDetails } from './cert-info';
export type { CertificateDetails } from './cert-info';
export { parseDuration, parseDurationNanos } from './lifetime';
export { parseIpAddress, formatIpAddress } from './ip';
export { encodePem, decodePemBlocks, decodeFirstPem } from './pem';
