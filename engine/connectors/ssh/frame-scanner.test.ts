import { FrameScanner, ScanItem } from './frame-scanner';

const marker = Buffer.from('kplay-0f1e2d');

/** Feeds `stream` cut into pieces of `size` bytes; returns the data joined and the frames. */
function scan(stream: Buffer, size: number): { data: Buffer; frames: string[] } {
  const scanner = new FrameScanner(marker);
  const items: ScanItem[] = [];
  for (let at = 0; at < stream.length; at += size) items.push(...scanner.push(stream.subarray(at, at + size)));
  const data = Buffer.concat([...items.flatMap((item) => (item.kind === 'data' ? [item.bytes] : [])), scanner.flush()]);
  return { data, frames: items.flatMap((item) => (item.kind === 'frame' ? [item.text] : [])) };
}

describe('FrameScanner', () => {
  const output = Buffer.concat([Buffer.from('line\nkplay-0f1e\n'), Buffer.from([0, 1, 255, 107, 112]), Buffer.from('kplay-0f1')]);
  const stream = Buffer.concat([marker, Buffer.from('P42\n'), output, marker, Buffer.from('E3\n')]);

  test.each([1, 2, 5, 13, 1000])('command bytes pass unchanged and frames are found in pieces of %i bytes', (size) => {
    expect(scan(stream, size)).toEqual({ data: output, frames: ['P42', 'E3'] });
  });

  test('only a possible marker start is held back', () => {
    const scanner = new FrameScanner(marker);
    expect(scanner.push(Buffer.from('prompt: '))).toEqual([{ kind: 'data', bytes: Buffer.from('prompt: ') }]);
    expect(scanner.push(Buffer.from('abc kpla'))).toEqual([{ kind: 'data', bytes: Buffer.from('abc ') }]);
    expect(scanner.flush()).toEqual(Buffer.from('kpla'));
  });

  test('a frame longer than any the session prints is refused', () => {
    const scanner = new FrameScanner(marker);
    expect(() => scanner.push(Buffer.concat([marker, Buffer.alloc(100, 65)]))).toThrow(/malformed/);
  });
});
