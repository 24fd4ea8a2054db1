/**
 * A small ASN.1 DER encoder and decoder: just what X.509 certificates and private-key
 * containers need (single-byte tags, definite lengths). node:crypto parses certificates but
 * cannot build them, and it hides fields such as the raw subject or the key identifiers.
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

// ---------------------------------------------------------------------------------------------
// Encoding

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One complete element: identifier octet, length, content. */
export function derElement(tag: number, content: Buffer): Buffer {
  if (tag > 0xff) throw new Error(`DER tag ${tag} is not a single-byte tag`);
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export function derSequence(...children: Buffer[]): Buffer {
  return derElement(TAG.SEQUENCE, Buffer.concat(children));
}

/** A SET OF; DER wants the encoded members in ascending byte order. */
export function derSet(...children: Buffer[]): Buffer {
  const sorted = [...children].sort((a, b) => Buffer.compare(a, b));
  return derElement(TAG.SET, Buffer.concat(sorted));
}

/** Two's-complement, minimal-length INTEGER. */
export function derInteger(value: bigint | number): Buffer {
  return derElement(TAG.INTEGER, integerBytes(BigInt(value)));
}

/** Content octets of an INTEGER (two's complement, minimal). */
export function integerBytes(value: bigint): Buffer {
  if (value === 0n) return Buffer.from([0]);
  const bytes: number[] = [];
  let rest = value;
  // Emit bytes until the remaining value is pure sign extension of the last byte's top bit.
  for (;;) {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
    const topBitSet = (bytes[0] & 0x80) !== 0;
    if ((rest === 0n && !topBitSet) || (rest === -1n && topBitSet)) break;
  }
  return Buffer.from(bytes);
}

/** An unsigned big-endian magnitude as an INTEGER (adds the 0x00 that keeps it positive). */
export function derUnsignedInteger(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const content = trimmed.length > 0 && trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return derElement(TAG.INTEGER, content.length === 0 ? Buffer.from([0]) : content);
}

export function derBoolean(value: boolean): Buffer {
  return derElement(TAG.BOOLEAN, Buffer.from([value ? 0xff : 0x00]));
}

export function derNull(): Buffer {
  return derElement(TAG.NULL, Buffer.alloc(0));
}

export function derOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => {
    if (!/^\d+$/.test(arc)) throw new Error(`invalid OID ${dotted}`);
    return BigInt(arc);
  });
  if (arcs.length < 2 || arcs[0] > 2n || (arcs[0] < 2n && arcs[1] > 39n)) throw new Error(`invalid OID ${dotted}`);
  const out: number[] = [];
  const pushBase128 = (arc: bigint): void => {
    const groups: number[] = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) groups.unshift(Number(rest & 0x7fn) | 0x80);
    out.push(...groups);
  };
  pushBase128(arcs[0] * 40n + arcs[1]);
  for (const arc of arcs.slice(2)) pushBase128(arc);
  return derElement(TAG.OID, Buffer.from(out));
}

export function derOctetString(content: Buffer): Buffer {
  return derElement(TAG.OCTET_STRING, content);
}

