import { GroupStopper, stopCommand } from './group-stopper';
import type { BecomeOptions } from './types';

describe('GroupStopper', () => {
  test('the stop command signals whole groups and never fails on groups already gone', () => {
    expect(stopCommand(new Map([['TERM', new Set([12, 34])]]))).toBe('kill -s TERM -- -12 -34 2>/dev/null; exit 0');
    expect(stopCommand(new Map([['KILL', new Set([5])], ['TERM', new Set([6])]]))).toBe(
      'kill -s TERM -- -6 2>/dev/null; kill -s KILL -- -5 2>/dev/null; exit 0',
    );
  });

  test('requests of one moment travel together, one command per privilege; 0 and 1 are never signalled', async () => {
    const sent: { command: string; become?: BecomeOptions }[] = [];
    const stopper = new GroupStopper((command, become) => {
      sent.push({ command, ...(become !== undefined ? { become } : {}) });
      return Promise.resolve();
    });
    const root: BecomeOptions = { method: 'sudo', user: 'root', password: 'pw' };
    await Promise.all([
      stopper.stop(100, 'TERM', undefined),
      stopper.stop(101, 'TERM', undefined),
      stopper.stop(200, 'TERM', root),
      stopper.stop(0, 'KILL', undefined),
      stopper.stop(1, 'KILL', root),
    ]);
    expect(sent).toEqual([
      { command: 'kill -s TERM -- -100 -101 2>/dev/null; exit 0' },
      { command: 'kill -s TERM -- -200 2>/dev/null; exit 0', become: root },
    ]);
    await stopper.stop(100, 'KILL', undefined);
    expect(sent[2]).toEqual({ command: 'kill -s KILL -- -100 2>/dev/null; exit 0' });
  });

  test('a failed delivery still settles the request', async () => {
    const stopper = new GroupStopper(() => Promise.reject(new Error('connection lost')));
    await expect(stopper.stop(100, 'TERM', undefined)).resolves.toBeUndefined();
  });
});
