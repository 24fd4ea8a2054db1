import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { askPasswords, ExitCode, KplayError, recordedRequest, RESUME_HELP, RUN_FLAGS, runFlagHelp, runFlagOptions, takeResumeArgument, withCode, type AskedPasswords, type RecordedRequest } from '../../engine';
import { optionErrorLine } from '../../cluster/commands/option-error';
import { colorFromEnv, type CommandIO } from '../io';
import { runPlaybook, type PlaybookRunRequest } from '../run-playbook';
import { askSecret, canAskSecret, PromptInterrupted } from '../secret-prompt';

/** kplay run's flags: the ones every playbook command shares, and its own. */
export const RUN_OPTIONS = {
  ...RUN_FLAGS,
  'force-handlers': { type: 'boolean' },
  strict: { type: 'boolean' },
  'list-tags': { type: 'boolean' },
  'syntax-check': { type: 'boolean' },
} as const;

export const RUN_HELP = `Usage: kplay run PLAYBOOK [options]
       kplay run [PLAYBOOK] --resume [RUN_ID|last] [--force] [options]

Run a playbook (KubeKey v4 dialect) on the hosts of an inventory.

Options:
${runFlagHelp([
  'inventory',
  'config',
  'extra-vars',
  'check',
  'diff',
  'tags',
  'skip-tags',
  'start-at-task',
  'limit',
  'user',
  'private-key',
  'ask-pass',
  'ask-become-pass',
  'forks',
  ['    --force-handlers', 'run notified handlers even on hosts that failed'],
  ['    --strict', 'a template printing <no value> (a misspelt variable) fails the task instead of warning'],
  'report',
  'output',
  'workdir',
  'known-hosts',
  RESUME_HELP,
  'force',
  'list-hosts',
  'list-tasks',
  ['    --list-tags', 'print all task tags, then exit'],
  ['    --syntax-check', 'load and validate everything, then exit'],
  'hide-skipped',
  'no-color',
  'verbose',
])}

Exit codes: 0 ok, 2 a host failed, 3 a host was unreachable, 4 invalid input,
5 bad options, 130 interrupted, 250 internal error.

Examples:
  kplay run site.yaml -i inventory.yaml -c config.yaml
  kplay run site.yaml --check --diff --limit 'web:!web3'
  kplay run site.yaml -e version=1.2.3 -e @overrides.yaml --tags install
  kplay run site.yaml -i inventory.yaml -u ops -K
  kplay run site.yaml --output json --report report.json
  kplay run --resume                 # the last run, after fixing what made it fail
`;

export async function runCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  let parsed;
  const { rest, resume } = takeResumeArgument(argv);
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: RUN_OPTIONS });
  } catch (err) {
    io.stderr.write(optionErrorLine('run', err, RUN_OPTIONS));
    return ExitCode.badOptions;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(RUN_HELP);
    return ExitCode.ok;
  }
  const fail = (message: string): number => {
    io.stderr.write(`kplay run: ${withCode(`${message}; see kplay run --help`, 'KP-CLI-001')}\n`);
    return ExitCode.badOptions;
  };
  let recorded: RecordedRequest | undefined;
  if (resume !== undefined) {
    try {
      recorded = recordedRequest(resolve(values.workdir ?? '.kplay'), resume);
    } catch (err) {
      if (!(err instanceof KplayError)) throw err;
      io.stderr.write(`kplay run: ${withCode(err.message, err.code)}\n`);
      return ExitCode.badOptions;
    }
  }
  if (values.force && resume === undefined) return fail('--force goes with --resume');
  if (positionals.length === 0 && recorded !== undefined) positionals.push(recorded.playbook);
  if (positionals.length !== 1) return fail(`expected exactly one playbook, got ${positionals.length}`);
  const list = values['list-tags'] ? ('tags' as const) : undefined;
  let passwords: AskedPasswords = {};
  if ((values['ask-pass'] || values['ask-become-pass']) && !values['list-hosts'] && !values['list-tasks'] && list === undefined && !values['syntax-check']) {
    if (!canAskSecret(io.stdin)) return fail('-k/--ask-pass and -K/--ask-become-pass ask on a terminal, and there is none; set connector.password / connector.sudo_password instead');
    try {
      passwords = await askPasswords(values, (prompt) => askSecret(io.stdin, io.stderr, prompt));
    } catch (err) {
      if (err instanceof PromptInterrupted) return err.exitCode;
      throw err;
    }
  }
  const checked = runFlagOptions(values, passwords);
  if (!checked.ok) return fail(checked.message);
  const { configDefaults, ...options } = checked.options;
  const color = options.color ?? colorFromEnv();
  // With --resume, what is not given again is the resumed run's own (docs/cli.md#resume).
  const inventoryFile = values.inventory ?? recorded?.inventoryFile;
  const configFile = values.config ?? recorded?.configFile;
  const limit = values.limit ?? recorded?.limit;
  const request: PlaybookRunRequest = {
    ...options,
    playbook: positionals[0],
    command: 'run',
    ...(inventoryFile !== undefined ? { inventoryFile } : {}),
    ...(configFile !== undefined ? { configFile } : {}),
    extraVars: values['extra-vars'] ?? recorded?.extraVars ?? [],
    tags: values.tags !== undefined ? options.tags : [...(recorded?.tags ?? [])],
    skipTags: values['skip-tags'] !== undefined ? options.skipTags : [...(recorded?.skipTags ?? [])],
    ...(limit !== undefined ? { limit } : {}),
    ...(resume !== undefined ? { resume, resumeForce: values.force ?? false } : {}),
    ...(Object.keys(configDefaults).length > 0 ? { configDefaults } : {}),
    strict: values.strict ?? false,
    forceHandlers: values['force-handlers'] ?? false,
    ...(list !== undefined ? { list } : {}),
    syntaxCheck: values['syntax-check'] ?? false,
    ...(color !== undefined ? { color } : {}),
  };
  return runPlaybook(request, io);
}
