import { type GoMap, type GoValue, type ModuleContext, type ModuleDefinition, type ModuleResult, moduleSchema, parseJsonLossless, validatedArgs } from '../engine/modules/module-api';
import type { SetupArguments } from './arguments';

const MARK = '@@kplay-fact:';

/** One round trip collects every fact: each section is introduced by a marker line. */
const FACT_SCRIPT = [
  ['type', 'uname -s'],
  ['release', 'cat /etc/os-release 2>/dev/null'],
  ['kernel', 'uname -r'],
  ['hostname', 'hostname 2>/dev/null || cat /proc/sys/kernel/hostname'],
  ['arch', 'uname -m'],
  ['cpuinfo', 'cat /proc/cpuinfo 2>/dev/null'],
  ['meminfo', 'cat /proc/meminfo 2>/dev/null'],
  ['lsblk', 'lsblk -J -b -o NAME,SIZE,TYPE,MOUNTPOINT,FSTYPE,MODEL 2>/dev/null'],
]
  .map(([name, cmd]) => `echo '${MARK}${name}'; ${cmd}`)
  .join('\n');

export function splitSections(stdout: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let lines: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith(MARK)) {
      if (current !== undefined) sections.set(current, lines.join('\n'));
      current = line.slice(MARK.length).trim();
      lines = [];
    } else if (current !== undefined) {
      lines.push(line);
    }
  }
  if (current !== undefined) sections.set(current, lines.join('\n'));
  return sections;
}

/** KEY<sep>VALUE lines split at the first separator; values keep their quotes (`docs/modules.md#setup`). */
export function parseKeyValues(text: string, separator: string): GoMap {
  const out: GoMap = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf(separator);
    if (at < 0) continue;
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

export function parseCpuInfo(text: string): GoMap[] {
  const blocks: GoMap[] = [];
  let current: GoMap = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      if (Object.keys(current).length > 0) blocks.push(current);
      current = {};
      continue;
    }
    const at = line.indexOf(':');
    if (at < 0) continue;
    current[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  if (Object.keys(current).length > 0) blocks.push(current);
  return blocks;
}

export function factsFromOutput(stdout: string): GoMap {
  const s = splitSections(stdout);
  const get = (k: string) => (s.get(k) ?? '').trim();
  let blockdevices: GoValue = null;
  try {
    const parsed = parseJsonLossless(get('lsblk'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && 'blockdevices' in parsed) {
      blockdevices = parsed.blockdevices ?? null;
    }
  } catch {
    blockdevices = null;
  }
  return {
    os: {
      type: get('type') || 'Linux',
      release: parseKeyValues(s.get('release') ?? '', '='),
      kernel_version: get('kernel'),
      hostname: get('hostname'),
      architecture: get('arch'),
    },
    process: {
      cpuInfo: parseCpuInfo(s.get('cpuinfo') ?? ''),
      memInfo: parseKeyValues(s.get('meminfo') ?? '', ':'),
    },
    blockdevices,
    gpu: { hasNvidiaGPU: false, devices: [] },
  };
}

const ARGUMENTS = moduleSchema('setup');

async function run(ctx: ModuleContext): Promise<ModuleResult> {
  // `force` changes nothing: facts are gathered again on every call.
  validatedArgs<SetupArguments>(ctx, ARGUMENTS);
  const connector = await ctx.connector();
  const result = await connector.exec(FACT_SCRIPT, { signal: ctx.signal, ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}) });
  if (result.rc !== 0 && result.stdout.trim() === '') {
    return { changed: false, failed: true, msg: `gathering facts failed (exit ${result.rc}): ${result.stderr.trim()}`, stderr: result.stderr };
  }
  ctx.runtime.setFacts(ctx.host, factsFromOutput(result.stdout));
  return { changed: false, stdout: 'success' };
}

export const setupModule: ModuleDefinition = {
  name: 'setup',
  arguments: ARGUMENTS,
  checkMode: 'full',
  summary: 'Gather facts (os, process, blockdevices) from the host.',
  run,
};
