import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { didYouMean, ExitCode, loadConfig, withCode, outputPathProblem } from '../../engine';
import { exportBundle } from '../artifact/bundle';
import { clusterAssetsRoot } from '../assets';
import type { ClusterCommandContext } from './context';
import { optionErrorLine } from './option-error';

export const ARTIFACT_HELP = `Usage: kplay artifact export [-c config.yaml] [-o bundle.tgz] [options]
       kplay artifact list [-c config.yaml] [--output table|json]   (every URL, for a mirror)

Download everything "kplay create cluster" needs (binaries, Helm charts, images) for the
configured versions and every architecture in download.arch, then pack it into ONE .tgz with a
manifest (every file, version, sha256). Install it offline with
"kplay create cluster -a bundle.tgz": no network is used then.

Options:
  -c, --config FILE       cluster config (kind: Config); download.mirror, download.arch, versions …
  -i, --inventory FILE    inventory (only needed for per-host variables; default: localhost)
  -o, --output FILE       bundle to write (default: ./kubekey-artifact.tgz)
      --work-dir DIR      where downloads are kept between runs (default: config work_dir, else
                          the current directory); the bundle packs <DIR>/kubekey
  -e, --extra-vars VARS   key=value, @file.yaml or {json} (repeatable)
      --no-color          plain output
  -v, --verbose           more output

Examples:
  kplay artifact export -c config.yaml -o kubekey-artifact.tgz
  kplay create cluster -i inventory.yaml -c config.yaml -a kubekey-artifact.tgz
`;

export const EXPORT_OPTIONS = {
  config: { type: 'string', short: 'c' },
  inventory: { type: 'string', short: 'i' },
  output: { type: 'string', short: 'o' },
  'work-dir': { type: 'string' },
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  'no-color': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function artifactCommand(argv: readonly string[], ctx: ClusterCommandContext): Promise<number> {
  const { io } = ctx;
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    (sub === undefined ? io.stderr : io.stdout).write(ARTIFACT_HELP);
    return sub === undefined ? ExitCode.badOptions : ExitCode.ok;
  }
  if (sub === 'list') return (await import('./artifact-list')).artifactListCommand(rest, ctx);
  if (sub !== 'export') {
    io.stderr.write(`kplay artifact: ${withCode(`unknown subcommand "${sub}"${didYouMean(sub, ['export', 'list'])} (export or list)`, 'KP-CLI-001')}\n`);
    return ExitCode.badOptions;
  }
  let values;
  try {
    values = parseArgs({ args: [...rest], options: EXPORT_OPTIONS }).values;
  } catch (err) {
    io.stderr.write(optionErrorLine('artifact export', err, EXPORT_OPTIONS, 'artifact'));
    return ExitCode.badOptions;
  }
  if (values.help) {
    io.stdout.write(ARTIFACT_HELP);
    return ExitCode.ok;
  }
  const config = loadConfig(values.config).config ?? {};
  const configured = typeof config.work_dir === 'string' && config.work_dir !== '' ? config.work_dir : undefined;
  const workDir = resolve(values['work-dir'] ?? configured ?? '.');
  const binaryDir = join(workDir, 'kubekey');
  const output = resolve(values.output ?? 'kubekey-artifact.tgz');
  // Checked before the downloads, not found out after them (docs/cli.md#output-paths).
  const unusable = outputPathProblem([
    { option: '--work-dir', path: workDir, kind: 'directory' },
    { option: '--output', path: output, kind: 'file' },
  ]);
  if (unusable !== undefined) {
    io.stderr.write(`kplay artifact export: ${unusable}\n`);
    return ExitCode.badOptions;
  }
  const code = await ctx.runPlaybook({
    playbook: join(clusterAssetsRoot(), 'playbooks', 'artifact_export.yaml'),
    ...(values.inventory !== undefined ? { inventoryFile: values.inventory } : {}),
    ...(values.config !== undefined ? { configFile: values.config } : {}),
    // work_dir/binary_dir as extra vars: the bundle must pack exactly where init downloaded.
    extraVars: [...(values['extra-vars'] ?? []), `work_dir=${workDir}`, `binary_dir=${binaryDir}`],
    check: false,
    diff: false,
    tags: [],
    skipTags: [],
    forks: 50,
    output: 'text',
    workDir: join(workDir, '.kplay'),
    verbosity: values.verbose?.length ?? 0,
    forceHandlers: false,
    ...(values['no-color'] ? { color: false } : {}),
  });
  if (code !== ExitCode.ok) {
    io.stderr.write(`kplay artifact export: the downloads failed (exit ${code}); no bundle written\n`);
    return code;
  }
  try {
    const kube = config.kubernetes;
    const kubeVersion = kube !== null && typeof kube === 'object' && !Array.isArray(kube) && typeof (kube as Record<string, unknown>).kube_version === 'string' ? ((kube as Record<string, unknown>).kube_version as string) : undefined;
    const manifest = await exportBundle(binaryDir, output, kubeVersion);
    const bytes = manifest.files.reduce((n, f) => n + f.size, 0);
    io.stdout.write(`artifact: wrote ${output} (${manifest.files.length} files, ${bytes} bytes before compression)\n`);
    if (!manifest.images) {
      io.stderr.write(
        [
          '',
          '!!! WARNING: this bundle has NO container images (manifest.json: "images": false).',
          '!!! Air-gapped nodes cannot pull the Kubernetes images; "kplay create cluster -a" with this bundle',
          '!!! fails its check unless kubernetes.image_repository names a registry the nodes reach.',
          '!!! To carry the images: set download.images.enabled: true (and download.images.registry for a',
          '!!! pull-through mirror) and export again.',
          '',
        ].join('\n'),
      );
    }
    return ExitCode.ok;
  } catch (err) {
    io.stderr.write(`kplay artifact export: ${(err as Error).message}\n`);
    return ExitCode.failed;
  }
}
