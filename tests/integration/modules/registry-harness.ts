/**
 * Debian's docker-registry (distribution 2.8) on a loopback port with filesystem storage in a
 * temp dir, optionally behind htpasswd (basic) or token auth, optionally over TLS; plus a token
 * server that signs JWTs the registry trusts, and helpers to upload test images through the API.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, createSign, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSync } from 'bcryptjs';
import { createCertificate, generatePrivateKey, privateKeyToPem } from '../../../engine/crypto';
import { freeLoopbackPort } from '../../helpers/ports';
import { stopChild } from '../../helpers/processes';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';
export const registryAvailable = existsSync(REGISTRY_BINARY);


export interface TlsMaterial {
  readonly certFile: string;
  readonly keyFile: string;
  readonly certPem: string;
}

/** A self-signed certificate for 127.0.0.1 (serves as its own CA). */
export function makeTls(dir: string): TlsMaterial {
  const key = generatePrivateKey('ecdsa');
  const cert = createCertificate({ commonName: '127.0.0.1', ipAddresses: ['127.0.0.1'], isCA: true, publicKey: key, signingKey: key, notAfter: new Date(Date.now() + 86_400_000), keyUsage: ['digitalSignature', 'keyCertSign'], extKeyUsage: ['serverAuth'] });
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  writeFileSync(certFile, cert.certPem);
  writeFileSync(keyFile, privateKeyToPem(key, 'pkcs8'));
  return { certFile, keyFile, certPem: cert.certPem };
}

export interface RegistryOptions {
  readonly basicAuth?: { readonly username: string; readonly password: string };
  readonly token?: TokenServer;
  readonly tls?: boolean;
}

export interface Registry {
  /** `127.0.0.1:PORT` */
  readonly host: string;
  readonly baseUrl: string;
  readonly tls?: TlsMaterial;
  stop(): Promise<void>;
}

export async function startRegistry(options: RegistryOptions = {}): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'kplay-registry-'));
  const port = await freeLoopbackPort();
  const tls = options.tls ? makeTls(dir) : undefined;
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: kplay-test-secret',
  ];
  if (tls) lines.push('  tls:', `    certificate: ${tls.certFile}`, `    key: ${tls.keyFile}`);
  if (options.basicAuth) {
    writeFileSync(join(dir, 'htpasswd'), `${options.basicAuth.username}:${hashSync(options.basicAuth.password, 4)}\n`);
    lines.push('auth:', '  htpasswd:', '    realm: kplay-test', `    path: ${join(dir, 'htpasswd')}`);
  } else if (options.token) {
    const bundle = join(dir, 'token-root.pem');
    writeFileSync(bundle, options.token.certPem);
    lines.push('auth:', '  token:', `    realm: ${options.token.url}/token`, `    service: ${options.token.service}`, `    issuer: ${options.token.issuer}`, `    rootcertbundle: ${bundle}`);
  }
  writeFileSync(join(dir, 'config.yml'), `${lines.join('\n')}\n`);
  const child: ChildProcess = spawn(REGISTRY_BINARY, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const baseUrl = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await rawStatus(`${baseUrl}/v2/`, tls?.certPem).catch(() => 0);
    if (status === 200 || status === 401) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host: `127.0.0.1:${port}`,
    baseUrl,
    ...(tls ? { tls } : {}),
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function rawStatus(url: string, ca?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https') ? httpsRequest : httpRequest)(url, { method: 'GET', ...(ca ? { ca } : {}) }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface TokenServer {
  readonly url: string;
  readonly service: string;
  readonly issuer: string;
  readonly certPem: string;
  /** Scopes asked for, in order. */
  readonly requests: string[];
  stop(): Promise<void>;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function signJwt(key: KeyObject, certDer: Buffer, claims: object): string {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [certDer.toString('base64')] }));
  const payload = base64url(JSON.stringify(claims));
  const signer = createSign('SHA256');
  signer.update(`${header}.${payload}`);
  const signature = signer.sign({ key, dsaEncoding: 'ieee-p1363' });
  return `${header}.${payload}.${base64url(signature)}`;
}

/** Docker's token flow: basic credentials at /token buy a JWT granting the requested scope. */
export async function startTokenServer(username: string, password: string): Promise<TokenServer> {
  const key = generatePrivateKey('ecdsa');
  const cert = createCertificate({ commonName: 'kplay token signer', isCA: true, publicKey: key, signingKey: key, notAfter: new Date(Date.now() + 86_400_000), keyUsage: ['digitalSignature', 'keyCertSign'] });
  const service = 'kplay-test-registry';
  const issuer = 'kplay-test-issuer';
  const requests: string[] = [];
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const server: Server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const scope = url.searchParams.get('scope') ?? '';
    requests.push(scope);
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"incorrect username or password"}');
      return;
    }
    const [type, name, actions] = scope.split(':');
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt(key, cert.der, {
      iss: issuer,
      sub: username,
      aud: url.searchParams.get('service'),
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: createHash('sha256').update(`${now}${Math.random()}`).digest('hex').slice(0, 16),
      access: type ? [{ type, name, actions: (actions ?? '').split(',').filter(Boolean) }] : [],
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, expires_in: 300 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    service,
    issuer,
    certPem: cert.certPem,
    requests,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
