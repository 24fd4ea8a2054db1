import { PassThrough } from 'node:stream';
import { supervise, type ProcessEvents, type StopSignal } from './supervise';

/** A started process driven by the test: it prints what it is told and exits when told. */
function scripted(run: (events: ProcessEvents) => void) {
  return (events: ProcessEvents) => {
    queueMicrotask(() => run(events));
    return { stdin: new PassThrough(), kill: () => events.onExit(null, 'KILL') };
  };
}

describe('supervise: the group announcement', () => {
  test('the first line names the group and is not output; the group gets TERM then, after the exit, KILL', async () => {
    const abort = new AbortController();
    const sent: [number, StopSignal][] = [];
    let events: ProcessEvents | undefined;
    const running = supervise(
      scripted((e) => {
        events = e;
        e.onStdout(Buffer.from('mark 4242\nout'));
      }),
      {
        hostName: 'h',
        loginUser: 'u',
        signal: abort.signal,
        groupMarker: 'mark',
        stopGroup: (pgid, signal) => {
          sent.push([pgid, signal]);
          if (signal === 'TERM') events?.onExit(null, 'TERM');
          return Promise.resolve();
        },
        stop: { graceMs: 600_000 },
      },
    );
    await new Promise((r) => setTimeout(r, 10));
    abort.abort();
    await expect(running).rejects.toThrow('command aborted');
    expect(sent).toEqual([
      [4242, 'TERM'],
      [4242, 'KILL'],
    ]);
  });

  test('output that does not start with the announcement passes through at once', async () => {
    const chunks: string[] = [];
    const result = await supervise(
      scripted((e) => {
        e.onStdout(Buffer.from('hello'));
        e.onStdout(Buffer.from(' world\n'));
        e.onExit(0);
      }),
      { hostName: 'h', loginUser: 'u', groupMarker: 'mark', onStdout: (c) => chunks.push(c.toString()) },
    );
    expect(chunks).toEqual(['hello', ' world\n']);
    expect(result.stdout.toString()).toBe('hello world\n');
  });
});
