/**
 * What `kplay create cluster` and `kplay precheck` share: their run options, the config-key
 * check, the default inventory, and the mapping to a run request for the packaged playbooks.
 */

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkClusterConfig } from '../config-check';
import { DEFAULT_CLUSTER_INVENTORY } from '../default-inventory';
import { DEFAULT_KUBE_VERSION, isKubeVersion } from '../default-config';
import { buildKnownKeys } from '../known-keys';
import { ExitCode, formatDiagnostic, loadConfig, withCode, type GoMap } from '../../engine';
import { installSummary, isTty, readAnswer } from './confirm';
import { clusterAssetsRoot } from '../assets';
import type { ClusterCommandContext, ClusterRunRequest } from './context';

export const CLUSTER_RUN_OPTIONS = `  -i, --inventory FILE      inventory; default: this machine alone (kplay create inventory prints a sample)
  -c, --config FILE         cluster config (kplay create config prints the defaults); unknown keys are errors
      --with-kubernetes V   Kubernetes version, e.g. v1.34.3 (default); the config's kubernetes.kube_version wins
  -e, --extra-vars VARS     key=value, @file.yaml or {json}; above every other value (repeatable)
  -C, --check               dry run: nothing on any host changes; read-only probes still run
  -D, --diff                show the differences of files that change (or would change)
  -l, --limit PATTERN       only these hosts (a:b, a:!b, web*, ~regex); the controller (localhost)
                            always takes part: it runs the config checks and init
  -t, --tags TAGS           run only tasks with these tags (comma-separated, repeatable)
      --skip-tags TAGS      skip tasks with these tags (comma-separated, repeatable)
      --start-at-task NAME  start at the first task named NAME (or "role : NAME"; globs allowed)
  -u, --user USER           SSH user for hosts whose connector sets none (an inventory user wins)
      --private-key FILE    SSH private key for hosts whose connector sets none
  -f, --forks N             hosts worked on in parallel (default 50)
      --report FILE.json    write a JSON report of the run
      --output FORMAT       text (default) or json (events as JSON lines)
      --workdir DIR         kplay's run journals (default ./.kplay); not the cluster work_dir
      --known-hosts FILE    SSH known-hosts file kplay records new host keys in
      --list-hosts          print the hosts each play would run on, then exit
      --list-tasks          print the tasks each play would run, then exit
      --no-color            plain output
  -v, --verbose             more output (-vv, -vvv for more)

The cluster work_dir (downloads under kubekey/, certificates under pki/, hook scripts under
scripts/) is the config's work_dir when set, else the directory the command runs in.`;

export const clusterRunOptionSpec = {
  inventory: { type: 'string', short: 'i' },
  config: { type: 'string', short: 'c' },
  'with-kubernetes': { type: 'string' },
  'extra-vars': { type: 'string', short: 'e', multiple: true },
  check: { type: 'boolean', short: 'C' },
  diff: { type: 'boolean', short: 'D' },
  tags: { type: 'string', short: 't', multiple: true },
  'skip-tags': { type: 'string', multiple: true },
  'start-at-task': { type: 'string' },
  limit: { type: 'string', short: 'l' },
  yes: { type: 'boolean', short: 'y' },
  user: { type: 'string', short: 'u' },
  'private-key': { type: 'string' },
  forks: { type: 'string', short: 'f' },
  report: { type: 'string' },
  output: { type: 'string' },
  workdir: { type: 'string' },
  'known-hosts': { type: 'string' },
  'list-hosts': { type: 'boolean' },
  'list-tasks': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export type ClusterRunValues = ReturnType<typeof parseArgs<{ options: typeof clusterRunOptionSpec; allowPositionals: true }>>['values'];

export interface ClusterRunPlan {
  readonly command: string;
  readonly playbook: string;
  readonly values: ClusterRunValues;
  readonly tags: readonly string[];
  /** Extra config values the command sets below the config file (e.g. download.artifact_file). */
  readonly configDefaults?: GoMap;
  /** A real run changes hosts: show the summary and ask first (create cluster). */
  readonly confirm?: { readonly artifact?: string };
}

/**
 * --limit for the cluster playbooks: the controller always takes part (config checks, init,
 * the gates), so "node2" becomes "node2:localhost".
 */
export function clusterLimit(limit: string | undefined): string | undefined {
  if (limit === undefined || limit.trim() === '') return undefined;
  return `${limit}:localhost`;
}

function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out: GoMap = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev !== null && typeof prev === 'object' && !Array.isArray(prev) && v !== null && typeof v === 'object' && !Array.isArray(v)
        ? mergeMaps(prev as GoMap, v as GoMap)
        : v;
  }
  return out;
}

/**
 * -u / --private-key as Ansible has them: defaults below everything else (config values are the
 * lowest layer), so a connector user or key in the inventory or the config still wins. The
 * implicit localhost stays local (docs/connectors.md#local-or-ssh).
 */
function connectorDefaults(values: ClusterRunValues): GoMap {
  const connector: GoMap = {};
  if (values.user !== undefined) connector.user = values.user;
  if (values['private-key'] !== undefined) connector.private_key = resolve(values['private-key']);
  return Object.keys(connector).length > 0 ? { connector } : {};
}

