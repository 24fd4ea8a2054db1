import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The directory holding the cluster project's playbooks/, roles/ and schemas/: the package root,
 * reached from source (cluster/…) or from dist/cluster/…, so walk up instead of guessing.
 */
export function clusterAssetsRoot(): string {
  if (cached !== undefined) return cached;
  let dir = __dirname;
  while (!existsSync(join(dir, 'playbooks', 'create_cluster.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('kplay: cannot find the playbooks/ directory of the package');
    dir = parent;
  }
  cached = dir;
  return dir;
}
