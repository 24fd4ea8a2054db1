/**
 * KubeKey's deep-merge rule (`docs/inventory.md#where-they-come-from-lowest-precedence-first`) and the copying helpers the variable store needs to
 * share data between hosts safely.
 */

import { GO_TYPE, isMap, type GoList, type GoMap, type GoValue } from './values';

/**
 * Sets an own property even for keys like `__proto__`, which plain assignment would turn into a
 * prototype change (JSON and YAML data may contain any key).
 */
export function setOwn(map: GoMap, key: string, value: GoValue): void {
  if (key === '__proto__') {
    Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    map[key] = value;
  }
}

/**
 * `combine(low, high)`: keys of both; where both values are maps they merge recursively,
 * otherwise `high` wins (also when it is null or a list). Never mutates its inputs: only maps on
 * merged paths are new, every other value is shared with the inputs, so callers that keep the
 * result must treat it as immutable (the store freezes it).
 */
export function combineVariables(low: GoMap, high: GoMap): GoMap {
  const merged: GoMap = {};
  for (const key of Object.keys(low)) setOwn(merged, key, low[key]);
  for (const key of Object.keys(high)) {
    const highValue = high[key];
    const lowValue = Object.prototype.hasOwnProperty.call(merged, key) ? merged[key] : undefined;
    setOwn(merged, key, isMap(lowValue) && isMap(highValue) ? combineVariables(lowValue, highValue) : highValue);
  }
  return merged;
}

/**
 * Combines any number of layers, lowest precedence first, with the same result as folding
 * {@link combineVariables} over them, but building each merged map once. A map that only one
 * layer contributes is shared, not copied; nested maps built by merging are frozen; the
 * top-level result is a new, unfrozen map.
 */
export function combineLayers(layers: readonly GoMap[]): GoMap {
  // Cloning the largest layer with a spread is much faster than adding its keys one by one;
  // only keys that other layers also have need the precedence walk.
  let largest = -1;
  for (let i = 0; i < layers.length; i++) {
    if (largest < 0 || Object.keys(layers[i]).length > Object.keys(layers[largest]).length) largest = i;
  }
  const merged: GoMap = largest < 0 ? {} : { ...(layers[largest]) };
  layers.forEach((layer, i) => {
    if (i === largest) return;
    for (const key of Object.keys(layer)) setOwn(merged, key, winningValue(layers, key));
  });
  return merged;
}

/** The merged value of `key`: the highest layer's value, merged with lower maps while all are maps. */
function winningValue(layers: readonly GoMap[], key: string): GoValue {
  const maps: GoMap[] = [];
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (!Object.prototype.hasOwnProperty.call(layer, key)) continue;
    const value = layer[key];
    if (!isMap(value)) {
      if (maps.length === 0) return value;
      break;
    }
    maps.push(value);
  }
  return maps.length === 1 ? maps[0] : Object.freeze(combineLayers(maps.reverse()));
}

/**
 * A copy of every map and list reachable from `value` (scalars, GoFloat/GoInt and Go objects are
 * immutable and shared). Go type tags of typed maps and lists are kept.
 */
export function deepCopy<T extends GoValue>(value: T): T {
  if (Array.isArray(value)) {
    const source: GoList = value;
    const copy: GoList = source.map((element) => deepCopy(element));
    copyTypeTag(source, copy);
    return copy as T;
  }
  if (isMap(value)) {
    const copy: GoMap = {};
    for (const key of Object.keys(value)) setOwn(copy, key, deepCopy(value[key]));
    copyTypeTag(value, copy);
    return copy as T;
  }
  return value;
}

/**
 * Freezes maps and lists reachable from `value`; stops at anything already frozen, so freezing a
 * structure that shares frozen subtrees costs only its new nodes. Go objects are left alone: they
 * may cache lazily.
 */
export function deepFreeze<T extends GoValue>(value: T): T {
  if ((Array.isArray(value) || isMap(value)) && !Object.isFrozen(value)) {
    Object.freeze(value);
    const children = Array.isArray(value) ? value : Object.keys(value).map((k) => value[k]);
    for (const child of children) deepFreeze(child);
  }
  return value;
}

function copyTypeTag(from: GoMap | GoList, to: GoMap | GoList): void {
  const typeName = from[GO_TYPE];
  if (typeName !== undefined) {
    Object.defineProperty(to, GO_TYPE, { value: typeName, enumerable: false, configurable: true, writable: true });
  }
}
