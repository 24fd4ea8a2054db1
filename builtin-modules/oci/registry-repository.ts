/** A repository in a registry, spoken to over the distribution HTTP API v2. */
import type { Readable } from 'node:stream';
import { AuthSession, RegistryAuthError } from './auth';
import type { ImageEndpoint, ManifestData } from './endpoint';
import { type HttpMethod, httpRequest, type HttpResponse as OciResponse, readBody, type TlsOptions } from '../../engine/modules/module-api';
import { errorText, RegistryHttpError } from './registry-errors';
import { type Descriptor, MANIFEST_ACCEPT, manifestMediaType, sha256Digest } from './media-types';
import { formatReference, type ImageReference, isDigest } from './reference';

export interface RegistryOptions {
  readonly plainHttp: boolean;
  readonly tls: TlsOptions;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Shared per registry host so tokens are fetched once per run of the module. */
  readonly session: AuthSession;
  /** The destination needs push rights; asking for them up front saves a second token. */
  readonly write: boolean;
  /**
   * Blobs larger than this go up in PATCH chunks of this size (each one a buffer, so a refused
   * token can be renewed mid-way and no single request carries a whole layer through a proxy
   * that caps bodies); smaller ones in one monolithic PUT. Default: CHUNK_SIZE.
   */
  readonly chunkSize?: number;
}

/** 16 MiB: well under the body limits of common proxies in front of registries. */
export const CHUNK_SIZE = 16 * 1024 * 1024;

/** Docker Hub's API does not live at docker.io. */
export function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

export class RegistryRepository implements ImageEndpoint {
  readonly label: string;
  readonly reference: string;
  private readonly base: string;
  private readonly scope: string;

  constructor(
    private readonly ref: ImageReference,
    private readonly options: RegistryOptions,
  ) {
    this.label = `oci://${formatReference(ref)}`;
    this.reference = ref.reference;
    this.base = `${options.plainHttp ? 'http' : 'https'}://${apiHost(ref.registry)}/v2/${ref.repository}`;
    this.scope = `repository:${ref.repository}:${options.write ? 'pull,push' : 'pull'}`;
  }

  private async send(
    method: HttpMethod,
    url: string,
    headers: Record<string, string> = {},
    body?: Buffer | Readable,
  ): Promise<OciResponse> {
    const session = this.options.session;
    for (let attempt = 0; ; attempt++) {
      const authorization = session.headerFor(this.scope);
      const response = await httpRequest({
        method,
        url,
        headers: { ...headers, ...(authorization ? { authorization } : {}) },
        ...(body !== undefined ? { body } : {}),
        tls: this.options.tls,
        timeoutMs: this.options.timeoutMs,
        signal: this.options.signal,
      });
      if (response.status !== 401) return response;
      const challenge = response.headers['www-authenticate'];
      const canRetry = attempt === 0 && (body === undefined || Buffer.isBuffer(body));
      const detail = await errorText(response);
      if (!canRetry || !(await session.handleUnauthorized(challenge, this.scope, authorization !== undefined))) {
        const why = authorization !== undefined ? 'credentials were rejected' : 'authentication required and no credentials given (add an "auths" entry)';
        throw new RegistryAuthError(`${this.ref.registry}: ${why} (${method} ${new URL(url).pathname}: 401 ${detail})`);
      }
    }
  }

  private async failure(response: OciResponse, what: string): Promise<Error> {
    return new RegistryHttpError(`${this.label}: ${what} failed with status ${response.status}: ${await errorText(response)}`, response.status);
  }

  async resolveDigest(reference: string): Promise<string | undefined> {
    const response = await this.send('HEAD', `${this.base}/manifests/${reference}`, { accept: MANIFEST_ACCEPT });
    response.body.resume();
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw await this.failure(response, `HEAD manifest ${reference}`);
    const digest = response.headers['docker-content-digest'];
    if (typeof digest === 'string' && digest !== '') return digest;
    // Without the header only the body tells the digest.
    return (await this.fetchManifest(reference))?.digest;
  }

