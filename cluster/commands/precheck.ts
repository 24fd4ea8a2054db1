import { parseArgs } from 'node:util';
import { didYouMean, ExitCode, takeResumeArgument } from '../../engine';
import type { ClusterCommandContext } from './context';
import { optionErrorLine } from './option-error';
import { PrecheckTableReporter } from '../presentation/precheck-table';
import { CLUSTER_RUN_OPTIONS, clusterRunOptionSpec, runClusterPlaybook } from './cluster-run';

/** Tags of the precheck sub-roles (roles/precheck/meta/main.yaml). */
export const PRECHECK_TAGS = ['os', 'kubernetes', 'network', 'etcd', 'cri', 'nfs', 'image_registry', 'storageclass'] as const;

export const PRECHECK_HELP = `Usage: kplay precheck [CHECK ...] [options]

Checks that the hosts and the config can take a Kubernetes cluster, changing nothing (the same
checks kplay create cluster runs first). Every failed check names the host, what was found,
what is required and how to fix it. CHECK limits the run to some areas:
  ${PRECHECK_TAGS.join(', ')}

Options:
${CLUSTER_RUN_OPTIONS}

Exit codes: 0 all checks passed, 2 a check failed, 3 a host was unreachable, 4 invalid input
(e.g. an unknown config key), 5 bad options.

Examples:
  kplay precheck -i inventory.yaml -c config.yaml
  kplay precheck os network -i inventory.yaml
`;

export async function precheckCommand(argv: readonly string[], ctx: ClusterCommandContext): Promise<number> {
  const { io } = ctx;
  const resumeArg = takeResumeArgument(argv);
  let parsed;
  try {
    parsed = parseArgs({ args: resumeArg.rest, allowPositionals: true, options: clusterRunOptionSpec });
  } catch (err) {
    io.stderr.write(optionErrorLine('precheck', err, clusterRunOptionSpec));
    return ExitCode.badOptions;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(PRECHECK_HELP);
    return ExitCode.ok;
  }
  const tags = positionals.flatMap((p) => p.split(',')).filter((t) => t !== '');
  for (const tag of tags) {
    if (!(PRECHECK_TAGS as readonly string[]).includes(tag)) {
      io.stderr.write(`kplay precheck: unknown check "${tag}"${didYouMean(tag, PRECHECK_TAGS)}; known: ${PRECHECK_TAGS.join(', ')}\n`);
      return ExitCode.badOptions;
    }
  }
  return runClusterPlaybook(
    { command: 'precheck', playbook: 'precheck.yaml', values, tags, presenters: [(out, color) => new PrecheckTableReporter(out, color)], ...(resumeArg.resume !== undefined ? { resume: resumeArg.resume } : {}) },
    ctx,
  );
}
