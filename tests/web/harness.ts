/** A real `kplay web` server on a free loopback port, over a scratch work dir and project. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ensurePage } from '../../scripts/build-page';
import { startWeb, type StartedWeb, type WebStartOptions } from '../../web/start';

export interface WebHarness {
  readonly dir: string;
  readonly workDir: string;
  readonly projectDir: string;
  readonly url: string;
  readonly token: string;
  readonly started: StartedWeb;
  readonly printed: string;
  /** fetch with the bearer token. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; data: unknown }>;
  writeProjectFile(path: string, text: string): void;
  close(): Promise<void>;
}

export async function startHarness(commands?: WebStartOptions['commands'], knownHostsFile?: string, clusterConfig?: WebStartOptions['clusterConfig']): Promise<WebHarness> {
  // The page script is a build product (npm run build); a checkout that was not built gets it here.
  ensurePage();
  const dir = mkdtempSync(join(tmpdir(), 'kplay-web-'));
  const workDir = join(dir, 'work');
  const projectDir = join(dir, 'project');
  mkdirSync(projectDir, { recursive: true });
  const out = new PassThrough();
  let printed = '';
  out.on('data', (c: Buffer) => (printed += c.toString()));
  const started = await startWeb({ host: '127.0.0.1', port: 0, workDir, projectDir, allowRemote: false, knownHostsFile: knownHostsFile ?? join(dir, 'known_hosts'), ...(commands !== undefined ? { commands } : {}), ...(clusterConfig !== undefined ? { clusterConfig } : {}) }, out);
  const token = (await import('node:fs')).readFileSync(started.tokenFile, 'utf8').trim();
  return {
    dir,
    workDir,
    projectDir,
    url: started.url,
    token,
    started,
    get printed() {
      return printed;
    },
    api: async (method, path, body) => {
      const res = await fetch(`${started.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
      return { status: res.status, data };
    },
    writeProjectFile: (path, text) => {
      const file = join(projectDir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    },
    close: async () => {
      await started.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SseMessage {
  readonly id?: string;
  readonly event: string;
  readonly data: string;
}

/** Reads a Server-Sent Events stream until its `end` event (or the connection closes). */
export function readEvents(url: string, headers: Record<string, string>, onMessage?: (m: SseMessage) => void): Promise<{ status: number; messages: SseMessage[] }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const messages: SseMessage[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          let id: string | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length === 0) continue;
          const message = { ...(id !== undefined ? { id } : {}), event, data: data.join('\n') };
          messages.push(message);
          onMessage?.(message);
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, messages }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export const LOCAL_INVENTORY = (hosts: readonly string[]): string =>
  [
    'apiVersion: kubekey.kubesphere.io/v1',
    'kind: Inventory',
    'metadata:',
    '  name: local',
    'spec:',
    '  hosts:',
    ...hosts.map((h) => `    ${h}: { connector: { type: local } }`),
    '  groups:',
    '    nodes:',
    `      hosts: [${hosts.join(', ')}]`,
    '',
  ].join('\n');
