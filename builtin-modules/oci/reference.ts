/**
 * Image references: `[registry/]repository[:tag][@digest]`, normalised the way Docker does
 * (the first path segment is a registry only when it looks like a host: it contains `.` or `:`
 * or is `localhost`). KubeKey's rule differs for `project/img` and `host:port/img`; see
 * docs/compatibility.md.
 */

export const DEFAULT_REGISTRY = 'docker.io';

export interface ImageReference {
  readonly registry: string;
  readonly repository: string;
  /** A tag, or a digest (`sha256:…`) when the reference names one. */
  readonly reference: string;
}

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

export class ReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceError';
  }
}

function looksLikeRegistry(segment: string): boolean {
  return segment.includes('.') || segment.includes(':') || segment === 'localhost';
}

/** `nginx` → `docker.io/library/nginx`, `calico/cni` → `docker.io/calico/cni`; hosts are kept. */
export function normaliseImageName(name: string): string {
  const text = name.trim();
  const slash = text.indexOf('/');
  if (slash < 0) return `${DEFAULT_REGISTRY}/library/${text}`;
  if (looksLikeRegistry(text.slice(0, slash))) return text;
  return `${DEFAULT_REGISTRY}/${text}`;
}

/** Parses a normalised reference `registry/repository[:tag][@digest]` (tag defaults to latest). */
export function parseReference(text: string): ImageReference {
  const slash = text.indexOf('/');
  if (slash <= 0) throw new ReferenceError(`invalid image reference "${text}": no registry`);
  const registry = text.slice(0, slash);
  let rest = text.slice(slash + 1);
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new ReferenceError(`invalid image reference "${text}": bad digest "${digest}"`);
  }
  // `repo:sha256:…` is what `{{repository}}:{{reference}}` renders for a digest reference.
  const renderedDigest = /^(.*?):([a-z0-9]+:[a-f0-9]{32,})$/.exec(rest);
  if (digest === undefined && renderedDigest) {
    digest = renderedDigest[2];
    rest = renderedDigest[1];
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new ReferenceError(`invalid image reference "${text}": bad tag "${tag}"`);
  }
  if (!REPOSITORY.test(rest)) throw new ReferenceError(`invalid image reference "${text}": bad repository name "${rest}"`);
  return { registry, repository: rest, reference: digest ?? tag ?? 'latest' };
}

export function isDigest(reference: string): boolean {
  return DIGEST.test(reference);
}

export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${isDigest(ref.reference) ? '@' : ':'}${ref.reference}`;
}
