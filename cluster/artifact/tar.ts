/**
 * A minimal POSIX (ustar + pax) tar writer and reader for regular files and directories —
 * enough for offline bundles, readable by GNU tar. Long names use a pax `path` record.
 */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';

const BLOCK = 512;

export interface TarFileEntry {
  /** Path inside the archive, `/`-separated, relative. */
  readonly name: string;
  readonly size: number;
  readonly mode: number;
  readonly mtime: Date;
  /** Produces the content; called once while writing. */
  readonly open: () => Readable;
}

function octalField(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function header(name: string, size: number, mode: number, mtime: Date, type: '0' | 'x' | '5'): Buffer {
  const block = Buffer.alloc(BLOCK, 0);
  block.write(name, 0, 100, 'utf8');
  block.write(octalField(mode & 0o7777, 8), 100, 'ascii');
  block.write(octalField(0, 8), 108, 'ascii');
  block.write(octalField(0, 8), 116, 'ascii');
  block.write(octalField(size, 12), 124, 'ascii');
  block.write(octalField(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write(type, 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return block;
}

/** A pax record `"<len> path=<name>\n"`, where <len> counts the whole record including itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyBytes = Buffer.byteLength(body);
  let digits = String(bodyBytes).length;
  while (String(bodyBytes + digits).length !== digits) digits++;
  return Buffer.from(`${bodyBytes + digits}${body}`, 'utf8');
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest, 0);
}

async function write(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

/** Writes entries as a tar stream into `out` (not ended, so it can be a gzip stream). */
export async function writeTar(out: Writable, entries: Iterable<TarFileEntry>): Promise<void> {
  for (const entry of entries) {
    const nameBytes = Buffer.byteLength(entry.name);
    if (nameBytes > 99) {
      const pax = paxRecord('path', entry.name);
      await write(out, header('PaxHeader', pax.length, 0o644, entry.mtime, 'x'));
      await write(out, Buffer.concat([pax, padding(pax.length)]));
    }
    const shortName = nameBytes > 99 ? entry.name.slice(-99) : entry.name;
    await write(out, header(shortName, entry.size, entry.mode, entry.mtime, '0'));
    let written = 0;
    for await (const chunk of entry.open()) {
      const buf = chunk as Buffer;
      written += buf.length;
      await write(out, buf);
    }
    if (written !== entry.size) throw new Error(`tar: ${entry.name} changed while it was archived (${entry.size} → ${written} bytes)`);
    await write(out, padding(entry.size));
  }
  await write(out, Buffer.alloc(BLOCK * 2, 0));
}

export interface ExtractedFile {
  readonly name: string;
  readonly size: number;
}

function parseOctal(block: Buffer, offset: number, length: number): number {
  const text = block.subarray(offset, offset + length).toString('ascii').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function cString(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function parsePax(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space === -1) break;
    const length = Number(data.subarray(pos, space).toString('ascii'));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, pos + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    pos += length;
  }
  return records;
}

/** Refuses absolute paths and `..` so an archive cannot write outside `destDir`. */
function safeTarget(destDir: string, name: string): string {
  const clean = normalize(name);
  if (clean.startsWith('/') || clean === '..' || clean.startsWith(`..${sep}`)) throw new Error(`tar: refusing unsafe path "${name}"`);
  return join(destDir, clean);
}

/**
 * Extracts regular files and directories from a tar stream into `destDir`; other entry types
 * are refused (bundles never contain links or devices).
 */
export async function extractTar(input: Readable, destDir: string): Promise<ExtractedFile[]> {
  const files: ExtractedFile[] = [];
  let buffered = Buffer.alloc(0);
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let ended = false;
  const need = async (n: number): Promise<boolean> => {
    while (buffered.length < n && !ended) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else buffered = Buffer.concat([buffered, next.value]);
    }
    return buffered.length >= n;
  };
  const take = (n: number): Buffer => {
    const out = buffered.subarray(0, n);
    buffered = buffered.subarray(n);
    return out;
  };
  let paxPath: string | undefined;
  for (;;) {
    if (!(await need(BLOCK))) throw new Error('tar: archive ends without its end-of-archive blocks');
    const block = take(BLOCK);
    if (block.every((b) => b === 0)) break;
    const size = parseOctal(block, 124, 12);
    const type = String.fromCharCode(block[156] || 0x30);
    const prefix = cString(block, 345, 155);
    const name = paxPath ?? (prefix !== '' ? `${prefix}/${cString(block, 0, 100)}` : cString(block, 0, 100));
    paxPath = undefined;
    const padded = size + padding(size).length;
    if (type === 'x') {
      if (!(await need(padded))) throw new Error('tar: truncated pax header');
      paxPath = parsePax(take(padded).subarray(0, size)).get('path');
      continue;
    }
    if (type === 'L') {
      // GNU tar's long-name record: the data is the next entry's path
      if (!(await need(padded))) throw new Error('tar: truncated GNU long name');
      paxPath = cString(take(padded), 0, size);
      continue;
    }
    if (type === 'g') {
      if (!(await need(padded))) throw new Error('tar: truncated pax header');
      take(padded);
      continue;
    }
    if (type === '5') {
      await fs.mkdir(safeTarget(destDir, name), { recursive: true });
      continue;
    }
    if (type !== '0') throw new Error(`tar: unsupported entry type "${type}" for ${name}`);
    const target = safeTarget(destDir, name);
    await fs.mkdir(dirname(target), { recursive: true });
    const out = createWriteStream(target, { mode: parseOctal(block, 100, 8) || 0o644 });
    let left = size;
    while (left > 0) {
      if (!(await need(1))) throw new Error(`tar: archive truncated inside ${name}`);
      const chunk = take(Math.min(left, buffered.length));
      left -= chunk.length;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await fs.chmod(target, parseOctal(block, 100, 8) || 0o644);
    if (!(await need(padded - size))) throw new Error(`tar: archive truncated after ${name}`);
    take(padded - size);
    files.push({ name, size });
  }
  return files;
}

export function fileEntry(root: string, name: string, size: number, mode: number, mtime: Date): TarFileEntry {
  return { name, size, mode, mtime, open: () => createReadStream(join(root, name)) };
}
