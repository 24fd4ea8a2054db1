import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ExitCode, outputPathProblem, withCode } from '../../engine';
import { isLoopback, startWeb } from '../../web/start';
import type { HostedCommand } from '../../web/runs';
import type { ClusterConfigSupport } from '../../web/server';
import type { CommandIO } from '../io';

export const WEB_HELP = `Usage: kplay web [options]

Serve the web page and API: edit inventories and configs, start runs (--check first), watch them
live per task and host, read the history (CLI runs too) and cancel. A new token is made at every
start, written to <workdir>/web/token (0600) and printed with a one-time login URL.

Options:
      --listen ADDR:PORT  address to listen on (default 127.0.0.1:8080; port 0 picks a free one)
      --allow-remote      allow a non-loopback --listen address (plain HTTP; prints a warning)
      --workdir DIR       inventories, configs, run journals and the token (default ./.kplay)
      --project DIR       directory playbook paths are relative to (default .)
      --known-hosts FILE  SSH known-hosts file runs record new host keys in

Examples:
  kplay web
  kplay web --listen 127.0.0.1:9000 --workdir ~/cluster --project ./playbooks
`;

function parseListen(value: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  if (match === null) return undefined;
  const port = Number(match[3]);
  return port <= 65535 ? { host: match[1] ?? match[2], port } : undefined;
}

/** The options of `kplay web` (also what `kplay completion` offers). */
export const WEB_OPTIONS = {
  listen: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  workdir: { type: 'string' },
  project: { type: 'string' },
  'known-hosts': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What the CLI lends the server from the cluster application. */
export interface WebClusterParts {
  readonly commands: Partial<Record<'create-cluster' | 'precheck', HostedCommand>>;
  readonly clusterConfig?: ClusterConfigSupport;
}

/** `kplay web`; `lent` gives the server the cluster commands (create cluster, precheck) and config form. */
export async function webCommand(argv: readonly string[], io: CommandIO, lent: WebClusterParts): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: WEB_OPTIONS,
    });
  } catch (err) {
    io.stderr.write(`kplay web: ${withCode((err as Error).message, 'KP-CLI-001')}\n\n${WEB_HELP}`);
    return ExitCode.badOptions;
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(WEB_HELP);
    return ExitCode.ok;
  }
  const listen = parseListen(values.listen ?? '127.0.0.1:8080');
  if (listen === undefined) {
    io.stderr.write(`kplay web: ${withCode(`--listen must be ADDRESS:PORT, got "${values.listen}"`, 'KP-CLI-001')}\n`);
    return ExitCode.badOptions;
  }
  if (!isLoopback(listen.host) && !values['allow-remote']) {
    io.stderr.write(`kplay web: ${withCode(`${listen.host} is not a loopback address; add --allow-remote to listen there`, 'KP-CLI-001')}\n`);
    return ExitCode.badOptions;
  }
  const workDir = resolve(values.workdir ?? '.kplay');
  // The token, inventories and run journals go there: a bad place is a usage error, not a crash.
  const unusable = outputPathProblem([
    { option: '--workdir', path: workDir, kind: 'directory' },
    ...(values['known-hosts'] !== undefined ? [{ option: '--known-hosts', path: values['known-hosts'], kind: 'file' as const, write: false }] : []),
  ]);
  if (unusable !== undefined) {
    io.stderr.write(`kplay web: ${unusable}\n`);
    return ExitCode.badOptions;
  }
  let started;
  try {
    started = await startWeb(
      {
        ...listen,
        workDir,
        projectDir: resolve(values.project ?? '.'),
        allowRemote: values['allow-remote'] ?? false,
        commands: lent.commands,
        ...(lent.clusterConfig !== undefined ? { clusterConfig: lent.clusterConfig } : {}),
        ...(values['known-hosts'] !== undefined ? { knownHostsFile: values['known-hosts'] } : {}),
      },
      io.stdout,
    );
  } catch (err) {
    io.stderr.write(`kplay web: cannot start: ${(err as Error).message}\n`);
    return ExitCode.failed;
  }
  const { server } = started;
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stderr.write('\nkplay web: stopping (live runs are cancelled)\n');
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return ExitCode.ok;
}
