/**
 * Splits one output stream of a persistent shell session into the command's bytes and the
 * session's frames. A frame is `<marker><text>\n`, where the marker is a random string the
 * command never learns; everything else passes through byte for byte (no line splitting), so
 * binary output and output without a final newline arrive unchanged.
 */

export type ScanItem = { readonly kind: 'data'; readonly bytes: Buffer } | { readonly kind: 'frame'; readonly text: string };

/** Longest frame text accepted; a longer one means the stream is not what the session printed. */
const MAX_FRAME_TEXT = 64;

export class FrameScanner {
  private pending = Buffer.alloc(0);
  /** Inside a frame: the text read so far after the marker. */
  private frame?: Buffer;

  constructor(private readonly marker: Buffer) {}

  /** Command bytes and frames found in `chunk`, in stream order. Throws on a malformed frame. */
  push(chunk: Buffer): ScanItem[] {
    const items: ScanItem[] = [];
    let buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (buffer.length > 0) {
      if (this.frame !== undefined) {
        const newline = buffer.indexOf(10);
        const end = newline < 0 ? buffer.length : newline;
        this.frame = Buffer.concat([this.frame, buffer.subarray(0, end)]);
        if (this.frame.length > MAX_FRAME_TEXT) throw new Error('malformed session frame');
        if (newline < 0) return items;
        items.push({ kind: 'frame', text: this.frame.toString('latin1') });
        this.frame = undefined;
        buffer = buffer.subarray(newline + 1);
        continue;
      }
      const at = buffer.indexOf(this.marker);
      if (at >= 0) {
        if (at > 0) items.push({ kind: 'data', bytes: buffer.subarray(0, at) });
        this.frame = Buffer.alloc(0);
        buffer = buffer.subarray(at + this.marker.length);
        continue;
      }
      // The end of the chunk may be the start of a marker: keep just that part back.
      const held = this.heldBack(buffer);
      if (buffer.length > held) items.push({ kind: 'data', bytes: buffer.subarray(0, buffer.length - held) });
      if (held > 0) this.pending = Buffer.from(buffer.subarray(buffer.length - held));
      return items;
    }
    return items;
  }

  /** Bytes held back at the end of the stream: they were output after all. */
  flush(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }

  /** Length of the longest suffix of `buffer` that is a proper prefix of the marker. */
  private heldBack(buffer: Buffer): number {
    const longest = Math.min(this.marker.length - 1, buffer.length);
    for (let length = longest; length > 0; length--) {
      if (buffer.compare(this.marker, 0, length, buffer.length - length) === 0) return length;
    }
    return 0;
  }
}
