import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_KUBE_VERSION, isKubeVersion, renderDefaultConfig } from '../default-config';
import { SAMPLE_INVENTORY } from '../default-inventory';
import { ExitCode, takeResumeArgument, withCode } from '../../engine';
import { clusterAssetsRoot } from '../assets';
import type { ClusterCommandContext, ClusterIO } from './context';
import { optionErrorLine } from './option-error';
import { PlanSummaryReporter } from '../presentation/plan-summary';
import { PrecheckTableReporter } from '../presentation/precheck-table';
import { CLUSTER_RUN_OPTIONS, clusterRunOptionSpec, runClusterPlaybook } from './cluster-run';

export const CREATE_HELP = `Usage:
  kplay create cluster [options]                      install a Kubernetes cluster
  kplay create config [--with-kubernetes V] [-o OUT]  print the commented default config
  kplay create inventory [-o OUT]                     print a commented sample inventory

create cluster runs the packaged playbooks/create_cluster.yaml: pre_hook, precheck (stops before
anything changes if a check fails), init (downloads and certificates on this machine), install
(nfs, image registry, etcd, container runtime, Kubernetes, CNI), post_hook.

Options of create cluster:
  -a, --artifact FILE       offline bundle from "kplay artifact export"; nothing is downloaded
  -y, --yes                 install without asking; a real run asks on a terminal after a
                            summary, and without a terminal it needs --yes (--check never asks)
${CLUSTER_RUN_OPTIONS}

Options of create config / create inventory:
      --with-kubernetes V   Kubernetes version of the config (default ${DEFAULT_KUBE_VERSION})
  -o, --output FILE|DIR     write there instead of printing (a directory gets config-<version>.yaml
                            or inventory.yaml); an existing file is kept unless --force
      --force               overwrite an existing file

Examples:
  kplay create config --with-kubernetes v1.33.1 -o config.yaml
  kplay create inventory -o inventory.yaml
  kplay create cluster -i inventory.yaml -c config.yaml --check --diff
  kplay create cluster --check        # the plan for a one-node cluster on this machine
`;

export async function createCommand(argv: readonly string[], ctx: ClusterCommandContext): Promise<number> {
  const { io } = ctx;
  const [what, ...rest] = argv;
  if (what === undefined || what === '--help' || what === '-h') {
    (what === undefined ? io.stderr : io.stdout).write(CREATE_HELP);
    return what === undefined ? ExitCode.badOptions : ExitCode.ok;
  }
  switch (what) {
    case 'cluster':
      return createCluster(rest, ctx);
    case 'config':
    case 'inventory':
      return createFile(what, rest, io);
    default:
      io.stderr.write(`kplay create: unknown target "${what}" (cluster, config or inventory)\n\n${CREATE_HELP}`);
      return ExitCode.badOptions;
  }
}

/** The options of `create cluster` and of `create config|inventory` (also what `kplay completion` offers). */
export const CREATE_CLUSTER_OPTIONS = { ...clusterRunOptionSpec, artifact: { type: 'string', short: 'a' } } as const;
export const CREATE_FILE_OPTIONS = { output: { type: 'string', short: 'o' }, 'with-kubernetes': { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

async function createCluster(argv: readonly string[], ctx: ClusterCommandContext): Promise<number> {
  const { io } = ctx;
  const resumeArg = takeResumeArgument(argv);
  let parsed;
  try {
    parsed = parseArgs({ args: resumeArg.rest, allowPositionals: true, options: CREATE_CLUSTER_OPTIONS });
  } catch (err) {
    io.stderr.write(optionErrorLine('create cluster', err, CREATE_CLUSTER_OPTIONS, 'create'));
    return ExitCode.badOptions;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(CREATE_HELP);
    return ExitCode.ok;
  }
  if (positionals.length > 0) {
    io.stderr.write(`kplay create cluster: unexpected argument "${positionals[0]}"\n`);
    return ExitCode.badOptions;
  }
  let configDefaults = {};
  let artifact: string | undefined;
  if (values.artifact !== undefined) {
    const bundle = resolve(values.artifact);
    if (!existsSync(bundle) || !statSync(bundle).isFile()) {
      io.stderr.write(`kplay create cluster: --artifact ${values.artifact}: no such file\n`);
      return ExitCode.badOptions;
    }
    configDefaults = { download: { artifact_file: bundle } };
    artifact = bundle;
  }
  return runClusterPlaybook(
    {
      command: 'create cluster',
      playbook: 'create_cluster.yaml',
      values,
      tags: [],
      configDefaults,
      confirm: artifact !== undefined ? { artifact } : {},
      // A failed precheck stops the install: its table says where; a clean --check ends with the plan.
      presenters: [(out, color) => new PrecheckTableReporter(out, color, true), (out, color) => new PlanSummaryReporter(out, color)],
      ...(resumeArg.resume !== undefined ? { resume: resumeArg.resume } : {}),
    },
    ctx,
  );
}

function createFile(what: 'config' | 'inventory', argv: readonly string[], io: ClusterIO): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: CREATE_FILE_OPTIONS,
    });
  } catch (err) {
    io.stderr.write(optionErrorLine(`create ${what}`, err, CREATE_FILE_OPTIONS, 'create'));
    return ExitCode.badOptions;
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(CREATE_HELP);
    return ExitCode.ok;
  }
  const version = values['with-kubernetes'] ?? DEFAULT_KUBE_VERSION;
  if (what === 'inventory' && values['with-kubernetes'] !== undefined) {
    io.stderr.write('kplay create inventory: --with-kubernetes applies to create config only\n');
    return ExitCode.badOptions;
  }
  if (!isKubeVersion(version)) {
    io.stderr.write(`kplay create config: --with-kubernetes must look like v1.34.3, got "${version}"\n`);
    return ExitCode.badOptions;
  }
  const root = clusterAssetsRoot();
  const text =
    what === 'config'
      ? renderDefaultConfig(join(root, 'roles', 'defaults', 'defaults', 'main'), join(root, 'roles', 'install', 'common', 'defaults', 'main.yaml'), version)
      : SAMPLE_INVENTORY;
  if (values.output === undefined) {
    io.stdout.write(text);
    return ExitCode.ok;
  }
  let target = resolve(values.output);
  if (existsSync(target) && statSync(target).isDirectory()) target = join(target, what === 'config' ? `config-${version}.yaml` : 'inventory.yaml');
  if (existsSync(target) && !values.force) {
    // An edited file is worth more than a fresh sample: overwrite only when asked.
    io.stderr.write(`kplay create ${what}: ${withCode(`${target} exists; not overwritten (--force replaces it)`, 'KP-CLI-001')}\n`);
    return ExitCode.badOptions;
  }
  try {
    writeFileSync(target, text);
  } catch (err) {
    io.stderr.write(`kplay create ${what}: cannot write ${target}: ${(err as Error).message}\n`);
    return ExitCode.failed;
  }
  io.stdout.write(`wrote ${target}\n`);
  return ExitCode.ok;
}
