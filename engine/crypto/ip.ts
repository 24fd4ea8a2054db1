/**
 * IP addresses as X.509 stores them: what crypto/x509 writes for a SAN, `ip.To4()` when it is an
 * IPv4(-mapped) address and the 16-byte form otherwise. Parsing and printing are Go's net package
 * (engine/go/net.ts).
 */
import { ipString, parseIP, to4 } from '../go/net';

/** The SAN bytes of `text`, or undefined when net.ParseIP rejects it. */
export function parseIpAddress(text: string): Buffer | undefined {
  const ip = parseIP(text);
  return ip === undefined ? undefined : Buffer.from(to4(ip) ?? ip);
}

/** IP.String() of SAN bytes. */
export function formatIpAddress(bytes: Buffer): string {
  return ipString(bytes);
}
