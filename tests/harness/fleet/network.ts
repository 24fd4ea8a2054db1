/**
 * The fleet's private network: one Linux bridge per fleet with a /24 out of 10.213.0.0/16 that
 * the harness owns. The controller side gets .1; hosts get .11, .12, …. Hosts have no default
 * route, the bridge does not forward (IPv4 forwarding off on it, IPv6 off) and nothing is NATed,
 * so a host can reach the controller's bridge address and the other hosts, nothing else.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';

export const FLEET_NET_PREFIX = '10.213';

export function bridgeName(slot: number): string {
  return `kplay-fleet${slot}`;
}

export function gatewayAddress(slot: number): string {
  return `${FLEET_NET_PREFIX}.${slot}.1`;
}

export function hostAddress(slot: number, index: number): string {
  return `${FLEET_NET_PREFIX}.${slot}.${index + 11}`;
}

/** /24 slots already in use by an address or route on this machine (never ours to take). */
export function usedSlots(): Set<number> {
  const used = new Set<number>();
  const text = execFileSync('ip', ['-4', 'route', 'show', 'table', 'all'], { encoding: 'utf8' }) +
    execFileSync('ip', ['-4', '-o', 'addr', 'show'], { encoding: 'utf8' });
  const pattern = new RegExp(`\\b${FLEET_NET_PREFIX.replace('.', '\\.')}\\.(\\d+)\\.`, 'g');
  for (const match of text.matchAll(pattern)) used.add(Number(match[1]));
  // 10.213.0.0/16 or wider routes would overlap every slot.
  if (/\b10\.0\.0\.0\/8\b|\b10\.213\.0\.0\/16\b/.test(text)) for (let slot = 1; slot < 255; slot++) used.add(slot);
  return used;
}

function sysctl(path: string, value: string): void {
  if (existsSync(path)) writeFileSync(path, value);
}

export function createBridge(slot: number): void {
  const bridge = bridgeName(slot);
  execFileSync('ip', ['link', 'add', bridge, 'type', 'bridge'], { stdio: 'pipe' });
  sysctl(`/proc/sys/net/ipv6/conf/${bridge}/disable_ipv6`, '1');
  sysctl(`/proc/sys/net/ipv4/conf/${bridge}/forwarding`, '0');
  execFileSync('ip', ['addr', 'add', `${gatewayAddress(slot)}/24`, 'dev', bridge], { stdio: 'pipe' });
  execFileSync('ip', ['link', 'set', bridge, 'up'], { stdio: 'pipe' });
}

export function linkExists(name: string): boolean {
  try {
    execFileSync('ip', ['link', 'show', 'dev', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function deleteLink(name: string): void {
  if (linkExists(name)) execFileSync('ip', ['link', 'delete', name], { stdio: 'pipe' });
}

/** The controller-side end of a host's veth (`vb-` + the machine name, as nspawn names it). */
export function hostVeth(machine: string): string {
  return `vb-${machine}`.slice(0, 15);
}

/** The systemd-networkd file that gives a host its static address and nothing else. */
export function networkdFile(address: string): string {
  return ['[Match]', 'Name=host0', '', '[Network]', `Address=${address}/24`, 'LinkLocalAddressing=no', 'IPv6AcceptRA=no', ''].join('\n');
}
