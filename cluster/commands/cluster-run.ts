/**
 * What `kplay create cluster` and `kplay precheck` share: their run options, the config-key
 * check, the default inventory, and the mapping to a run request for the packaged playbooks.
 */

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { parseArgs } from 'node:util';
import { checkClusterConfig, checkClusterExtraVars } from '../config-check';
import { DEFAULT_CLUSTER_INVENTORY } from '../default-inventory';
import { DEFAULT_KUBE_VERSION, isKubeVersion } from '../default-config';
import { buildKnownKeys } from '../known-keys';
import { askPasswords, ExitCode, formatDiagnostic, loadConfig, outputPathProblem, RESUME_HELP, RUN_FLAGS, runFlagHelp, runFlagOptions, withCode, type AskedPasswords, type GoMap } from '../../engine';
import { installSummary, isTty, readAnswer } from './confirm';
import { clusterAssetsRoot } from '../assets';
import type { ClusterCommandContext, ClusterRunRequest } from './context';

export const CLUSTER_RUN_OPTIONS = `${runFlagHelp(
  [
    'inventory',
    'config',
    ['    --with-kubernetes V', "Kubernetes version, e.g. v1.34.3 (default); the config's kubernetes.kube_version wins"],
    'extra-vars',
    'check',
    'diff',
    'limit',
    'tags',
    'skip-tags',
    'start-at-task',
    'user',
    'private-key',
    'ask-pass',
    'ask-become-pass',
    'forks',
    'report',
    'output',
    'workdir',
    'known-hosts',
    RESUME_HELP,
    'force',
    'list-hosts',
    'list-tasks',
    'hide-skipped',
    'no-color',
    'verbose',
  ],
  {
    inventory: 'inventory; default: this machine alone (kplay create inventory prints a sample)',
    config: 'cluster config (kplay create config prints the defaults); unknown keys are errors',
    'extra-vars': 'key=value, @file.yaml or {json}; above every other value (repeatable); keys checked like the config\'s',
    check: 'dry run: nothing on any host changes; read-only probes still run; ends with the plan',
    limit: 'only these hosts (a:b, a:!b, web*, ~regex); the controller (localhost) always takes part: it runs the config checks and init',
    'skip-tags': 'skip tasks with these tags (comma-separated, repeatable); the gates (tag always) cannot be skipped',
    workdir: "kplay's own directory: run journals (default ./.kplay); not the cluster work_dir",
    verbose: 'more output: a line per host (Ansible\'s layout); -vv command output; -vvv each command as sent',
  },
)}

The cluster work_dir (downloads under kubekey/, certificates under pki/, hook scripts under
scripts/) is the config's work_dir when set, else the directory the command runs in.`;

/** The flags of create cluster and precheck: the shared run flags and their own. */
export const clusterRunOptionSpec = {
  ...RUN_FLAGS,
  'with-kubernetes': { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
} as const;

export type ClusterRunValues = ReturnType<typeof parseArgs<{ options: typeof clusterRunOptionSpec; allowPositionals: true }>>['values'];

export interface ClusterRunPlan {
  readonly command: string;
  readonly playbook: string;
  readonly values: ClusterRunValues;
  readonly tags: readonly string[];
  /** Extra config values the command sets below the config file (e.g. download.artifact_file). */
  readonly configDefaults?: GoMap;
  /** Sections after the recap (precheck table, plan summary). */
  readonly presenters?: ClusterRunRequest['presenters'];
  /** A real run changes hosts: show the summary and ask first (create cluster). */
  readonly confirm?: { readonly artifact?: string };
  /** `--resume [ID|last]` (docs/cli.md#resume). */
  readonly resume?: string;
}

/**
 * --limit for the cluster playbooks: the controller always takes part (config checks, init,
 * the gates), so "node2" becomes "node2:localhost".
 */
export function clusterLimit(limit: string | undefined): string | undefined {
  if (limit === undefined || limit.trim() === '') return undefined;
  return `${limit}:localhost`;
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
  const gate = values['skip-tags']?.flatMap((t) => t.split(',')).find((t) => t.trim() === 'always');
  if (gate !== undefined) return fail(withCode('--skip-tags always would skip the gates that keep a failed precheck or init from touching the nodes; skip the areas instead (e.g. --skip-tags nfs)', 'KP-CLI-001'));
  const flags = runFlagOptions(values);
  if (!flags.ok) return fail(flags.message);
  if (values.force && plan.resume === undefined) return fail('--force goes with --resume');

  const root = clusterAssetsRoot();
  const known = buildKnownKeys(join(root, 'roles'), join(root, 'schemas', 'cluster-config.json'));
  const problems = [...checkClusterConfig(values.config, known), ...checkClusterExtraVars(values['extra-vars'] ?? [], known)];
  if (problems.length > 0) {
    for (const d of problems) io.stderr.write(`${formatDiagnostic(d)}\n`);
    io.stderr.write(`kplay: ${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was run\n`);
    return ExitCode.invalidInput;
  }

  const { workDir } = flags.options;
  // Before the default inventory is written into the work directory (docs/cli.md#output-paths).
  const unusable = outputPathProblem([
    ...(values.report !== undefined ? [{ option: '--report', path: values.report, kind: 'file' as const }] : []),
    { option: '--workdir', path: workDir, kind: 'directory' },
    ...(values['known-hosts'] !== undefined ? [{ option: '--known-hosts', path: values['known-hosts'], kind: 'file' as const, write: false }] : []),
  ]);
  if (unusable !== undefined) return fail(unusable);
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

  const listing = flags.options.list !== undefined;
  let passwords: AskedPasswords = {};
  if ((values['ask-pass'] || values['ask-become-pass']) && !listing) {
    if (ctx.askSecret === undefined) {
      return fail(withCode('-k/--ask-pass and -K/--ask-become-pass ask on a terminal, and there is none; set connector.password / connector.sudo_password instead', 'KP-CLI-001'));
    }
    try {
      passwords = await askPasswords(values, ctx.askSecret);
    } catch (err) {
      // Ctrl-C at the prompt: the exit code of an interruption.
      const code = (err as { exitCode?: unknown }).exitCode;
      if (typeof code === 'number') return code;
      throw err;
    }
  }
  const withPasswords = runFlagOptions(values, passwords);
  if (!withPasswords.ok) return fail(withPasswords.message);
  const { configDefaults: connectorDefaults, limit, tags, color, ...options } = withPasswords.options;

  const request: ClusterRunRequest = {
    ...options,
    playbook: join(root, 'playbooks', plan.playbook),
    command,
    inventoryFile,
    ...(values.config !== undefined ? { configFile: values.config } : {}),
    configDefaults: mergeMaps(mergeMaps({ kubernetes: { kube_version: kubeVersion } }, connectorDefaults), plan.configDefaults ?? {}),
    projectWorkDir,
    tags: [...plan.tags, ...tags],
    ...(clusterLimit(limit) !== undefined ? { limit: clusterLimit(limit) } : {}),
    forceHandlers: false,
    ...(color !== undefined ? { color } : {}),
    // The Ansible layout (a line per host) at -v; grouped hosts, a line per task, otherwise.
    compact: options.verbosity === 0,
    ...(plan.presenters !== undefined ? { presenters: plan.presenters } : {}),
    ...(plan.resume !== undefined ? { resume: plan.resume, resumeForce: values.force ?? false } : {}),
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
