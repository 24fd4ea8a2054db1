/**
 * The shape of gathered facts (`docs/modules.md#setup`) as stored in a host's remote layer. Every value
 * read from the host is a string; `blockdevices` is null when lsblk failed.
 */

import type { GoList, GoMap } from '../core/values';

export interface OsFacts extends GoMap {
  /** `uname -s` (the literal "Linux" on the local connector). */
  type: string;
  /** /etc/os-release KEY → VALUE, quotes kept (`VERSION_ID: '"22.04"'`). */
  release?: GoMap;
  kernel_version?: string;
  hostname?: string;
  architecture?: string;
}

export interface ProcessFacts extends GoMap {
  /** /proc/cpuinfo, one map per blank-line separated block. */
  cpuInfo: GoList;
  /** /proc/meminfo KEY → VALUE (`MemTotal: "16318480 kB"`). */
  memInfo: GoMap;
}

export interface GpuFacts extends GoMap {
  hasNvidiaGPU: boolean;
  /** Maps with pciAddress, classCode, vendorId, vendorName, deviceId, deviceName, driverClass. */
  devices: GoList;
}

export interface HostFacts extends GoMap {
  os: OsFacts;
  process?: ProcessFacts;
  blockdevices?: GoList | null;
  gpu?: GpuFacts;
}
