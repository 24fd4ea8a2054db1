/** IP addresses as certificates store them (4 or 16 bytes), parsed as strictly as Go's net.ParseIP. */
import ipaddr from 'ipaddr.js';

/**
 * The address bytes, or undefined when `text` is not an IP literal. IPv4 must be four plain
 * decimal octets (no leading zeros, hex or short forms); IPv6 zones (`%eth0`) are rejected; an
 * IPv4-mapped IPv6 address becomes its 4-byte IPv4 form, as Go stores it in certificates.
 */
export function parseIpAddress(text: string): Buffer | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    if (text.split('.').some((octet) => octet.length > 1 && octet.startsWith('0'))) return undefined;
    return Buffer.from(ipaddr.IPv4.parse(text).toByteArray());
  }
  if (text.includes('%') || !text.includes(':') || !ipaddr.IPv6.isValid(text)) return undefined;
  const address = ipaddr.IPv6.parse(text);
  if (address.isIPv4MappedAddress()) return Buffer.from(address.toIPv4Address().toByteArray());
  return Buffer.from(address.toByteArray());
}

/** Go's net.IP.Equal: a 4-byte IPv4 address equals its IPv4-mapped 16-byte form. */
export function ipBytesEqual(a: Buffer, b: Buffer): boolean {
  return normalise(a).equals(normalise(b));
}

function normalise(bytes: Buffer): Buffer {
  if (bytes.length === 4) return Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]), bytes]);
  return bytes;
}

/** Text form of 4- or 16-byte address bytes (IPv6 compressed, IPv4-mapped shown as IPv4). */
export function formatIpAddress(bytes: Buffer): string {
  if (bytes.length === 4) return ipaddr.fromByteArray([...bytes]).toString();
  if (bytes.length === 16) {
    const address = ipaddr.fromByteArray([...bytes]) as ipaddr.IPv6;
    return address.isIPv4MappedAddress() ? address.toIPv4Address().toString() : address.toString();
  }
  return `?${bytes.toString('hex')}`;
}
