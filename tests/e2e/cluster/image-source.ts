/**
 * A docker-registry on loopback standing in for the upstream registries behind
 * `download.images.registry`: it holds a small single-platform test image under the repository
 * path of every image named (registry host dropped, as that setting expects).
 */
import { blob, type MultiImage, multiImage, singleImage, type SingleImage, TestPusher } from '../../integration/modules/oci-test-images';
import { type Registry, startRegistry } from '../../integration/modules/registry-harness';

export interface ImageSource {
  readonly registry: Registry;
  /** image name as listed → the test image stored for it (amd64) */
  readonly images: ReadonlyMap<string, SingleImage>;
  /** The first image is stored as an index of amd64 and arm64 images instead. */
  readonly multi: { readonly name: string; readonly image: MultiImage };
}

/** `registry.k8s.io/kube-apiserver:v1.34.3` → [`kube-apiserver`, `v1.34.3`]. */
export function repositoryAndTag(image: string): [string, string] {
  const path = image.slice(image.indexOf('/') + 1);
  const colon = path.lastIndexOf(':');
  return [path.slice(0, colon), path.slice(colon + 1)];
}

export async function startImageSource(names: readonly string[]): Promise<ImageSource> {
  return seedImages(await startRegistry(), names);
}

/** Uploads the test images into a running registry. */
export async function seedImages(registry: Registry, names: readonly string[]): Promise<ImageSource> {
  const pusher = new TestPusher(registry.baseUrl, undefined);
  const images = new Map<string, SingleImage>();
  // one layer shared by all (blobs are stored once), one of its own each
  const shared = blob(Buffer.alloc(96 * 1024, 3));
  const multi = { name: names[0], image: multiImage() };
  for (const name of names) {
    const [repository, tag] = repositoryAndTag(name);
    if (name === multi.name) {
      await pusher.multi(repository, tag, multi.image);
      images.set(name, multi.image.amd64);
      continue;
    }
    const image = singleImage('amd64', [shared, blob(Buffer.from(`layer of ${name}`))]);
    await pusher.single(repository, tag, image);
    images.set(name, image);
  }
  return { registry, images, multi };
}