/** Validates the options and the config keys, then runs the packaged playbook. */
export async function runClusterPlaybook(plan: ClusterRunPlan, ctx: ClusterCommandContext): Promise<number> {
  const { io } = ctx;
  const { values, command } = plan;
  const fail = (message: string, code: number = ExitCode.badOptions): number => {
    io.stderr.write(`kplay ${command}: ${message}\n`);
    return code;
  };
  const kubeVersion = values['with-kubernetes'] ?? DEFAULT_KUBE_VERSION;
  if (!isKubeVersion(kubeVersion)) return fail(`--with-kubernetes must look like v1.34.3, got "${kubeVersion}"`);
  const forks = values.forks === undefined ? 50 : Number(values.forks);
  if (!Number.isInteger(forks) || forks < 1) return fail(`--forks must be a positive whole number, got "${values.forks}"`);
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') return fail(`--output must be text or json, got "${output}"`);

  const root = clusterAssetsRoot();
  const problems = checkClusterConfig(values.config, buildKnownKeys(join(root, 'roles'), join(root, 'schemas', 'cluster-config.json')));
  if (problems.length > 0) {
    for (const d of problems) io.stderr.write(`${formatDiagnostic(d)}\n`);
    io.stderr.write(`kplay: ${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was run\n`);
    return ExitCode.invalidInput;
  }

  const workDir = resolve(values.workdir ?? '.kplay');
  const configWorkDir = values.config === undefined ? undefined : loadConfig(values.config).config?.work_dir;
  const projectWorkDir = typeof configWorkDir === 'string' && configWorkDir !== '' ? resolve(configWorkDir) : process.cwd();

  let inventoryFile = values.inventory;
  if (inventoryFile === undefined) {
    // Written out so that diagnostics and the journal can point at a real file.
    mkdirSync(workDir, { recursive: true });
    inventoryFile = join(workDir, 'default-inventory.yaml');
    writeFileSync(inventoryFile, DEFAULT_CLUSTER_INVENTORY);
  } else if (!existsSync(inventoryFile)) {
    return fail(`inventory ${inventoryFile} does not exist`);
  }

  const request: ClusterRunRequest = {
    playbook: join(root, 'playbooks', plan.playbook),
    inventoryFile,
    ...(values.config !== undefined ? { configFile: values.config } : {}),
    extraVars: values['extra-vars'] ?? [],
    configDefaults: mergeMaps(mergeMaps({ kubernetes: { kube_version: kubeVersion } }, connectorDefaults(values)), plan.configDefaults ?? {}),
    projectWorkDir,
    check: values.check ?? false,
    diff: values.diff ?? false,
    tags: [...plan.tags, ...splitList(values.tags)],
    ...(clusterLimit(values.limit) !== undefined ? { limit: clusterLimit(values.limit) } : {}),
    skipTags: splitList(values['skip-tags']),
    ...(values['start-at-task'] !== undefined ? { startAtTask: values['start-at-task'] } : {}),
    forks,
    ...(values.report !== undefined ? { reportFile: values.report } : {}),
    output,
    workDir,
    verbosity: values.verbose?.length ?? 0,
    forceHandlers: false,
    ...(values['known-hosts'] !== undefined ? { knownHostsFile: values['known-hosts'] } : {}),
    ...(values['list-hosts'] ? { list: 'hosts' as const } : values['list-tasks'] ? { list: 'tasks' as const } : {}),
    ...(values['no-color'] ? { color: false } : {}),
  };
  if (plan.confirm !== undefined && !request.check && request.list === undefined) {
    const answer = await confirmInstall(ctx, values, request, plan.confirm.artifact);
    if (answer !== ExitCode.ok) return answer;
  }
  return ctx.runPlaybook(request);
}

/**
 * A real install on a terminal shows what it will do and waits for "yes". Without a terminal it
 * refuses unless --yes says so: a pipeline must opt in to changing hosts, never fall into it.
 */
async function confirmInstall(ctx: ClusterCommandContext, values: ClusterRunValues, request: ClusterRunRequest, artifact: string | undefined): Promise<number> {
  if (values.yes) return ExitCode.ok;
  const { io } = ctx;
  if (io.stdin === undefined || !isTty(io.stdin)) {
    io.stderr.write(
      `kplay create cluster: ${withCode('a real install changes the hosts and needs confirmation; no terminal to ask on. Pass --yes (-y) to go ahead, or --check to see the plan', 'KP-CLI-001')}\n`,
    );
    return ExitCode.badOptions;
  }
  io.stdout.write(
    installSummary({
      inventoryFile: request.inventoryFile ?? '',
      ...(request.configFile !== undefined ? { configFile: request.configFile } : {}),
      configDefaults: request.configDefaults ?? {},
      rolesDir: join(clusterAssetsRoot(), 'roles'),
      ...(values.limit !== undefined ? { limit: values.limit } : {}),
      ...(artifact !== undefined ? { artifact } : {}),
    }),
  );
  io.stdout.write('Continue? Type "yes" to install (--yes skips this question): ');
  const answer = await readAnswer(io.stdin);
  if (/^y(es)?$/i.test(answer)) return ExitCode.ok;
  io.stderr.write('kplay create cluster: not confirmed; nothing was changed\n');
  return ExitCode.badOptions;
}
