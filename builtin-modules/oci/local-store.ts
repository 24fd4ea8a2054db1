/**
 * KubeKey's local image store (`docs/modules.md#image`):
 *   <dir>/blobs/<digest>                                 all blobs, shared
 *   <dir>/<registry>/<repository>/manifests/<digest>     manifest bodies
 *   <dir>/<registry>/<repository>/manifests/layout       JSON object: tag → digest
 * Every write goes to a temporary file first and is renamed into place, so an interrupted copy
 * never leaves a truncated blob or manifest that a later run would take as present.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImageEndpoint, ManifestData } from './endpoint';
import { type Descriptor, manifestMediaType, sha256Digest } from './media-types';
import { formatReference, type ImageReference, isDigest } from './reference';

const SAFE_DIGEST = /^[a-z0-9]+:[a-f0-9]{32,}$/;

function checkedDigest(digest: string): string {
  // The digest becomes a file name: refuse anything that could leave the store.
  if (!SAFE_DIGEST.test(digest)) throw new Error(`refusing digest "${digest}" as a file name`);
  return digest;
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.access(path);
    return true;
  } catch {
    return false;
  }
}

async function writeAtomically(path: string, content: Buffer | string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await fs.writeFile(temp, content, { mode: 0o644 });
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

export class LocalImageStore implements ImageEndpoint {
  readonly label: string;
  readonly reference: string;
  private readonly manifestsDir: string;

  constructor(
    private readonly dir: string,
    ref: ImageReference,
  ) {
    this.label = `local://${dir} (${formatReference(ref)})`;
    this.reference = ref.reference;
    this.manifestsDir = join(dir, ref.registry, ref.repository, 'manifests');
  }

  private blobPath(digest: string): string {
    return join(this.dir, 'blobs', checkedDigest(digest));
  }

  private async layout(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await fs.readFile(join(this.manifestsDir, 'layout'), 'utf8');
    } catch {
      return {};
    }
    try {
      const doc = JSON.parse(text) as unknown;
      if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) return doc as Record<string, string>;
    } catch {
      // handled below
    }
    throw new Error(`${join(this.manifestsDir, 'layout')}: not a JSON object of tag → digest`);
  }

  async resolveDigest(reference: string): Promise<string | undefined> {
    const digest = isDigest(reference) ? reference : (await this.layout())[reference];
    if (digest === undefined) return undefined;
    return (await exists(join(this.manifestsDir, checkedDigest(digest)))) ? digest : undefined;
  }

  async fetchManifest(reference: string): Promise<ManifestData | undefined> {
    const digest = await this.resolveDigest(reference);
    if (digest === undefined) return undefined;
    const bytes = await fs.readFile(join(this.manifestsDir, digest));
    const actual = sha256Digest(bytes);
    if (actual !== digest) throw new Error(`${this.label}: manifest file ${digest} is corrupt (content digest ${actual})`);
    return { bytes, digest, mediaType: manifestMediaType(bytes) };
  }

  async putManifest(manifest: ManifestData, reference: string): Promise<void> {
    const path = join(this.manifestsDir, checkedDigest(manifest.digest));
    if (!(await exists(path))) await writeAtomically(path, manifest.bytes);
    if (isDigest(reference)) return;
    const layout = await this.layout();
    if (layout[reference] === manifest.digest) return;
    layout[reference] = manifest.digest;
    await writeAtomically(join(this.manifestsDir, 'layout'), JSON.stringify(layout, null, 2));
  }

  async hasBlob(blob: Descriptor): Promise<boolean> {
    try {
      return (await fs.stat(this.blobPath(blob.digest))).size === blob.size;
    } catch {
      return false;
    }
  }

  async openBlob(blob: Descriptor): Promise<Readable> {
    const path = this.blobPath(blob.digest);
    await fs.access(path).catch(() => {
      throw new Error(`${this.label}: blob ${blob.digest} is missing from ${join(this.dir, 'blobs')}`);
    });
    return createReadStream(path);
  }

  async putBlob(blob: Descriptor, content: Readable): Promise<void> {
    const path = this.blobPath(blob.digest);
    await fs.mkdir(dirname(path), { recursive: true });
    const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
    const hash = createHash(blob.digest.slice(0, blob.digest.indexOf(':')));
    let size = 0;
    content.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(content, createWriteStream(temp, { mode: 0o644 }));
      const digest = `${blob.digest.slice(0, blob.digest.indexOf(':'))}:${hash.digest('hex')}`;
      if (digest !== blob.digest || size !== blob.size) {
        throw new Error(`blob ${blob.digest}: received ${size} bytes with digest ${digest} (expected ${blob.size} bytes)`);
      }
      await fs.rename(temp, path);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }
}
