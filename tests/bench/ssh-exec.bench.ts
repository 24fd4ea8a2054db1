/**
 * `npm run bench:ssh-exec`: latency of one command on a warm SSH connection (figures only).
 *
 * With Nagle's algorithm on, a small exec waits for the peer's delayed ACK (~40 ms on Linux);
 * the connector disables it, so the median should stay well below that on an idle machine.
 * This used to be a test; on a loaded machine no latency figure is reliable enough to assert.
 */
import { startSshd } from '../harness/sshd';
import { testSshConnector } from '../harness/ssh-connectors';

const SAMPLES = 50;

async function main(): Promise<void> {
  const sshd = await startSshd({ hosts: 1 });
  const connector = testSshConnector(sshd, 0);
  try {
    await connector.connect();
    await connector.exec('true');
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const started = process.hrtime.bigint();
      await connector.exec('true');
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    samples.sort((a, b) => a - b);
    const at = (q: number): string => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
    process.stdout.write(`warm exec of "true" (${SAMPLES} samples): median ${at(0.5)} ms, p90 ${at(0.9)} ms, min ${at(0)} ms\n`);
  } finally {
    await connector.close();
    await sshd.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
