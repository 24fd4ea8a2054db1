/** Manifest media types and the parts of manifests the copier reads. */
import { createHash } from 'node:crypto';

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** What a client accepts when resolving a tag: every type the copier understands. */
export const MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(', ');

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: { readonly os?: string; readonly architecture?: string; readonly variant?: string };
  readonly urls?: readonly string[];
}

export type ParsedManifest =
  | { readonly kind: 'index'; readonly mediaType: string; readonly manifests: readonly Descriptor[]; readonly raw: Record<string, unknown> }
  | { readonly kind: 'image'; readonly mediaType: string; readonly config: Descriptor; readonly layers: readonly Descriptor[] };

export class UnsupportedMediaTypeError extends Error {
  constructor(mediaType: string, what: string) {
    super(`unsupported media type "${mediaType}" for ${what}`);
    this.name = 'UnsupportedMediaTypeError';
  }
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function descriptor(value: unknown, where: string): Descriptor {
  if (typeof value !== 'object' || value === null) throw new Error(`${where}: descriptor is not an object`);
  const v = value as Record<string, unknown>;
  if (typeof v.digest !== 'string' || typeof v.size !== 'number') throw new Error(`${where}: descriptor lacks digest or size`);
  return v as unknown as Descriptor;
}

/**
 * The media type of a manifest body: its `mediaType` field, else inferred from its shape (OCI
 * manifests may omit the field; the HTTP Content-Type is the fallback the caller passes).
 */
export function manifestMediaType(body: Buffer, contentType?: string): string {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return contentType ?? 'application/octet-stream';
  }
  if (typeof doc.mediaType === 'string' && doc.mediaType !== '') return doc.mediaType;
  if (contentType !== undefined && contentType !== '' && !contentType.startsWith('application/json')) return contentType.split(';')[0].trim();
  if (Array.isArray(doc.manifests)) return OCI_INDEX;
  if (doc.config !== undefined) return OCI_MANIFEST;
  return contentType ?? 'application/octet-stream';
}

export function parseManifest(body: Buffer, mediaType: string, what: string): ParsedManifest {
  const doc = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  if (mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST) {
    if (!Array.isArray(doc.manifests)) throw new Error(`${what}: index without "manifests"`);
    return { kind: 'index', mediaType, manifests: doc.manifests.map((m, i) => descriptor(m, `${what} manifests[${i}]`)), raw: doc };
  }
  if (mediaType === OCI_MANIFEST || mediaType === DOCKER_MANIFEST) {
    const layers = Array.isArray(doc.layers) ? doc.layers.map((l, i) => descriptor(l, `${what} layers[${i}]`)) : [];
    return { kind: 'image', mediaType, config: descriptor(doc.config, `${what} config`), layers };
  }
  throw new UnsupportedMediaTypeError(mediaType, what);
}

/** Foreign (non-distributable) layers live elsewhere and are not copied, as in Docker and oras. */
export function isForeignLayer(d: Descriptor): boolean {
  return /foreign|nondistributable/.test(d.mediaType) && (d.urls?.length ?? 0) > 0;
}
