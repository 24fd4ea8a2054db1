/** PEM armour as Go's encoding/pem writes and (leniently) reads it. */

export interface PemBlock {
  readonly type: string;
  readonly headers: Record<string, string>;
  readonly bytes: Buffer;
}

/** `-----BEGIN TYPE-----`, base64 in 64-character lines, `-----END TYPE-----`, final newline. */
export function encodePem(type: string, bytes: Buffer): string {
  const body = bytes.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${type}-----\n${body}${body.length > 0 ? '\n' : ''}-----END ${type}-----\n`;
}

const BLOCK = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t]*\r?\n([\s\S]*?)(?:^|\n)-----END \1-----[ \t]*(?:\r?\n|$)/g;

/**
 * All well-formed PEM blocks in `text`, in order. Like Go's pem.Decode, text around blocks is
 * ignored and a block whose body is not valid base64 is skipped.
 */
export function decodePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const block = parseBody(match[1], match[2]);
    if (block) blocks.push(block);
  }
  return blocks;
}

/** The first PEM block, or undefined when there is none (Go: `block == nil`). */
export function decodeFirstPem(text: string): PemBlock | undefined {
  return decodePemBlocks(text)[0];
}

function parseBody(type: string, body: string): PemBlock | undefined {
  const lines = body.split(/\r?\n/);
  const headers: Record<string, string> = {};
  let index = 0;
  // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED") come first and end with a blank line.
  while (index < lines.length && lines[index].includes(':')) {
    const line = lines[index];
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    index++;
  }
  if (Object.keys(headers).length > 0 && index < lines.length && lines[index].trim() === '') index++;
  const base64 = lines.slice(index).join('').replace(/[ \t\r]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1) return undefined;
  return { type, headers, bytes: Buffer.from(base64, 'base64') };
}
