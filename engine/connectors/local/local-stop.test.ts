import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { LocalConnector } from './local-connector';

/** PIDs of live processes whose command line matches `pattern`. */
function matching(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

describe('LocalConnector: interruption and output bounds', () => {
  test('an abort stops the whole process group (background children too) with TERM', async () => {
    const marker = `2000.${randomInt(100000, 999999)}`;
    const connector = new LocalConnector('localhost', { stop: { graceMs: 60_000 } });
    const abort = new AbortController();
    const running = connector.exec(`sleep ${marker} & sleep ${marker}; wait`, { signal: abort.signal });
    await until(() => matching(`^sleep ${marker}$`).length === 2);
    abort.abort();
    await expect(running).rejects.toThrow('command aborted');
    expect(matching(marker)).toEqual([]);
  });

  test('what ignores TERM is killed when the grace period ends, or at once when forced', async () => {
    for (const forced of [false, true]) {
      const marker = `2000.${randomInt(100000, 999999)}`;
      const force = new AbortController();
      const connector = new LocalConnector('localhost', { stop: { graceMs: forced ? 600_000 : 200, force: force.signal } });
      const abort = new AbortController();
      const running = connector.exec(`trap '' TERM; sleep ${marker} & sleep ${marker}; wait`, { signal: abort.signal });
      await until(() => matching(`^sleep ${marker}$`).length === 2);
      abort.abort();
      // Forced, nothing waits out the (longer than the test's timeout) grace period.
      if (forced) force.abort();
      await expect(running).rejects.toThrow('command aborted');
      expect(matching(marker)).toEqual([]);
    }
  });

  test('the group announcement never reaches the output', async () => {
    const result = await new LocalConnector('localhost').exec('printf first');
    expect(result.stdout).toBe('first');
  });

  test('maxOutputBytes keeps the first bytes, cut at a character boundary, and counts the rest', async () => {
    const connector = new LocalConnector('localhost');
    const seen: number[] = [];
    // 'é' is two bytes: a cut at 5 bytes would split the third one.
    const result = await connector.exec("printf 'ééééé'; printf 'abcdefgh' >&2", { maxOutputBytes: 5, onStdout: (c) => seen.push(c.length) });
    expect(result.stdout).toBe('éé');
    expect(result.stderr).toBe('abcde');
    expect(result.outputBytes).toEqual({ stdout: 10, stderr: 8 });
    expect(seen.reduce((a, b) => a + b, 0)).toBe(10);
    const small = await connector.exec('printf abc', { maxOutputBytes: 5 });
    expect(small.stdout).toBe('abc');
    expect(small.outputBytes).toBeUndefined();
  });
});
