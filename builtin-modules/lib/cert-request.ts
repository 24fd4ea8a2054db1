/** Reading gen_cert's SAN list into IP and DNS entries the way KubeKey sorts them. */
import { formatIpAddress, parseIpAddress } from '../../engine/modules/module-api';

export interface SortedSans {
  readonly dnsNames: string[];
  readonly ipAddresses: string[];
  /** Entries that are neither an IP nor a valid DNS name (KubeKey drops them silently). */
  readonly rejected: string[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Kubernetes' IsDNS1123Subdomain, or a wildcard `*.` followed by one. */
export function isDnsName(name: string): boolean {
  const body = name.startsWith('*.') ? name.slice(2) : name;
  if (body.length === 0 || body.length > 253) return false;
  return body.split('.').every((label) => label.length <= 63 && DNS_LABEL.test(label));
}

/** Sorts entries into DNS names and IPs, adding the defaults first, without duplicates. */
export function sortSans(entries: readonly string[], defaults: { dns: readonly string[]; ips: readonly string[] }): SortedSans {
  const dnsNames = [...defaults.dns];
  const ipAddresses = [...defaults.ips];
  const rejected: string[] = [];
  const seenIps = new Set(defaults.ips.map((ip) => formatIpAddress(parseIpAddress(ip) ?? Buffer.alloc(0))));
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const ip = parseIpAddress(entry);
    if (ip !== undefined) {
      const text = formatIpAddress(ip);
      if (!seenIps.has(text)) {
        seenIps.add(text);
        ipAddresses.push(entry);
      }
    } else if (isDnsName(entry)) {
      if (!dnsNames.includes(entry)) dnsNames.push(entry);
    } else {
      rejected.push(entry);
    }
  }
  return { dnsNames, ipAddresses, rejected };
}
