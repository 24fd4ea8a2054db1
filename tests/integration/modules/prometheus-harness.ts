/**
 * Debian's prometheus on a loopback port with a temp TSDB, scraping itself every second, behind
 * basic auth from a web config file (bcrypt hash).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSync } from 'bcryptjs';
import { freeLoopbackPort } from '../../helpers/ports';
import { stopChild } from '../../helpers/processes';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';
export const prometheusAvailable = existsSync(PROMETHEUS_BINARY);

export interface PrometheusServer {
  readonly url: string;
  readonly address: string;
  stop(): Promise<void>;
}

export async function startPrometheus(username: string, password: string): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-prometheus-'));
  const port = await freeLoopbackPort();
  const address = `127.0.0.1:${port}`;
  writeFileSync(join(dir, 'web.yml'), `basic_auth_users:\n  ${username}: ${hashSync(password, 4)}\n`);
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      'scrape_configs:',
      '  - job_name: self',
      '    basic_auth:',
      `      username: ${username}`,
      `      password: ${password}`,
      '    static_configs:',
      `      - targets: ['${address}']`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    PROMETHEUS_BINARY,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--web.listen-address=${address}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.config.file=${join(dir, 'web.yml')}`, '--log.level=error'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const deadline = Date.now() + 60_000;
  // Ready when `up` of the self-scrape has a sample.
  for (;;) {
    const answer = await fetch(`http://${address}/api/v1/query?query=up`, { headers: { authorization: auth } })
      .then((r) => r.json() as Promise<{ data?: { result?: unknown[] } }>)
      .catch(() => undefined);
    if ((answer?.data?.result?.length ?? 0) > 0) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`prometheus did not become ready: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `http://${address}`,
    address,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