  async fetchManifest(reference: string): Promise<ManifestData | undefined> {
    const response = await this.send('GET', `${this.base}/manifests/${reference}`, { accept: MANIFEST_ACCEPT });
    if (response.status === 404) {
      response.body.resume();
      return undefined;
    }
    if (response.status !== 200) throw await this.failure(response, `GET manifest ${reference}`);
    const bytes = await readBody(response);
    const digest = sha256Digest(bytes);
    if (isDigest(reference) && reference !== digest) throw new Error(`${this.label}: manifest ${reference} has content digest ${digest}`);
    const contentType = response.headers['content-type'];
    return { bytes, digest, mediaType: manifestMediaType(bytes, contentType) };
  }

  async putManifest(manifest: ManifestData, reference: string): Promise<void> {
    const response = await this.send('PUT', `${this.base}/manifests/${reference}`, { 'content-type': manifest.mediaType }, manifest.bytes);
    if (response.status !== 201 && response.status !== 200) throw await this.failure(response, `PUT manifest ${reference}`);
    response.body.resume();
  }

  async hasBlob(blob: Descriptor): Promise<boolean> {
    const response = await this.send('HEAD', `${this.base}/blobs/${blob.digest}`);
    response.body.resume();
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    throw await this.failure(response, `HEAD blob ${blob.digest}`);
  }

  async openBlob(blob: Descriptor): Promise<Readable> {
    const response = await this.send('GET', `${this.base}/blobs/${blob.digest}`);
    if (response.status !== 200) throw await this.failure(response, `GET blob ${blob.digest}`);
    return response.body;
  }

  async putBlob(blob: Descriptor, content: Readable): Promise<void> {
    // Starting the upload also settles authentication, so a streamed PUT needs no retry.
    const start = await this.send('POST', `${this.base}/blobs/uploads/`, { 'content-length': '0' }, Buffer.alloc(0));
    start.body.resume();
    const location = start.headers.location;
    if (start.status !== 202 || location === undefined) {
      content.destroy();
      throw await this.failure(start, `starting the upload of blob ${blob.digest}`);
    }
    const chunkSize = this.options.chunkSize ?? CHUNK_SIZE;
    const target = blob.size > chunkSize ? await this.sendChunks(blob, content, new URL(location, this.base), chunkSize) : new URL(location, this.base);
    target.searchParams.set('digest', blob.digest);
    const put =
      blob.size > chunkSize
        ? await this.send('PUT', target.href, { 'content-length': '0' }, Buffer.alloc(0))
        : await this.send('PUT', target.href, { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) }, content);
    if (put.status !== 201) throw await this.failure(put, `uploading blob ${blob.digest}`);
    put.body.resume();
  }

  /**
   * The chunked upload of the distribution API: PATCH each piece with its Content-Range at the
   * Location the previous answer gave; returns where the closing PUT goes.
   */
  private async sendChunks(blob: Descriptor, content: Readable, start: URL, chunkSize: number): Promise<URL> {
    let location = start;
    let offset = 0;
    const patch = async (chunk: Buffer): Promise<void> => {
      const range = `${offset}-${offset + chunk.length - 1}`;
      const response = await this.send('PATCH', location.href, { 'content-type': 'application/octet-stream', 'content-length': String(chunk.length), 'content-range': range }, chunk);
      response.body.resume();
      const next = response.headers.location;
      if (response.status !== 202 || next === undefined) throw await this.failure(response, `uploading bytes ${range} of blob ${blob.digest}`);
      location = new URL(next, location);
      offset += chunk.length;
    };
    let pending: Buffer[] = [];
    let pendingSize = 0;
    try {
      for await (const piece of content) {
        let data = piece as Buffer;
        while (data.length > 0) {
          const take = Math.min(chunkSize - pendingSize, data.length);
          pending.push(data.subarray(0, take));
          pendingSize += take;
          data = data.subarray(take);
          if (pendingSize === chunkSize) {
            await patch(Buffer.concat(pending));
            pending = [];
            pendingSize = 0;
          }
        }
      }
      if (pendingSize > 0) await patch(Buffer.concat(pending));
    } catch (error) {
      content.destroy();
      throw error;
    }
    if (offset !== blob.size) throw new Error(`${this.label}: blob ${blob.digest} has ${offset} bytes, its descriptor says ${blob.size}`);
    return location;
  }
}
