/** Where a single source file lands on the host: `dest`, or inside it when it is a directory. */
import type { Connector, FileStat, StatOptions } from '../../engine/modules/module-api';
import { joinDest } from './controller-source';

export interface ResolvedDest {
  readonly path: string;
  /** The stat of `path` (with checksum) when it was already taken, to save a round trip. */
  readonly stat?: FileStat;
}

/**
 * `dest/` (trailing slash) or an existing host directory means "into that directory". `statOptions`
 * are those the install would stat dest with (installStatOptions), so its stat can be reused.
 */
export async function resolveFileDest(connector: Connector, dest: string, baseName: string, statOptions: StatOptions): Promise<ResolvedDest> {
  if (dest.endsWith('/')) return { path: joinDest(dest, baseName) };
  const stat = await connector.stat(dest, statOptions);
  if (stat.exists && stat.isDirectory) return { path: joinDest(dest, baseName) };
  return { path: dest, stat };
}
