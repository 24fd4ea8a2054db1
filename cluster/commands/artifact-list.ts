/**
 * `kplay artifact list`: every artifact init would download for a config, so a site can fill a
 * mirror before the first install (docs/create-cluster-install.md#artifact-list). The list comes
 * from the init role's own plan (playbooks/artifact_list.yaml), not from a copy of its rules.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { ExitCode, withCode } from '../../engine';
import { clusterAssetsRoot } from '../assets';
import type { ClusterCommandContext } from './context';
import { optionErrorLine } from './option-error';

export const ARTIFACT_LIST_HELP = `Usage: kplay artifact list [-c config.yaml] [--output table|json]

Print every artifact "kplay create cluster" downloads for this config: component, version,
architecture, the upstream URL, the path below download.mirror (a mirror keeps the upstream
paths) and the sha256 when download.checksums has it; then the container images an offline
bundle carries. Nothing is downloaded and no host is contacted.

Options:
  -c, --config FILE       cluster config (kind: Config): versions, download.arch, download.mirror
      --output FORMAT     table (default) or json
  -e, --extra-vars VARS   key=value, @file.yaml or {json} (repeatable)

Examples:
  kplay artifact list -c config.yaml
  kplay artifact list -c config.yaml --output json | jq -r '.artifacts[].upstream'
`;

export interface ListedArtifact {
  readonly component: string;
  readonly version: string;
  readonly arch: string;
  readonly url: string;
  readonly upstream: string;
  readonly mirror_path: string;
  readonly path: string;
  readonly sha256: string;
}

export interface ArtifactList {
  readonly artifacts: readonly ListedArtifact[];
  readonly images: readonly string[];
  readonly arches: readonly string[];
  readonly mirror: string;
}

export function formatArtifactTable(list: ArtifactList): string {
  const header = ['COMPONENT', 'VERSION', 'ARCH', 'SHA256', 'UPSTREAM URL', 'MIRROR PATH'];
  const rows = list.artifacts.map((a) => [a.component, a.version, a.arch, a.sha256 === '' ? '-' : a.sha256, a.upstream, a.mirror_path]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const out = [line(header), ...rows.map(line)];
  out.push('', `${list.artifacts.length} files for ${list.arches.join(', ')}${list.mirror !== '' ? `; download.mirror: ${list.mirror.replace(/\/+$/, '')}/<MIRROR PATH>` : ''}`);
  if (list.images.length > 0) out.push('', `IMAGES (carried by an offline bundle and pushed into image_registry.auth.registry when set; else pulled by the nodes): ${list.images.length}`, ...list.images.map((i) => `  ${i}`));
  return `${out.join('\n')}\n`;
}

export const LIST_OPTIONS = {
  config: { type: 'string', short: 'c' },
  output: { type: 'string' },
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function artifactListCommand(argv: readonly string[], ctx: ClusterCommandContext): Promise<number> {
  const { io } = ctx;
  let values;
  try {
    values = parseArgs({ args: [...argv], options: LIST_OPTIONS }).values;
  } catch (err) {
    io.stderr.write(optionErrorLine('artifact list', err, LIST_OPTIONS));
    return ExitCode.badOptions;
  }
  if (values.help) {
    io.stdout.write(ARTIFACT_LIST_HELP);
    return ExitCode.ok;
  }
  const format = values.output ?? 'table';
  if (format !== 'table' && format !== 'json') {
    io.stderr.write(`kplay artifact list: ${withCode(`--output must be table or json, got "${format}"`, 'KP-CLI-001')}\n`);
    return ExitCode.badOptions;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'kplay-artifact-list-'));
  try {
    const listFile = join(scratch, 'list.json');
    let runOutput = '';
    const sink = new PassThrough();
    sink.on('data', (c: Buffer) => (runOutput += c.toString()));
    const code = await ctx.runPlaybook(
      {
        playbook: join(clusterAssetsRoot(), 'playbooks', 'artifact_list.yaml'),
        ...(values.config !== undefined ? { configFile: resolve(values.config) } : {}),
        extraVars: [...(values['extra-vars'] ?? []), `artifact_list_file=${listFile}`, `work_dir=${scratch}`, `binary_dir=${join(scratch, 'kubekey')}`],
        check: false,
        diff: false,
        tags: [],
        skipTags: [],
        forks: 1,
        output: 'text',
        color: false,
        workDir: join(scratch, '.kplay'),
        journal: false,
        verbosity: 0,
        forceHandlers: false,
      },
      { stdout: sink, stderr: io.stderr },
    );
    if (code !== ExitCode.ok) {
      io.stderr.write(runOutput);
      io.stderr.write(`kplay artifact list: the artifact plan failed (exit ${code})\n`);
      return code;
    }
    const list = JSON.parse(readFileSync(listFile, 'utf8')) as ArtifactList;
    io.stdout.write(format === 'json' ? `${JSON.stringify(list, null, 2)}\n` : formatArtifactTable(list));
    return ExitCode.ok;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
