import type { ClusterCommandContext } from '../../cluster/commands/context';
import type { CompletionNode } from '../completion/tree';
import { colorFromEnv, type CommandIO } from '../io';
import { runPlaybook } from '../run-playbook';
import { askSecret, canAskSecret } from '../secret-prompt';
import type { WebClusterParts } from './web';

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  run(argv: readonly string[], io: CommandIO): Promise<number>;
  /** What `kplay completion` offers: the option tables the command's parser uses. */
  completion?(): Promise<CompletionNode>;
}

const TEXT_OR_JSON = { output: ['text', 'json'] } as const;
const HELP_ONLY = { help: { type: 'boolean', short: 'h' } } as const;
/** `--resume [ID|last]` is taken out before parsing (an optional value); offered as a flag. */
const RESUME = { resume: { type: 'boolean' } } as const;

/** Every top-level command; each registers exactly as a plugin command would. */
export const commandTable: CliCommand[] = [
  {
    name: 'run',
    summary: 'run a playbook on the hosts of an inventory (--check, --diff, --tags, --limit, …)',
    run: async (argv, io) => (await import('./run')).runCommand(argv, io),
    completion: async () => ({ options: { ...(await import('./run')).RUN_OPTIONS, ...RESUME }, positionals: 'files', choices: TEXT_OR_JSON }),
  },
  {
    name: 'runs',
    summary: 'runs list | runs show ID: past runs from their journals; runs prune --keep N',
    run: async (argv, io) => (await import('./runs')).runsCommand(argv, io),
    completion: async () => {
      const { RUNS_OPTIONS, RUNS_SUBCOMMANDS } = await import('./runs');
      return { options: RUNS_OPTIONS, positionals: RUNS_SUBCOMMANDS, choices: TEXT_OR_JSON };
    },
  },
  {
    name: 'doctor',
    summary: 'check every inventory host: connect, auth, sudo, host key, shell, /tmp space',
    run: async (argv, io) => (await import('./doctor')).doctorCommand(argv, io),
    completion: async () => ({ options: (await import('./doctor')).DOCTOR_OPTIONS, choices: TEXT_OR_JSON }),
  },
  {
    name: 'create',
    summary: 'create cluster | create config | create inventory',
    run: async (argv, io) => (await import('../../cluster/commands/create')).createCommand(argv, clusterContext(io)),
    completion: async () => {
      const { CREATE_CLUSTER_OPTIONS, CREATE_FILE_OPTIONS } = await import('../../cluster/commands/create');
      const file: CompletionNode = { options: CREATE_FILE_OPTIONS };
      return { options: HELP_ONLY, subcommands: { cluster: { options: { ...CREATE_CLUSTER_OPTIONS, ...RESUME }, choices: TEXT_OR_JSON }, config: file, inventory: file } };
    },
  },
  {
    name: 'precheck',
    summary: 'check that the hosts can take a Kubernetes cluster, changing nothing',
    run: async (argv, io) => (await import('../../cluster/commands/precheck')).precheckCommand(argv, clusterContext(io)),
    completion: async () => {
      const [{ clusterRunOptionSpec }, { PRECHECK_TAGS }] = await Promise.all([import('../../cluster/commands/cluster-run'), import('../../cluster/commands/precheck')]);
      return { options: { ...clusterRunOptionSpec, ...RESUME }, positionals: PRECHECK_TAGS, choices: TEXT_OR_JSON };
    },
  },
  {
    name: 'artifact',
    summary: 'artifact export: build an offline bundle of everything create cluster downloads',
    run: async (argv, io) => (await import('../../cluster/commands/artifact')).artifactCommand(argv, clusterContext(io)),
    completion: async () => {
      const [{ EXPORT_OPTIONS }, { LIST_OPTIONS }] = await Promise.all([import('../../cluster/commands/artifact'), import('../../cluster/commands/artifact-list')]);
      return { options: HELP_ONLY, subcommands: { export: { options: EXPORT_OPTIONS }, list: { options: LIST_OPTIONS, choices: { output: ['table', 'json'] } } } };
    },
  },
  {
    name: 'web',
    summary: 'serve the web page and API: inventories, configs, runs watched live, history, cancel',
    run: async (argv, io) => (await import('./web')).webCommand(argv, io, await webClusterCommands()),
    completion: async () => ({ options: (await import('./web')).WEB_OPTIONS }),
  },
  {
    name: 'template',
    summary: 'render Go text/template + Sprig templates (render FILE|-, render --jsonl)',
    run: async (argv, io) => (await import('./template')).templateCommand([...argv], io),
    completion: async () => ({ options: HELP_ONLY, subcommands: { render: (await import('./template')).TEMPLATE_RENDER_COMPLETION } }),
  },
  {
    name: 'completion',
    summary: 'print a shell completion script: completion bash | completion zsh',
    run: async (argv, io) => (await import('./completion')).completionCommand(argv, io, commandTable),
    completion: async () => ({ options: HELP_ONLY, positionals: (await import('./completion')).SHELLS }),
  },
];

/** The cluster application runs its playbooks the way `kplay run` does, on the same terminal. */
function clusterContext(io: CommandIO): ClusterCommandContext {
  return {
    io,
    ...(canAskSecret(io.stdin) ? { askSecret: (prompt: string) => askSecret(io.stdin, io.stderr, prompt) } : {}),
    runPlaybook: (request, streams) => {
      const color = request.color ?? colorFromEnv();
      return runPlaybook({ ...request, ...(color !== undefined ? { color } : {}) }, streams === undefined ? io : { stdin: io.stdin, ...streams });
    },
  };
}

/** The cluster commands `kplay web` can start, given the server's way to run a playbook, and the config form. */
async function webClusterCommands(): Promise<WebClusterParts> {
  const [{ createCommand }, { precheckCommand }, { buildClusterConfigSupport }] = await Promise.all([
    import('../../cluster/commands/create'),
    import('../../cluster/commands/precheck'),
    import('../../cluster/config-form'),
  ]);
  return {
    commands: {
      'create-cluster': (argv, ctx) => createCommand(['cluster', ...argv], ctx),
      precheck: (argv, ctx) => precheckCommand(argv, ctx),
    },
    clusterConfig: buildClusterConfigSupport(),
  };
}

export function helpText(): string {
  const width = Math.max(...commandTable.map((c) => c.name.length));
  const lines = commandTable.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'kplay - a playbook engine for the KubeKey v4 dialect',
    '',
    'Usage: kplay <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Examples:',
    '  kplay run site.yaml -i inventory.yaml -c config.yaml',
    '  kplay run site.yaml --check --diff',
    '  echo "{{ .name | upper }}" | kplay template render -e name=world -',
    '',
    'Run "kplay <command> --help" for the options of a command.',
    '',
  ].join('\n');
}
