/**
 * `image`: copy OCI images between registries (`oci://registry/repo:tag`) and KubeKey's local
 * store (`local:///dir`), per image named in `manifests`. Idempotent: blobs and manifests the
 * destination already holds are not transferred again. Check mode reads manifests and asks the
 * destination what it has, and transfers and writes nothing.
 */
import { promises as fs } from 'node:fs';
import { isAbsolute } from 'node:path';
import { type GoMap, type GoValue, isMap, ModuleArgumentError, type ModuleContext, type ModuleDefinition, type ModuleResult, renderText, type TlsOptions } from '../engine/modules/module-api';
import { AuthSession } from './oci/auth';
import { copyImage, type CopyReport } from './oci/copy-image';
import type { ImageEndpoint } from './oci/endpoint';
import { IMAGE_ARGUMENTS, type ImageArgs, readImageArgs, type RegistryAuth } from './oci/image-args';
import { listLocalImages } from './oci/local-listing';
import { LocalImageStore } from './oci/local-store';
import { type ImageReference, normaliseImageName, parseReference } from './oci/reference';
import { usePlainHttp } from './oci/loopback-scheme';
import { apiHost, RegistryRepository } from './oci/registry-repository';

const REQUEST_TIMEOUT_MS = 60_000;

/** Per module run: one auth session per registry host and direction, TLS material read once. */
class Registries {
  private readonly sessions = new Map<string, AuthSession>();
  private readonly tls = new Map<string, TlsOptions>();
  private readonly plain = new Map<string, Promise<boolean>>();

  constructor(
    private readonly args: ImageArgs,
    private readonly signal: AbortSignal,
  ) {}

  private auth(registry: string): RegistryAuth | undefined {
    return this.args.auths.find((a) => a.registry === registry);
  }

  private async tlsFor(registry: string): Promise<TlsOptions> {
    const cached = this.tls.get(registry);
    if (cached) return cached;
    const auth = this.auth(registry);
    const read = async (path: string | undefined, key: string): Promise<Buffer | undefined> => {
      if (path === undefined) return undefined;
      try {
        return await fs.readFile(path);
      } catch (error) {
        throw new ModuleArgumentError(`auths entry for ${registry}: cannot read ${key} ${path}: ${(error as Error).message}`);
      }
    };
    const ca = await read(auth?.caFile, 'ca_file');
    const cert = await read(auth?.certFile, 'cert_file');
    const key = await read(auth?.keyFile, 'key_file');
    const options: TlsOptions = {
      skipVerify: auth?.skipTlsVerify ?? this.args.defaultSkipTlsVerify,
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
    };
    this.tls.set(registry, options);
    return options;
  }