/** A BIT STRING holding whole bytes (keys, signatures). */
export function derBitString(bytes: Buffer, unusedBits = 0): Buffer {
  return derElement(TAG.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

/**
 * A BIT STRING of named bits (bit 0 = most significant bit of the first byte), with trailing
 * zero bits removed as DER requires for named-bit lists such as keyUsage.
 */
export function derNamedBits(bitNumbers: readonly number[]): Buffer {
  if (bitNumbers.length === 0) return derBitString(Buffer.alloc(0));
  const highest = Math.max(...bitNumbers);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bitNumbers) bytes[Math.floor(bit / 8)] |= 0x80 >> bit % 8;
  return derBitString(bytes, 7 - (highest % 8));
}

export function derUtf8String(text: string): Buffer {
  return derElement(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
}

export function derPrintableString(text: string): Buffer {
  return derElement(TAG.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
}

export function derIa5String(text: string): Buffer {
  if (!/^[\x00-\x7f]*$/.test(text)) throw new Error(`"${text}" cannot be encoded as an IA5String (ASCII only)`);
  return derElement(TAG.IA5_STRING, Buffer.from(text, 'latin1'));
}

/** Characters of ASN.1 PrintableString (strictly; no `*` or `&`). */
export function isPrintableString(text: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text);
}

/** PrintableString when the text allows it, otherwise UTF8String (Go's default for names). */
export function derDirectoryString(text: string): Buffer {
  return isPrintableString(text) ? derPrintableString(text) : derUtf8String(text);
}

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

/** RFC 5280 validity time: UTCTime for 1950–2049, GeneralizedTime otherwise (whole seconds, Z). */
export function derTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const rest =
    twoDigits(date.getUTCMonth() + 1) +
    twoDigits(date.getUTCDate()) +
    twoDigits(date.getUTCHours()) +
    twoDigits(date.getUTCMinutes()) +
    twoDigits(date.getUTCSeconds()) +
    'Z';
  if (year >= 1950 && year < 2050) {
    return derElement(TAG.UTC_TIME, Buffer.from(twoDigits(year % 100) + rest, 'latin1'));
  }
  if (year < 0 || year > 9999) throw new Error(`year ${year} cannot be encoded in a certificate`);
  return derElement(TAG.GENERALIZED_TIME, Buffer.from(String(year).padStart(4, '0') + rest, 'latin1'));
}

/** `[n] EXPLICIT`: a constructed context-specific element wrapping one encoded element. */
export function derExplicit(tagNumber: number, inner: Buffer): Buffer {
  return derElement(0xa0 | tagNumber, inner);
}

/** `[n] IMPLICIT` primitive: the content octets under a context-specific tag. */
export function derImplicit(tagNumber: number, content: Buffer): Buffer {
  return derElement(0x80 | tagNumber, content);
}

// ---------------------------------------------------------------------------------------------
// Decoding

export type TagClass = 'universal' | 'application' | 'context' | 'private';

export interface DerNode {
  /** The identifier octet as it appears on the wire (e.g. 0x30 for SEQUENCE, 0xa3 for [3]). */
  readonly tag: number;
  readonly tagClass: TagClass;
  readonly tagNumber: number;
  readonly constructed: boolean;
  readonly content: Buffer;
  /** The whole element including identifier and length octets. */
  readonly raw: Buffer;
}

const CLASSES: readonly TagClass[] = ['universal', 'application', 'context', 'private'];

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

/** Decodes the element starting at `offset`; returns it and the offset just past it. */
export function decodeDerAt(buffer: Buffer, offset: number): { node: DerNode; next: number } {
  if (offset + 2 > buffer.length) throw new DerError('truncated DER element');
  const tag = buffer[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte DER tags are not supported');
  let position = offset + 1;
  const first = buffer[position++];
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const count = first & 0x7f;
    if (count === 0) throw new DerError('indefinite length is not DER');
    if (count > 4) throw new DerError('DER length too large');
    if (position + count > buffer.length) throw new DerError('truncated DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buffer[position++];
  }
  const end = position + length;
  if (end > buffer.length) throw new DerError('DER element runs past the end of its data');
  return {
    node: {
      tag,
      tagClass: CLASSES[tag >> 6],
      tagNumber: tag & 0x1f,
      constructed: (tag & 0x20) !== 0,
      content: buffer.subarray(position, end),
      raw: buffer.subarray(offset, end),
    },
    next: end,
  };
}

/** Decodes exactly one element that must fill the whole buffer. */
export function decodeDer(buffer: Buffer): DerNode {
  const { node, next } = decodeDerAt(buffer, 0);
  if (next !== buffer.length) throw new DerError('trailing data after DER element');
  return node;
}

/** The elements inside a constructed node. */
export function derChildren(node: DerNode): DerNode[] {
  if (!node.constructed) throw new DerError(`DER element with tag 0x${node.tag.toString(16)} is not constructed`);
  const children: DerNode[] = [];
  for (let offset = 0; offset < node.content.length; ) {
    const { node: child, next } = decodeDerAt(node.content, offset);
    children.push(child);
    offset = next;
  }
  return children;
}

export function expectTag(node: DerNode, tag: number, what: string): DerNode {
  if (node.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}, got 0x${node.tag.toString(16)}`);
  return node;
}

export function readInteger(node: DerNode): bigint {
  expectTag(node, TAG.INTEGER, 'INTEGER');
  if (node.content.length === 0) throw new DerError('empty INTEGER');
  let value = BigInt('0x' + node.content.toString('hex'));
  if (node.content[0] & 0x80) value -= 1n << BigInt(node.content.length * 8);
  return value;
}

export function readOid(node: DerNode): string {
  expectTag(node, TAG.OID, 'OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let current = 0n;
  for (const byte of node.content) {
    current = (current << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(current);
      current = 0n;
    }
  }
  if (arcs.length === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

export function readBoolean(node: DerNode): boolean {
  expectTag(node, TAG.BOOLEAN, 'BOOLEAN');
  return node.content.length === 1 && node.content[0] !== 0;
}

/** The bytes of a BIT STRING (the unused-bits count is returned separately). */
export function readBitString(node: DerNode): { bytes: Buffer; unusedBits: number } {
  expectTag(node, TAG.BIT_STRING, 'BIT STRING');
  if (node.content.length === 0) throw new DerError('empty BIT STRING');
  return { bytes: node.content.subarray(1), unusedBits: node.content[0] };
}

/** Numbers of the bits set in a named-bit BIT STRING (bit 0 = MSB of the first byte). */
export function readNamedBits(node: DerNode): number[] {
  const { bytes, unusedBits } = readBitString(node);
  const total = bytes.length * 8 - unusedBits;
  const bits: number[] = [];
  for (let bit = 0; bit < total; bit++) if (bytes[Math.floor(bit / 8)] & (0x80 >> bit % 8)) bits.push(bit);
  return bits;
}

/** Text of any ASN.1 string type used in names. */
export function readString(node: DerNode): string {
  switch (node.tag) {
    case TAG.UTF8_STRING:
      return node.content.toString('utf8');
    case 0x1e: // BMPString
      if (node.content.length % 2 !== 0) throw new DerError('BMPString of odd length');
      return Buffer.from(node.content).swap16().toString('utf16le');
    default:
      return node.content.toString('latin1');
  }
}

/** UTCTime or GeneralizedTime (the forms certificates use: seconds and `Z`). */
export function readTime(node: DerNode): Date {
  const text = node.content.toString('latin1');
  const match =
    node.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match || (node.tag !== TAG.UTC_TIME && node.tag !== TAG.GENERALIZED_TIME)) {
    throw new DerError(`unsupported time value "${text}"`);
  }
  let year = Number(match[1]);
  if (node.tag === TAG.UTC_TIME) year += year >= 50 ? 1900 : 2000;
  const [month, day, hour, minute, second] = match.slice(2).map(Number);
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}
