/**
 * `GET /api/v1/runs/{id}/events`: Server-Sent Events, one `--output json` line per message (its
 * `id` is the event's number, so a reconnecting EventSource resumes after `Last-Event-ID`), an
 * `end` event when the run is over. A run of this server is replayed from memory and followed
 * live; any other run (the CLI's) is read from its journal and followed while it grows.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { LiveRun } from './runs';

const HEARTBEAT_MS = 15000;
const JOURNAL_POLL_MS = 300;

export interface EventStream {
  /** Sends event number `n` (1-based). */
  event(n: number, line: string): void;
  end(): void;
  onClose(fn: () => void): void;
}

export function openEventStream(res: ServerResponse, headers: Record<string, string>): EventStream {
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': kplay run events\n\n');
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  const closers: (() => void)[] = [() => clearInterval(heartbeat)];
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    for (const c of closers) c();
  };
  res.on('close', close);
  return {
    event: (n, line) => {
      if (!closed) res.write(`id: ${n}\ndata: ${line}\n\n`);
    },
    end: () => {
      if (closed) return;
      res.write('event: end\ndata: {}\n\n');
      res.end();
      close();
    },
    onClose: (fn) => {
      if (closed) fn();
      else closers.push(fn);
    },
  };
}

export function streamLiveRun(run: LiveRun, stream: EventStream, after: number): void {
  let n = after;
  const stop = run.follow(after, (line) => {
    if (line === undefined) stream.end();
    else stream.event(++n, line);
  });
  stream.onClose(stop);
}

/** Follows a journal file: every complete line, until a `run_end` line or the client leaves. */
export function streamJournal(file: string, stream: EventStream, after: number): void {
  let offset = 0;
  let partial = '';
  let n = 0;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  stream.onClose(() => {
    finished = true;
    if (timer !== undefined) clearTimeout(timer);
  });
  const poll = () => {
    if (finished) return;
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      stream.end();
      return;
    }
    if (size > offset) {
      const fd = openSync(file, 'r');
      try {
        const buffer = Buffer.alloc(size - offset);
        const read = readSync(fd, buffer, 0, buffer.length, offset);
        offset += read;
        partial += buffer.subarray(0, read).toString('utf8');
      } finally {
        closeSync(fd);
      }
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        if (line === '') continue;
        n++;
        if (n > after) stream.event(n, line);
        if (line.startsWith('{"type":"run_end"')) {
          finished = true;
          stream.end();
          return;
        }
      }
    }
    timer = setTimeout(poll, JOURNAL_POLL_MS);
  };
  poll();
}
