/**
 * OpenSSH known_hosts handling: plain, wildcard and hashed (`|1|salt|hash`) host patterns,
 * `[host]:port` names for non-standard ports, `@revoked` markers. One writable file (kplay's own)
 * where new keys are recorded atomically, plus read-only files such as ~/.ssh/known_hosts.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';

export interface KnownHostsFiles {
  /** Where accept-new records keys; created on first write. */
  readonly writableFile: string;
  /** Consulted, never modified. */
  readonly readOnlyFiles: readonly string[];
  /**
   * false for a dry run: nothing on the controller may change, so accepted keys are only
   * remembered for the rest of the run (and listed by `keptInMemory`).
   */
  readonly persist?: boolean;
}

export type HostKeyVerdict =
  | { readonly status: 'match' }
  | { readonly status: 'unknown' }
  | {
      readonly status: 'changed';
      readonly file: string;
      readonly line: number;
      readonly knownFingerprint: string;
      readonly revoked?: boolean;
      /** Set when the host offered a key of another type than every recorded one. */
      readonly knownKeyType?: string;
    };

interface Entry {
  readonly file: string;
  readonly line: number;
  readonly marker?: string;
  readonly patterns: readonly string[];
  readonly keyType: string;
  readonly keyBase64: string;
}

/** `host` for port 22, `[host]:port` otherwise, as OpenSSH writes them. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** `SHA256:<unpadded base64>`, the form ssh prints. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm name that opens an SSH wire-format public key blob. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

function parseLine(text: string, file: string, line: number): Entry | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const fields = trimmed.split(/\s+/);
  let marker: string | undefined;
  if (fields[0].startsWith('@')) marker = fields.shift();
  if (fields.length < 3) return undefined;
  return { file, line, marker, patterns: fields[0].split(','), keyType: fields[1], keyBase64: fields[2] };
}

/** Compiled wildcard patterns: every host of a run is matched against the same few. */
const wildcardCache = new Map<string, RegExp>();

function wildcardToRegExp(pattern: string): RegExp {
  let compiled = wildcardCache.get(pattern);
  if (compiled === undefined) {
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    compiled = new RegExp(`^${escaped}$`, 'i');
    wildcardCache.set(pattern, compiled);
  }
  return compiled;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  return wildcardToRegExp(pattern).test(name);
}

/** A negated pattern that matches excludes the entry even when another pattern matches. */
function entryMatches(entry: Entry, name: string): boolean {
  let matched = false;
  for (const pattern of entry.patterns) {
    if (pattern.startsWith('!')) {
      if (patternMatches(pattern.slice(1), name)) return false;
    } else if (patternMatches(pattern, name)) matched = true;
  }
  return matched;
}

async function readEntries(file: string): Promise<Entry[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line, index) => parseLine(line, file, index + 1))
    .filter((entry): entry is Entry => entry !== undefined);
}

/** A plain host name pattern (no wildcard, negation or hash): it matches by (case-blind) equality. */
const isPlainPattern = (pattern: string): boolean => !/[*?!]/.test(pattern) && !pattern.startsWith('|');

/**
 * One known_hosts file parsed once and indexed by plain host name, so a run over many hosts does
 * not re-read and re-match the whole file for every host (quadratic in the number of hosts).
 * Entries with any other pattern are kept in `scanned` and matched one by one, as before.
 */
interface ParsedFile {
  /** inode, size and mtime: a rewrite (rename) or an edit in place changes it. */
  readonly stamp: string;
  readonly byName: ReadonlyMap<string, readonly Entry[]>;
  readonly scanned: readonly Entry[];
}

async function parseFile(file: string, stamp: string): Promise<ParsedFile> {
  const byName = new Map<string, Entry[]>();
  const scanned: Entry[] = [];
  for (const entry of await readEntries(file)) {
    if (!entry.patterns.every(isPlainPattern)) {
      scanned.push(entry);
      continue;
    }
    for (const name of new Set(entry.patterns.map((pattern) => pattern.toLowerCase()))) {
      const list = byName.get(name);
      if (list === undefined) byName.set(name, [entry]);
      else list.push(entry);
    }
  }
  return { stamp, byName, scanned };
}

async function fileStamp(file: string): Promise<string> {
  try {
    const info = await fs.stat(file, { bigint: true });
    return `${info.ino}:${info.size}:${info.mtimeNs}`;
  } catch {
    return 'missing';
  }
}

/** Serialises appends per file inside this process so concurrent hosts don't lose each other's lines. */
const fileLocks = new Map<string, Promise<void>>();

/**
 * Lines recorded while the file's previous rewrite runs, written together by the next one: a first
 * run against many new hosts rewrites the file a few times instead of once per host (each rewrite
 * copies the whole file, so one per host is quadratic).
 */
const pendingLines = new Map<string, { readonly lines: string[]; readonly written: Promise<void> }>();

