import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { orphanedTemps, STALE_TEMP_AGE_MS, tempPathBeside, tempPrefix } from './temp-files';

const here = hostname().replace(/[^A-Za-z0-9._]/g, '_').slice(0, 64);

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const child = spawnSync('true');
  return child.pid;
}

describe('temp files beside a destination', () => {
  test('are named after the destination, this controller and this process', () => {
    const path = tempPathBeside('/etc/app/config.yaml');
    expect(path).toMatch(new RegExp(`^/etc/app/\\.config\\.yaml\\.kplay-tmp-${here.replace(/\./g, '\\.')}-${process.pid}-[0-9a-f]{12}$`));
    expect(tempPrefix('/etc/app/config.yaml')).toBe('.config.yaml.kplay-tmp-');
  });

  test('one is orphaned when its kplay process is gone from this controller, or when it sat idle for an hour', () => {
    const now = Date.now();
    const fresh = now - 1000;
    const old = now - STALE_TEMP_AGE_MS - 1000;
    const name = (owner: string, pid: number) => `.big.bin.kplay-tmp-${owner}-${pid}-0123456789ab`;
    const candidates = [
      { name: name(here, deadPid()), mtimeMs: fresh }, // crashed run on this controller
      { name: name(here, process.pid), mtimeMs: fresh }, // this run's own write in progress
      { name: name(here, process.ppid), mtimeMs: fresh }, // another live process
      { name: name('other-controller', 12345), mtimeMs: fresh }, // cannot tell: recent, kept
      { name: name('other-controller', 12345).replace('0123', 'abcd'), mtimeMs: old }, // idle for an hour
      { name: '.big.bin.kplay-tmp-0123456789ab', mtimeMs: old }, // older kplay's naming, idle
      { name: '.big.bin.kplay-tmp-ba9876543210', mtimeMs: fresh }, // older kplay's naming, recent
      { name: '.other.bin.kplay-tmp-x-1-0123456789ab', mtimeMs: old }, // another destination's
      { name: 'big.bin', mtimeMs: old },
    ];
    expect(orphanedTemps('/data/big.bin', candidates, now)).toEqual([candidates[0].name, candidates[4].name, candidates[5].name]);
  });
});
