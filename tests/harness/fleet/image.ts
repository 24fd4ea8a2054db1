/**
 * Builds (once) and caches the fleet's Debian root file system:
 * `<FLEET_CACHE_DIR>/<recipe hash>/rootfs`. Concurrent callers (parallel jest workers) wait for
 * one builder through a lock directory; a build that dies leaves only a `.build-*` directory that
 * the next build removes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLEET_CACHE_DIR, defaultRecipe, ImageRecipe, recipeHash } from './recipe';
import { processAlive } from './procs';

export interface FleetImage {
  readonly hash: string;
  readonly rootfs: string;
}

function run(command: string, args: readonly string[], logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      const output = Buffer.concat(chunks).toString('utf8');
      writeFileSync(logFile, output, { flag: 'a' });
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}; log: ${logFile}\n${output.slice(-2000)}`));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function takeLock(lockDir: string): boolean {
  try {
    mkdirSync(lockDir);
    writeFileSync(join(lockDir, 'pid'), String(process.pid));
    return true;
  } catch {
    const owner = Number(readFileSyncSafe(join(lockDir, 'pid')));
    if (owner > 0 && !processAlive(owner)) {
      rmSync(lockDir, { recursive: true, force: true });
      return takeLock(lockDir);
    }
    return false;
  }
}

function readFileSyncSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

async function build(recipe: ImageRecipe, hash: string, log: (line: string) => void): Promise<void> {
  for (const name of readdirSync(FLEET_CACHE_DIR)) {
    if (name.startsWith(`${hash}.build-`)) rmSync(join(FLEET_CACHE_DIR, name), { recursive: true, force: true });
  }
  const buildDir = join(FLEET_CACHE_DIR, `${hash}.build-${process.pid}`);
  const rootfs = join(buildDir, 'rootfs');
  mkdirSync(buildDir, { recursive: true });
  const logFile = join(buildDir, 'build.log');
  log(`building the fleet image ${hash} with debootstrap from ${recipe.mirror} (${recipe.suite}); log: ${logFile}`);
  await run(
    'debootstrap',
    [`--variant=${recipe.variant}`, `--include=${recipe.packages.join(',')}`, recipe.suite, rootfs, recipe.mirror],
    logFile,
  );
  await run('chroot', [rootfs, '/bin/sh', '-c', recipe.setup], logFile);
  writeFileSync(join(buildDir, 'recipe.json'), `${JSON.stringify({ ...recipe, hash }, null, 2)}\n`);
  renameSync(buildDir, join(FLEET_CACHE_DIR, hash));
  log(`fleet image ready: ${join(FLEET_CACHE_DIR, hash)}`);
}

/** Returns the cached image for the recipe, building it first when the recipe is new. */
export async function ensureImage(
  recipe: ImageRecipe = defaultRecipe(),
  log: (line: string) => void = () => undefined,
): Promise<FleetImage> {
  const hash = recipeHash(recipe);
  const imageDir = join(FLEET_CACHE_DIR, hash);
  const image = { hash, rootfs: join(imageDir, 'rootfs') };
  mkdirSync(FLEET_CACHE_DIR, { recursive: true });
  const lockDir = join(FLEET_CACHE_DIR, `${hash}.lock`);
  for (;;) {
    if (existsSync(join(imageDir, 'recipe.json'))) return image;
    if (takeLock(lockDir)) {
      try {
        if (!existsSync(join(imageDir, 'recipe.json'))) await build(recipe, hash, log);
        return image;
      } finally {
        rmSync(lockDir, { recursive: true, force: true });
      }
    }
    await sleep(1000);
  }
}

/** Removes cached images other than the current recipe's (they are never used again). */
export function pruneImages(keep: string = recipeHash(defaultRecipe())): string[] {
  if (!existsSync(FLEET_CACHE_DIR)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(FLEET_CACHE_DIR)) {
    if (name === keep || name.startsWith(`${keep}.`)) continue;
    rmSync(join(FLEET_CACHE_DIR, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

export function debootstrapAvailable(): boolean {
  try {
    execFileSync('debootstrap', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
