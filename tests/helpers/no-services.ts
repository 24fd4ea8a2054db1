/**
 * Setup file of `npm run test:unit`: a unit test may run small tools (openssl, diff, tar) but
 * never a service. Starting sshd, etcd, a registry, prometheus or containerd, or listening on a
 * socket, throws, so a test that needs one fails loudly instead of making the quick run slow.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself is patched; an ES import gives a read-only namespace
import childProcess = require('node:child_process');
import { basename } from 'node:path';
import { Server } from 'node:net';

const SERVICES = new Set(['sshd', 'etcd', 'docker-registry', 'registry', 'prometheus', 'containerd']);

function refuse(what: string): never {
  throw new Error(`unit tests start no services (${what}); put this test under tests/integration or tests/e2e*`);
}

function guard<F extends (...args: never[]) => unknown>(name: string, original: F): F {
  return ((...args: Parameters<F>) => {
    const command = String(args[0]);
    const program = basename(command.split(/\s+/)[0] ?? '');
    if (SERVICES.has(program)) refuse(`${name} ${program}`);
    return original(...args);
  }) as F;
}

const cp = childProcess as unknown as Record<string, (...args: never[]) => unknown>;
for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync']) {
  cp[name] = guard(name, cp[name]);
}

Server.prototype.listen = function listen(): never {
  refuse('listen on a socket');
};
