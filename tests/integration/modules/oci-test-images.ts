/**
 * Test images built from bytes and uploaded through the registry HTTP API with plain node http
 * (no Docker here, and not through the code under test).
 */
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Blob {
  readonly digest: string;
  readonly size: number;
  readonly bytes: Buffer;
}

export interface TestManifest {
  readonly mediaType: string;
  readonly bytes: Buffer;
  readonly digest: string;
}

export interface SingleImage {
  readonly manifest: TestManifest;
  readonly config: Blob;
  readonly layers: readonly Blob[];
}

export interface MultiImage {
  readonly index: TestManifest;
  readonly amd64: SingleImage;
  readonly arm64: SingleImage;
}

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

export function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function blob(bytes: Buffer): Blob {
  return { bytes, digest: digestOf(bytes), size: bytes.length };
}

export function singleImage(arch: string, layers: readonly Blob[]): SingleImage {
  const config = blob(Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } })));
  const doc = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: l.digest, size: l.size })),
  };
  const bytes = Buffer.from(JSON.stringify(doc));
  return { manifest: { mediaType: OCI_MANIFEST, bytes, digest: digestOf(bytes) }, config, layers };
}

export function multiImage(): MultiImage {
  const shared = blob(randomBytes(64 * 1024));
  const amd64 = singleImage('amd64', [shared, blob(randomBytes(4096))]);
  const arm64 = singleImage('arm64', [shared, blob(randomBytes(2048))]);
  const entry = (img: SingleImage, architecture: string): object => ({ mediaType: OCI_MANIFEST, digest: img.manifest.digest, size: img.manifest.bytes.length, platform: { architecture, os: 'linux' } });
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [entry(amd64, 'amd64'), entry(arm64, 'arm64')] }));
  return { index: { mediaType: OCI_INDEX, bytes, digest: digestOf(bytes) }, amd64, arm64 };
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export function send(method: string, url: string, headers: Record<string, string>, body?: Buffer, ca?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https') ? httpsRequest : httpRequest)(url, { method, headers, ...(ca ? { ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Uploads blobs and manifests of an image; `auth` is the Authorization header to send. */
export class TestPusher {
  constructor(
    private readonly baseUrl: string,
    private readonly auth: string | undefined,
    private readonly ca?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...extra, ...(this.auth ? { authorization: this.auth } : {}) };
  }

  async blob(repo: string, b: Blob): Promise<void> {
    const start = await send('POST', `${this.baseUrl}/v2/${repo}/blobs/uploads/`, this.headers({ 'content-length': '0' }), undefined, this.ca);
    if (start.status !== 202) throw new Error(`upload start: ${start.status} ${start.body.toString()}`);
    const url = new URL(String(start.headers.location), this.baseUrl);
    url.searchParams.set('digest', b.digest);
    const put = await send('PUT', url.href, this.headers({ 'content-type': 'application/octet-stream', 'content-length': String(b.size) }), b.bytes, this.ca);
    if (put.status !== 201) throw new Error(`blob put: ${put.status} ${put.body.toString()}`);
  }

  async manifest(repo: string, reference: string, m: TestManifest): Promise<void> {
    const put = await send('PUT', `${this.baseUrl}/v2/${repo}/manifests/${reference}`, this.headers({ 'content-type': m.mediaType }), m.bytes, this.ca);
    if (put.status !== 201) throw new Error(`manifest put: ${put.status} ${put.body.toString()}`);
  }

  async single(repo: string, tag: string, img: SingleImage): Promise<void> {
    for (const b of [img.config, ...img.layers]) await this.blob(repo, b);
    await this.manifest(repo, tag, img.manifest);
  }

  async multi(repo: string, tag: string, img: MultiImage): Promise<void> {
    await this.single(repo, img.amd64.manifest.digest, img.amd64);
    await this.single(repo, img.arm64.manifest.digest, img.arm64);
    await this.manifest(repo, tag, img.index);
  }

  /** The manifest a registry serves for a reference (to check pushes). */
  async fetchManifest(repo: string, reference: string): Promise<{ status: number; digest: string; body: Buffer }> {
    const got = await send('GET', `${this.baseUrl}/v2/${repo}/manifests/${reference}`, this.headers({ accept: `${OCI_INDEX}, ${OCI_MANIFEST}` }), undefined, this.ca);
    return { status: got.status, digest: digestOf(got.body), body: got.body };
  }
}
