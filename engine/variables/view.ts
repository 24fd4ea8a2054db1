/**
 * How one host's variable view is assembled (`docs/inventory.md#where-they-come-from-lowest-precedence-first`): layer
 * precedence, the computed defaults of step 7, and the lazy `hostvars` map.
 */

import { networkInterfaces } from 'node:os';
import type { Inventory } from '../inventory/inventory';
import { LOCALHOST } from '../inventory/inventory';
import { isMap, type GoMap } from '../core/values';
import { combineLayers, deepCopy, setOwn } from '../core/merge';

/** The controller's addresses offered to `localhost` as `internal_ipv4` / `internal_ipv6`. */
export interface LocalAddresses {
  readonly ipv4: string;
  readonly ipv6: string;
}

/**
 * The layers of a host that do not change while the playbook runs, lowest first: inventory
 * `spec.vars`, group vars (parents before children, then inventory order), host vars, config,
 * extra vars (`-e`).
 */
export function staticLayers(inventory: Inventory, host: string, config: GoMap, extraVars: GoMap): GoMap[] {
  return [inventory.vars, ...inventory.groupVarsFor(host), inventory.hostVars(host), config, extraVars].filter(
    (layer) => Object.keys(layer).length > 0,
  );
}

/**
 * Steps 1–7 of that list: facts, then runtime, then the static layers, then the computed defaults.
 * The result is a new top-level map (nested values are shared with the layers).
 */
export function assembleHostView(
  host: string,
  facts: GoMap,
  runtime: GoMap,
  staticVars: readonly GoMap[],
  localAddresses: () => LocalAddresses,
): GoMap {
  const view = combineLayers([facts, runtime, ...staticVars]);
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(view, key);
  if (host === LOCALHOST) {
    if (!has('internal_ipv4')) view.internal_ipv4 = localAddresses().ipv4;
    if (!has('internal_ipv6')) view.internal_ipv6 = localAddresses().ipv6;
  }
  // The gathered host name beats a user variable of that name, as in KubeKey.
  const os = view.os;
  if (isMap(os)) view.hostname = os.hostname ?? null;
  if (!has('inventory_hostname')) view.inventory_hostname = host;
  if (!has('hostname')) view.hostname = host;
  return view;
}

/**
 * A view for one evaluation that behaves like a deep copy of `shared` (frozen) with `extras` on
 * top, but copies a top-level entry only when it is first read, so handing out a view costs
 * nothing until a template touches a variable. Writes, deletions and reads of written keys stay
 * within this view.
 */
export function copyOnReadView(shared: GoMap, extras: GoMap): GoMap {
  const own: GoMap = {};
  for (const key of Object.keys(extras)) setOwn(own, key, extras[key]);
  const deleted = new Set<string>();
  const inShared = (key: string): boolean => !deleted.has(key) && Object.prototype.hasOwnProperty.call(shared, key);
  const materialize = (key: string | symbol): void => {
    if (typeof key === 'string' && !Object.prototype.hasOwnProperty.call(own, key) && inShared(key)) {
      setOwn(own, key, deepCopy(shared[key]));
    }
  };
  return new Proxy(own, {
    get(target, key, receiver) {
      materialize(key);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      return Reflect.has(target, key) || (typeof key === 'string' && inShared(key));
    },
    getOwnPropertyDescriptor(target, key) {
      materialize(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      const keys = Reflect.ownKeys(target);
      const present = new Set(keys);
      for (const key of Object.keys(shared)) if (!present.has(key) && !deleted.has(key)) keys.push(key);
      return keys;
    },
    set(target, key, value, receiver) {
      if (typeof key === 'string') deleted.delete(key);
      return Reflect.set(target, key, value, receiver);
    },
    defineProperty(target, key, descriptor) {
      if (typeof key === 'string') deleted.delete(key);
      return Reflect.defineProperty(target, key, descriptor);
    },
    deleteProperty(target, key) {
      if (typeof key === 'string') deleted.add(key);
      return Reflect.deleteProperty(target, key);
    },
  });
}

/**
 * The `hostvars` map: one enumerable getter per host (in host order) that returns that host's
 * view on access, so no view is computed before a template asks for it.
 */
export function createLazyHostvars(hostNames: readonly string[], hostView: (host: string) => GoMap): GoMap {
  const hostvars: GoMap = {};
  for (const host of hostNames) {
    Object.defineProperty(hostvars, host, { enumerable: true, configurable: false, get: () => hostView(host) });
  }
  return Object.freeze(hostvars);
}

/**
 * The controller's first non-loopback, non-link-local IPv4 and IPv6 addresses (`""` when there is
 * none), in the order Node lists the interfaces.
 */
export function detectLocalAddresses(): LocalAddresses {
  let ipv4 = '';
  let ipv6 = '';
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.internal) continue;
      if (address.family === 'IPv4' && ipv4 === '' && !address.address.startsWith('169.254.')) ipv4 = address.address;
      if (address.family === 'IPv6' && ipv6 === '' && !/^fe[89ab]/i.test(address.address)) ipv6 = address.address;
    }
  }
  return { ipv4, ipv6 };
}