export class KnownHosts {
  private readonly memory: Entry[] = [];
  private readonly parsed = new Map<string, { readonly stamp: string; readonly file: Promise<ParsedFile> }>();

  constructor(private readonly files: KnownHostsFiles) {}

  /** Keys accepted during a run that does not persist them, as known_hosts lines. */
  get keptInMemory(): string[] {
    return this.memory.map((entry) => `${entry.patterns.join(',')} ${entry.keyType} ${entry.keyBase64}`);
  }

  get writableFile(): string {
    return this.files.writableFile;
  }

  /** The file's parsed form, re-read only when it changed since the last look. */
  private async parsedFile(file: string): Promise<ParsedFile> {
    const stamp = await fileStamp(file);
    const cached = this.parsed.get(file);
    if (cached !== undefined && cached.stamp === stamp) return cached.file;
    const parsing = parseFile(file, stamp);
    this.parsed.set(file, { stamp, file: parsing });
    return parsing;
  }

  /** Entries for `host:port` in file order (files in order, then the ones kept in memory). */
  private async entriesFor(host: string, port: number): Promise<Entry[]> {
    const name = knownHostsName(host, port);
    const files = await Promise.all([this.files.writableFile, ...this.files.readOnlyFiles].map((file) => this.parsedFile(file)));
    const matching = files.flatMap((file) =>
      [...(file.byName.get(name.toLowerCase()) ?? []), ...file.scanned.filter((entry) => entryMatches(entry, name))].sort((a, b) => a.line - b.line),
    );
    return [...matching, ...this.memory.filter((entry) => entryMatches(entry, name))].filter((entry) => entry.marker !== '@cert-authority');
  }

  /** Key types already trusted for this host, so the handshake can prefer them. */
  async knownKeyTypes(host: string, port: number): Promise<string[]> {
    const entries = await this.entriesFor(host, port);
    return [...new Set(entries.filter((entry) => entry.marker === undefined).map((entry) => entry.keyType))];
  }

  async check(host: string, port: number, keyBlob: Buffer): Promise<HostKeyVerdict> {
    const keyType = keyTypeOf(keyBlob);
    const keyBase64 = keyBlob.toString('base64');
    const entries = await this.entriesFor(host, port);
    const revoked = entries.find((entry) => entry.marker === '@revoked' && entry.keyBase64 === keyBase64);
    if (revoked) {
      return { status: 'changed', file: revoked.file, line: revoked.line, knownFingerprint: fingerprintOf(keyBlob), revoked: true };
    }
    const plain = entries.filter((entry) => entry.marker === undefined);
    if (plain.some((entry) => entry.keyType === keyType && entry.keyBase64 === keyBase64)) return { status: 'match' };
    const conflicting = plain.find((entry) => entry.keyType === keyType);
    if (conflicting) {
      return {
        status: 'changed',
        file: conflicting.file,
        line: conflicting.line,
        knownFingerprint: fingerprintOf(Buffer.from(conflicting.keyBase64, 'base64')),
      };
    }
    // A host we know that suddenly offers only another key type is as suspicious as a changed
    // key: an impostor without the recorded key would do exactly that.
    const otherType = plain[0];
    if (otherType) {
      return {
        status: 'changed',
        file: otherType.file,
        line: otherType.line,
        knownFingerprint: fingerprintOf(Buffer.from(otherType.keyBase64, 'base64')),
        knownKeyType: otherType.keyType,
      };
    }
    return { status: 'unknown' };
  }

  /** Appends `host key` to the writable file: copy + append into a temp file, then rename. */
  async record(host: string, port: number, keyBlob: Buffer): Promise<void> {
    if (this.files.persist === false) {
      const name = knownHostsName(host, port);
      this.memory.push({ file: '(this run)', line: this.memory.length + 1, patterns: [name], keyType: keyTypeOf(keyBlob), keyBase64: keyBlob.toString('base64') });
      return;
    }
    const file = this.files.writableFile;
    const line = `${knownHostsName(host, port)} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}\n`;
    const waiting = pendingLines.get(file);
    if (waiting !== undefined) {
      waiting.lines.push(line);
      return waiting.written;
    }
    const lines = [line];
    const previous = fileLocks.get(file) ?? Promise.resolve();
    const next = previous.then(async () => {
      // From here on, new records wait for the next rewrite.
      pendingLines.delete(file);
      await fs.mkdir(dirname(file), { recursive: true, mode: 0o700 });
      let existing = '';
      try {
        existing = await fs.readFile(file, 'utf8');
      } catch {
        existing = '';
      }
      const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
      const temp = `${file}.kplay-tmp-${randomBytes(6).toString('hex')}`;
      try {
        await fs.writeFile(temp, existing + separator + lines.join(''), { mode: 0o600 });
        await fs.rename(temp, file);
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
      }
    });
    pendingLines.set(file, { lines, written: next });
    fileLocks.set(file, next.catch(() => undefined));
    await next;
  }
}
