/**
 * Go values to JSON and back for checkpoints (docs/cli.md#what-a-resume-restores): ints keep
 * their Go kind, floats stay floats, typed maps and slices keep their type name. Plain values are
 * written as they are; anything else becomes a one-key object whose key starts with `$` (a map
 * with such a key of its own is wrapped, so nothing is ambiguous). Values with methods of their
 * own (time.Time, semver) come back as the text they print; a check run's unknown values come back
 * unknown, with their reason.
 */
import { GO_TYPE, GoFloat, GoInt, isGoMethod, isGoObject, isMap, withGoType, type GoMap, type GoValue, type IntKind } from '../core/values';
import { setOwn } from '../core/merge';
import { Unknown } from '../core/unknown';

export type Encoded = null | boolean | string | number | Encoded[] | { [key: string]: Encoded };

function encodeNumber(n: number): Encoded {
  return Number.isFinite(n) && !Object.is(n, -0) ? n : { $n: String(n) };
}

export function encodeValue(value: GoValue): Encoded {
  if (value === null) return null;
  switch (typeof value) {
    case 'undefined':
      return { $u: 1 };
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return encodeNumber(value);
    default:
      break;
  }
  if (value instanceof GoFloat) return { $f: encodeNumber(value.value) };
  if (value instanceof GoInt) return { $i: [value.kind, value.value.toString()] };
  if (Array.isArray(value)) {
    const list = (value).map(encodeValue);
    const type = (value)[GO_TYPE];
    return type === undefined ? list : { $l: [type, list] };
  }
  if (isMap(value)) {
    const out: { [key: string]: Encoded } = {};
    let dollar = false;
    for (const key of Object.keys(value)) {
      if (key.startsWith('$')) dollar = true;
      Object.defineProperty(out, key, { value: encodeValue(value[key]), enumerable: true, writable: true, configurable: true });
    }
    const type = value[GO_TYPE];
    return type === undefined && !dollar ? out : { $m: [type ?? null, out] };
  }
  // A check run's unknown stays unknown when that run is resumed (docs/cli.md#resume).
  if (value instanceof Unknown) return { $x: value.reason };
  if (isGoObject(value)) return value.goString();
  if (isGoMethod(value)) return { $u: 1 };
  return null;
}

function decodeNumber(e: Encoded): number {
  if (typeof e === 'number') return e;
  return Number((e as { $n: string }).$n);
}

export function decodeValue(e: Encoded): GoValue {
  if (e === null || typeof e === 'boolean' || typeof e === 'string' || typeof e === 'number') return e;
  if (Array.isArray(e)) return e.map(decodeValue);
  const keys = Object.keys(e);
  if (keys.length === 1) {
    const [key] = keys;
    const v = e[key];
    switch (key) {
      case '$u':
        return undefined;
      case '$x':
        return new Unknown(v as string);
      case '$n':
        return decodeNumber(e);
      case '$f':
        return new GoFloat(decodeNumber(v));
      case '$i': {
        const [kind, digits] = v as [IntKind, string];
        return new GoInt(kind, BigInt(digits));
      }
      case '$l': {
        const [type, list] = v as [string, Encoded[]];
        return withGoType(list.map(decodeValue), type);
      }
      case '$m': {
        const [type, map] = v as [string | null, { [key: string]: Encoded }];
        const out = decodeMap(map);
        return type === null ? out : withGoType(out, type);
      }
      default:
        break;
    }
  }
  return decodeMap(e);
}

function decodeMap(e: { [key: string]: Encoded }): GoMap {
  const out: GoMap = {};
  for (const key of Object.keys(e)) setOwn(out, key, decodeValue(e[key]));
  return out;
}
