/** One end of an image copy: a repository in a registry, or an image in a local store. */
import type { Readable } from 'node:stream';
import type { Descriptor } from './media-types';

export interface ManifestData {
  readonly bytes: Buffer;
  readonly mediaType: string;
  readonly digest: string;
}

export interface ImageEndpoint {
  /** For messages: `oci://host/repo:tag` or `local:///dir (registry/repo:tag)`. */
  readonly label: string;
  /** The tag or digest this end names. */
  readonly reference: string;
  /** undefined when the manifest does not exist. */
  fetchManifest(reference: string): Promise<ManifestData | undefined>;
  /** The digest a tag or digest currently resolves to, without fetching the body. */
  resolveDigest(reference: string): Promise<string | undefined>;
  /** Stores a manifest under a digest (or tags it when `reference` is a tag). */
  putManifest(manifest: ManifestData, reference: string): Promise<void>;
  hasBlob(blob: Descriptor): Promise<boolean>;
  openBlob(blob: Descriptor): Promise<Readable>;
  putBlob(blob: Descriptor, content: Readable): Promise<void>;
}