  async repository(ref: ImageReference, write: boolean): Promise<RegistryRepository> {
    const auth = this.auth(ref.registry);
    const tls = await this.tlsFor(ref.registry);
    const key = `${ref.registry} ${write}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = new AuthSession(ref.registry, { ...(auth?.username ? { username: auth.username } : {}), ...(auth?.password ? { password: auth.password } : {}) }, tls, REQUEST_TIMEOUT_MS, this.signal);
      this.sessions.set(key, session);
    }
    let plainHttp = this.plain.get(ref.registry);
    if (plainHttp === undefined) {
      plainHttp = usePlainHttp(apiHost(ref.registry), auth?.plainHttp, tls, REQUEST_TIMEOUT_MS, this.signal);
      this.plain.set(ref.registry, plainHttp);
    }
    return new RegistryRepository(ref, { plainHttp: await plainHttp, tls, timeoutMs: REQUEST_TIMEOUT_MS, signal: this.signal, session, write });
  }
}

function viewWithReference(vars: GoMap, ref: ImageReference): GoMap {
  const module: GoMap = isMap(vars.module) ? { ...vars.module } : {};
  const image: GoMap = isMap(module.image) ? { ...module.image } : {};
  image.reference = { registry: ref.registry, repository: ref.repository, reference: ref.reference };
  module.image = image;
  return { ...vars, module };
}

async function openEnd(url: string, image: ImageReference, registries: Registries, write: boolean): Promise<ImageEndpoint> {
  if (url.startsWith('local://')) {
    const dir = url.slice('local://'.length);
    if (!isAbsolute(dir)) throw new ModuleArgumentError(`local path must be an absolute path (e.g. local:///var/lib/kubekey/images), got "${url}"`);
    return new LocalImageStore(dir, image);
  }
  if (url.startsWith('oci://')) return registries.repository(parseReference(url.slice('oci://'.length)), write);
  throw new ModuleArgumentError(`invalid source image reference "${url}": use oci://registry/repository:tag or local:///dir`);
}

async function imageList(ctx: ModuleContext, args: ImageArgs): Promise<string[]> {
  let images = args.manifests;
  if (images === undefined) {
    // Not given at all: a local source offers every image it holds (KubeKey would skip).
    const src = ctx.render(args.src);
    images = src.startsWith('local://') ? await listLocalImages(src.slice('local://'.length)) : [];
  }
  return args.pattern ? images.filter((m) => args.pattern?.test(m)) : [...images];
}

function describe(image: string, src: string, dest: string, report: CopyReport): GoMap {
  const data: Record<string, GoValue> = {
    image,
    src,
    dest,
    digest: report.digest ?? '',
    blobs_copied: report.blobsCopied,
    blobs_present: report.blobsPresent,
    bytes_copied: report.bytesCopied,
    manifests_written: report.manifestsWritten,
    manifests_present: report.manifestsPresent,
  };
  if (report.platforms) data.platforms = report.platforms;
  if (report.skipped) data.skipped = report.skipped;
  return data;
}

function summary(src: string, dest: string, report: CopyReport, check: boolean): string {
  if (report.skipped) return `${src}: skipped (${report.skipped})`;
  const changed = report.blobsCopied + report.manifestsWritten > 0;
  if (!changed) return `${dest}: up to date (${report.blobsPresent} blobs, ${report.manifestsPresent} manifests present)`;
  const verb = check ? 'would copy' : 'copied';
  return `${src} → ${dest}: ${verb} ${report.blobsCopied} blobs (${report.bytesCopied} bytes) and ${report.manifestsWritten} manifests; ${report.blobsPresent} blobs already present`;
}

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  const args = readImageArgs(ctx);
  const images = await imageList(ctx, args);
  if (images.length === 0) return { changed: false, skipped: true, stdout: 'skip', stderr: 'image manifest is empty', msg: 'image manifest is empty' };
  const registries = new Registries(args, ctx.signal);
  const results: GoValue[] = [];
  const lines: string[] = [];
  let changed = false;
  for (const image of images) {
    let src = '';
    let dest = '';
    try {
      const ref = parseReference(normaliseImageName(image));
      const view = viewWithReference(ctx.vars, ref);
      src = renderText(args.src, view, ctx.task.pos.file).trim();
      dest = renderText(args.dest, view, ctx.task.pos.file).trim();
      const from = await openEnd(src, ref, registries, false);
      const to = await openEnd(dest, ref, registries, true);
      const report = await copyImage(from, to, {
        platforms: args.platforms,
        policy: args.policy,
        dryRun: ctx.checkMode,
        warn: (text) => ctx.log('warning', text),
      });
      changed ||= report.blobsCopied + report.manifestsWritten > 0;
      results.push(describe(image, src, dest, report));
      lines.push(summary(src, dest, report, ctx.checkMode));
    } catch (error) {
      if (error instanceof ModuleArgumentError) throw error;
      const where = src !== '' ? `${src} → ${dest}` : image;
      return {
        changed,
        failed: true,
        stdout: 'failed',
        stderr: 'failed to transfer image',
        msg: `${image} (${where}): ${(error as Error).message}`,
        data: { images: results },
      };
    }
  }
  return { changed, stdout: 'success', msg: lines.join('\n'), data: { images: results } };
}

export const imageModule: ModuleDefinition = {
  name: 'image',
  arguments: IMAGE_ARGUMENTS,
  checkMode: 'full',
  summary: 'Copy OCI images between registries (oci://) and a local store (local://): pull, push, local copy; platform filter; idempotent.',
  run,
};
