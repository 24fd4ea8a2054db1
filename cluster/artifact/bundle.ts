/**
 * Offline bundles: one gzip-compressed tar of a binary directory plus `manifest.json` (every
 * file with its component, version, architecture, size and sha256) and `SHA256SUMS` (the same
 * checksums in `sha256sum --check` format, so a playbook can verify with standard tools).
 * The tar format itself is the `tar` package's (pax headers for long names, header checksums
 * verified on reading).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Header, Pack, ReadEntry, extract } from 'tar';

export const MANIFEST_NAME = 'manifest.json';
export const CHECKSUMS_NAME = 'SHA256SUMS';

export interface BundleFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  /** From the `<component>/<version>/<arch>/<file>` (or `charts/<name>/<version>/<file>`) layout. */
  readonly component?: string;
  readonly version?: string;
  readonly arch?: string;
}

export interface BundleManifest {
  readonly kind: 'kplay-artifact';
  readonly formatVersion: 1;
  readonly created: string;
  readonly kubeVersion?: string;
  /**
   * Whether the bundle carries container images (under images/). Without them air-gapped nodes
   * cannot start Kubernetes; `create cluster -a` refuses such a bundle unless the images come
   * from a registry the nodes reach.
   */
  readonly images: boolean;
  readonly files: readonly BundleFile[];
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function listFiles(root: string, dir = root): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, full)));
    else if (entry.isFile()) out.push(relative(root, full).split(sep).join('/'));
  }
  return out;
}

/** Download leftovers and the bundle's own index files are never packed. */
function packable(path: string): boolean {
  return path !== MANIFEST_NAME && path !== CHECKSUMS_NAME && !path.endsWith('.part') && !path.endsWith('.part.json');
}

function describe(path: string): Pick<BundleFile, 'component' | 'version' | 'arch'> {
  const parts = path.split('/');
  if (parts[0] === 'charts' && parts.length === 4) return { component: parts[1], version: parts[2], arch: 'any' };
  if (parts.length === 4 && /^v?\d/.test(parts[1])) return { component: parts[0], version: parts[1], arch: parts[2] };
  if (parts[0] === 'images') return { component: 'images' };
  return {};
}

export async function buildManifest(root: string, kubeVersion?: string): Promise<BundleManifest> {
  const files: BundleFile[] = [];
  for (const path of (await listFiles(root)).filter(packable)) {
    const full = join(root, path);
    files.push({ path, size: (await fs.stat(full)).size, sha256: await sha256Of(full), ...describe(path) });
  }
  const images = files.some((f) => f.path.startsWith('images/'));
  return { kind: 'kplay-artifact', formatVersion: 1, created: new Date().toISOString(), ...(kubeVersion ? { kubeVersion } : {}), images, files };
}

/** An archive entry made from text, for the index files that exist only inside the bundle. */
function textEntry(name: string, text: string): ReadEntry {
  const data = Buffer.from(text, 'utf8');
  const entry = new ReadEntry(new Header({ path: name, mode: 0o644, size: data.length, mtime: new Date(), type: 'File' }));
  entry.end(data);
  return entry;
}

export function checksumsText(manifest: BundleManifest): string {
  return manifest.files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
}

/** Packs `root` into `outFile` (written to a temporary name, then renamed). */
export async function exportBundle(root: string, outFile: string, kubeVersion?: string): Promise<BundleManifest> {
  const manifest = await buildManifest(root, kubeVersion);
  if (manifest.files.length === 0) throw new Error(`nothing to pack: ${root} has no files`);
  await fs.mkdir(dirname(outFile), { recursive: true });
  const tmp = join(dirname(outFile), `.${basename(outFile)}.tmp-${process.pid}`);
  try {
    // portable: no owner names or ids of the packing machine in the bundle
    const pack = new Pack({ cwd: root, gzip: true, portable: true });
    const done = pipeline(pack, createWriteStream(tmp));
    pack.add(textEntry(MANIFEST_NAME, `${JSON.stringify(manifest, null, 2)}\n`));
    pack.add(textEntry(CHECKSUMS_NAME, checksumsText(manifest)));
    for (const f of manifest.files) pack.add(f.path);
    pack.end();
    await done;
    await fs.rename(tmp, outFile);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
  return manifest;
}

/**
 * Unpacks regular files and directories. `strict` turns the reader's warnings into errors: a
 * header whose checksum does not match, a path with `..` or an absolute path stops the
 * extraction. Links and devices are never written (bundles contain none) and fail it afterwards.
 */
async function extractArchive(file: string, destDir: string): Promise<void> {
  const refused: string[] = [];
  try {
    await extract({
      file,
      cwd: destDir,
      strict: true,
      filter: (path, entry) => {
        const type = 'type' in entry ? entry.type : 'File';
        if (type === 'File' || type === 'OldFile' || type === 'Directory') return true;
        refused.push(`${path} (${type})`);
        return false;
      },
    });
  } catch (error) {
    throw new Error(`${file}: not a valid bundle: ${(error as Error).message}`);
  }
  if (refused.length > 0) throw new Error(`${file}: unsupported entries in the bundle: ${refused.join(', ')}`);
}

function parseManifest(text: string, file: string): BundleManifest {
  const parsed = JSON.parse(text) as Partial<BundleManifest>;
  if (parsed.kind !== 'kplay-artifact' || !Array.isArray(parsed.files)) throw new Error(`${file}: ${MANIFEST_NAME} is not a kplay artifact manifest`);
  return parsed as BundleManifest;
}

/**
 * Extracts a bundle into `destDir` and verifies every file against the manifest; a file that
 * does not match is removed and the extraction fails naming it.
 */
export async function extractBundle(file: string, destDir: string): Promise<BundleManifest> {
  await fs.mkdir(destDir, { recursive: true });
  await extractArchive(file, destDir);
  const manifest = parseManifest(await fs.readFile(join(destDir, MANIFEST_NAME), 'utf8'), file);
  const bad: string[] = [];
  for (const f of manifest.files) {
    const full = join(destDir, f.path);
    const actual = await sha256Of(full).catch(() => 'missing');
    if (actual !== f.sha256) {
      bad.push(`${f.path} (expected sha256 ${f.sha256}, got ${actual})`);
      await fs.rm(full, { force: true });
    }
  }
  if (bad.length > 0) throw new Error(`${file}: ${bad.length} file(s) do not match the manifest: ${bad.join('; ')}`);
  return manifest;
}
