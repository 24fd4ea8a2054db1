/**
 * Starting `kplay web`: the token (new at every start, written to `<workdir>/web/token`), the
 * server on its address, the printed login URL, and a clean stop on SIGINT/SIGTERM (live runs
 * are cancelled as Ctrl-C would).
 */
import { mkdirSync } from 'node:fs';
import { isIP } from 'node:net';
import { newSecret, writeTokenFile } from './auth';
import type { HostedCommand } from './runs';
import { createWebServer, type ClusterConfigSupport, type WebServer } from './server';
import { Workspace } from './workspace';

export interface WebStartOptions {
  readonly host: string;
  readonly port: number;
  readonly workDir: string;
  readonly projectDir: string;
  /** Listening beyond loopback was asked for explicitly. */
  readonly allowRemote: boolean;
  readonly knownHostsFile?: string;
  readonly commands?: Partial<Record<'create-cluster' | 'precheck', HostedCommand>>;
  readonly clusterConfig?: ClusterConfigSupport;
}

export interface StartedWeb {
  readonly server: WebServer;
  readonly url: string;
  readonly loginUrl: string;
  readonly tokenFile: string;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

export async function startWeb(options: WebStartOptions, out: NodeJS.WritableStream): Promise<StartedWeb> {
  const workspace = new Workspace(options.workDir, options.projectDir);
  mkdirSync(workspace.root, { recursive: true, mode: 0o700 });
  const token = newSecret();
  writeTokenFile(workspace.tokenFile(), token);
  const server = createWebServer({
    workspace,
    token,
    anyHost: !isLoopback(options.host),
    ...(options.commands !== undefined ? { commands: options.commands } : {}),
    ...(options.clusterConfig !== undefined ? { clusterConfig: options.clusterConfig } : {}),
    ...(options.knownHostsFile !== undefined ? { knownHostsFile: options.knownHostsFile } : {}),
  });
  await server.app.listen({ host: options.host, port: options.port });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${hostPart}:${port}`;
  const loginUrl = server.loginUrl(url);
  if (!isLoopback(options.host)) {
    out.write(
      `kplay web: WARNING: listening on ${options.host}, reachable from other machines over plain HTTP; the token and everything the page shows cross the network unencrypted. Put a TLS proxy in front or use an SSH tunnel.\n`,
    );
  }
  out.write(`kplay web: listening on ${url}\n`);
  out.write(`kplay web: token in ${workspace.tokenFile()}\n`);
  out.write(`kplay web: open ${loginUrl}\n`);
  return { server, url, loginUrl, tokenFile: workspace.tokenFile() };
}
