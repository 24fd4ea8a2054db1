/**
 * "The internet" for steps a document runs on a machine with internet access: an HTTP proxy on
 * loopback (`https_proxy`) that answers every CONNECT itself, over TLS with a certificate for the
 * requested host signed by a test CA (trusted by the client through `CURL_CA_BUNDLE`), and serves
 * every URL the stand-in body of its `/<host>/<path>` (what stand-in-server.ts serves for the
 * same file below a mirror).
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSecureContext, type SecureContext, TLSSocket } from 'node:tls';
import { createCertificate, generatePrivateKey, privateKeyToPem } from '../../../engine/crypto';
import { standInBody } from './stand-in-server';

export interface InternetStandIn {
  /** `http://127.0.0.1:PORT`, for https_proxy / http_proxy. */
  readonly proxyUrl: string;
  /** PEM file of the CA that signs every host's certificate. */
  readonly caFile: string;
  /** `GET https://host/path`, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startInternetStandIn(caFile: string): Promise<InternetStandIn> {
  const notAfter = new Date(Date.now() + 86_400_000);
  const caKey = generatePrivateKey('ecdsa');
  const ca = createCertificate({ commonName: 'kplay test internet CA', isCA: true, publicKey: caKey, signingKey: caKey, notAfter, keyUsage: ['digitalSignature', 'keyCertSign'] });
  writeFileSync(caFile, ca.certPem);
  const contexts = new Map<string, SecureContext>();
  const contextFor = (host: string): SecureContext => {
    let context = contexts.get(host);
    if (context === undefined) {
      const key = generatePrivateKey('ecdsa');
      const cert = createCertificate({ commonName: host, dnsNames: [host], publicKey: key, issuer: { cert: ca.cert, key: caKey }, notAfter, extKeyUsage: ['serverAuth'] });
      context = createSecureContext({ key: privateKeyToPem(key, 'pkcs8'), cert: cert.certPem });
      contexts.set(host, context);
    }
    return context;
  };
  const requests: string[] = [];
  const sites: Server = createServer((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    const path = (req.url ?? '/').split('?')[0];
    requests.push(`${req.method} https://${host}${path}`);
    const body = Buffer.from(standInBody(`/${host}${decodeURIComponent(path)}`));
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  const proxy: Server = createServer((_req, res) => res.writeHead(400).end('this proxy only tunnels (CONNECT)\n'));
  proxy.on('connect', (req, socket, head) => {
    const host = (req.url ?? '').split(':')[0];
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n', () => {
      if (head.length > 0) socket.unshift(head);
      const tls = new TLSSocket(socket, { isServer: true, secureContext: contextFor(host) });
      tls.on('error', () => tls.destroy());
      sites.emit('connection', tls);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    proxyUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    caFile,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        sites.closeAllConnections();
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}
