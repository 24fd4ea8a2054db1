/**
 * Go's slice capacity, for the functions that can see it: Sprig's slice/mustSlice may end past a
 * list's length up to its capacity, and that capacity is what append left behind — push/append
 * double a list, concat/uniq/compact/without/until grow one element at a time. Lists not made by
 * those functions have exactly their length as capacity.
 */
import type { GoList } from '../../core/values';

/** Capacity of the Go backing array, for lists made by append-style functions. */
const capacities = new WeakMap<GoList, number>();

export const capOf = (list: GoList): number => capacities.get(list) ?? list.length;

export function withCap(list: GoList, cap: number): GoList {
  if (cap > list.length) capacities.set(list, cap);
  return list;
}

/** Go's malloc size classes up to 32 KiB, which growslice rounds a new backing array up to. */
const SIZE_CLASSES = [
  8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704,
  768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472,
  9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768,
];

/** Size of an interface{} element; an int is 8. */
export const INTERFACE_SIZE = 16;
export const INT_SIZE = 8;

/** Go 1.19's growslice: the capacity append gives a slice of capacity `oldCap` that must hold `needed`. */
export function grownCap(oldCap: number, needed: number, elemSize = INTERFACE_SIZE): number {
  let newCap = oldCap;
  if (needed > 2 * oldCap) newCap = needed;
  else if (oldCap < 256) newCap = 2 * oldCap;
  else while (newCap < needed) newCap += Math.floor((newCap + 3 * 256) / 4);
  const bytes = newCap * elemSize;
  const rounded = bytes <= 32768 ? (SIZE_CLASSES.find((c) => c >= bytes) as number) : Math.ceil(bytes / 8192) * 8192;
  return Math.floor(rounded / elemSize);
}

/** Capacity after appending `n` elements one by one to an empty slice. */
export function capAfterAppends(n: number, elemSize = INTERFACE_SIZE): number {
  let cap = 0;
  for (let len = 1; len <= n; len++) if (len > cap) cap = grownCap(cap, len, elemSize);
  return cap;
}
