/** Every image a local store holds: `<registry>/<repository>:<tag>` from each `manifests/layout`. */
import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';

async function layoutFiles(dir: string, found: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name === 'manifests') {
      const layout = join(path, 'layout');
      if (await fs.stat(layout).then((s) => s.isFile(), () => false)) found.push(layout);
    } else {
      await layoutFiles(path, found);
    }
  }
}

export async function listLocalImages(storeDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await fs.readdir(storeDir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory() && entry.name !== 'blobs') await layoutFiles(join(storeDir, entry.name), files);
  }
  const images: string[] = [];
  for (const file of files) {
    const repository = relative(storeDir, join(file, '..', '..')).split(sep).join('/');
    const layout = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    for (const tag of Object.keys(layout).sort()) images.push(`${repository}:${tag}`);
  }
  return images.sort();
}
