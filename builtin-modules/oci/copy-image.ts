/**
 * Copies one image between two endpoints: blobs first, then child manifests, then the tagged
 * manifest, skipping whatever the destination already holds (so a repeated copy transfers
 * nothing). With a platform filter an index is narrowed to the requested platforms and a new
 * index is written. In dry-run mode only manifests are read and the destination is only asked
 * what it has; nothing is transferred or written.
 */
import type { ImageEndpoint, ManifestData } from './endpoint';
import { type Descriptor, isForeignLayer, parseManifest, sha256Digest } from './media-types';

export type PlatformPolicy = 'strict' | 'warn';

export interface CopyOptions {
  /** `os/architecture` entries; empty means every platform. */
  readonly platforms: readonly string[];
  readonly policy: PlatformPolicy;
  readonly dryRun: boolean;
  readonly warn: (text: string) => void;
}

export interface CopyReport {
  digest?: string;
  blobsCopied: number;
  blobsPresent: number;
  bytesCopied: number;
  manifestsWritten: number;
  manifestsPresent: number;
  /** Platforms copied when a filter applied. */
  platforms?: string[];
  /** The image was left out (warn policy, no platform matched). */
  skipped?: string;
}

export class PlatformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformError';
  }
}

function platformKey(d: Descriptor): string | undefined {
  return d.platform?.os && d.platform.architecture ? `${d.platform.os}/${d.platform.architecture}` : undefined;
}

class Copier {
  readonly report: CopyReport = { blobsCopied: 0, blobsPresent: 0, bytesCopied: 0, manifestsWritten: 0, manifestsPresent: 0 };

  constructor(
    private readonly src: ImageEndpoint,
    private readonly dst: ImageEndpoint,
    private readonly options: CopyOptions,
  ) {}

  async blob(d: Descriptor): Promise<void> {
    if (isForeignLayer(d)) return;
    if (await this.dst.hasBlob(d)) {
      this.report.blobsPresent++;
      return;
    }
    this.report.blobsCopied++;
    this.report.bytesCopied += d.size;
    if (this.options.dryRun) return;
    await this.dst.putBlob(d, await this.src.openBlob(d));
  }

  /** Copies everything a manifest references, then the manifest itself under `reference`. */
  async graph(manifest: ManifestData, reference: string): Promise<void> {
    const parsed = parseManifest(manifest.bytes, manifest.mediaType, `${this.src.label} ${manifest.digest}`);
    if (parsed.kind === 'index') {
      for (const child of parsed.manifests) await this.child(child);
    } else {
      await this.blob(parsed.config);
      for (const layer of parsed.layers) await this.blob(layer);
    }
    await this.manifest(manifest, reference);
  }

  async child(d: Descriptor): Promise<void> {
    if ((await this.dst.resolveDigest(d.digest)) === d.digest) {
      // A stored manifest implies its content was stored before it (manifests are written last).
      this.report.manifestsPresent++;
      return;
    }
    const child = await this.src.fetchManifest(d.digest);
    if (child === undefined) throw new Error(`${this.src.label}: manifest ${d.digest} listed in the index is missing`);
    await this.graph(child, d.digest);
  }

  async manifest(manifest: ManifestData, reference: string): Promise<void> {
    if ((await this.dst.resolveDigest(reference)) === manifest.digest) {
      this.report.manifestsPresent++;
      return;
    }
    this.report.manifestsWritten++;
    if (!this.options.dryRun) await this.dst.putManifest(manifest, reference);
  }

  async readConfig(config: Descriptor): Promise<{ os?: string; architecture?: string }> {
    const stream = await this.src.openBlob(config);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { os?: string; architecture?: string };
  }
}

function platformProblem(image: string, requested: readonly string[], missing: readonly string[], found: number, policy: PlatformPolicy, warn: (t: string) => void): boolean {
  if (found === 0) {
    const text = `no matching platforms found for ${image} in [${requested.join(' ')}]`;
    if (policy === 'strict') throw new PlatformError(text);
    warn(`WARNING: ${text}; skipping the image`);
    return true;
  }
  if (missing.length > 0) {
    const text = `image ${image} missing requested platforms: [${missing.join(' ')}]`;
    if (policy === 'strict') throw new PlatformError(text);
    warn(`WARNING: ${text}; copying the available ones`);
  }
  return false;
}

export async function copyImage(src: ImageEndpoint, dst: ImageEndpoint, options: CopyOptions): Promise<CopyReport> {
  const copier = new Copier(src, dst, options);
  const top = await src.fetchManifest(src.reference);
  if (top === undefined) throw new Error(`${src.label}: manifest not found`);
  copier.report.digest = top.digest;
  if (options.platforms.length === 0) {
    await copier.graph(top, dst.reference);
    return copier.report;
  }
  const parsed = parseManifest(top.bytes, top.mediaType, src.label);
  if (parsed.kind === 'image') {
    const config = await copier.readConfig(parsed.config);
    const key = `${config.os ?? ''}/${config.architecture ?? ''}`;
    if (!options.platforms.includes(key)) {
      const text = `image ${src.label} is ${key}, not one of [${options.platforms.join(' ')}]`;
      if (options.policy === 'strict') throw new PlatformError(text);
      options.warn(`WARNING: ${text}; copying it anyway`);
    }
    copier.report.platforms = [key];
    await copier.graph(top, dst.reference);
    return copier.report;
  }
  const available = new Map<string, Descriptor>();
  for (const entry of parsed.manifests) {
    const key = platformKey(entry);
    if (key !== undefined && !available.has(key)) available.set(key, entry);
  }
  const selected = options.platforms.filter((p) => available.has(p));
  const missing = options.platforms.filter((p) => !available.has(p));
  if (platformProblem(src.label, options.platforms, missing, selected.length, options.policy, options.warn)) {
    return { ...copier.report, skipped: `no platform of [${options.platforms.join(' ')}] in the image` };
  }
  const entries = selected.map((p) => available.get(p) as Descriptor);
  for (const entry of entries) await copier.child(entry);
  // A new index holding only the selected entries, as KubeKey writes it.
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: parsed.mediaType, manifests: entries }));
  const index: ManifestData = { bytes, mediaType: parsed.mediaType, digest: sha256Digest(bytes) };
  copier.report.digest = index.digest;
  copier.report.platforms = selected;
  await copier.manifest(index, dst.reference);
  return copier.report;
}
