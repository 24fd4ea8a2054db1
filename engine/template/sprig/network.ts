/**
 * getHostByName. Template functions are synchronous (as in Go) but Node's resolver is not, so
 * the lookup runs `getent ahosts NAME` in a child process: it goes through the system's NSS
 * configuration (/etc/hosts, DNS) like Go's cgo resolver does.
 */
import { execFileSync } from 'node:child_process';
import { FunctionError, fn, type FunctionMap } from '../function-types';

/** All addresses `getent ahosts` reports for the name (IPv6 first when the resolver says so). */
export function lookupHost(name: string): string[] {
  if (name === '' || name.startsWith('-')) return [];
  let output: string;
  try {
    output = execFileSync('getent', ['ahosts', name], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return []; // getent exits 2 for an unknown name
  }
  const addresses: string[] = [];
  for (const line of output.split('\n')) {
    const address = line.trim().split(/\s+/)[0];
    if (address && !addresses.includes(address)) addresses.push(address);
  }
  return addresses;
}

/** Sprig picks one of the addresses at random and panics (index out of range) when there is none. */
function getHostByName(name: string): string {
  const addresses = lookupHost(name);
  if (addresses.length === 0) throw new FunctionError('invalid argument to Intn');
  return addresses[Math.floor(Math.random() * addresses.length)];
}

export const networkFunctions: FunctionMap = {
  getHostByName: fn(['string'], (name) => getHostByName(name as string)),
};
