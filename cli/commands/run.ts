import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ExitCode, withCode } from '../../engine';
import { colorFromEnv, type CommandIO } from '../io';
import { runPlaybook, type PlaybookRunRequest } from '../run-playbook';

export const RUN_HELP = `Usage: kplay run PLAYBOOK [options]

Run a playbook (KubeKey v4 dialect) on the hosts of an inventory.

Options:
  -i, --inventory FILE    inventory (kind: Inventory); default: localhost only
  -c, --config FILE       config (kind: Config); its spec keys are variables of every host
  -e, --extra-vars VARS   key=value, @file.yaml or {json}; highest precedence (repeatable)
  -C, --check             dry run: nothing on any host changes; tasks report what they would do
  -D, --diff              show the differences of files that change (or would change)
  -t, --tags TAGS         run only tasks with these tags (comma-separated, repeatable)
      --skip-tags TAGS    skip tasks with these tags (comma-separated, repeatable)
  -l, --limit PATTERN     further limit hosts: a:b (union), a:&b (and), a:!b (not), web*, ~regex
  -f, --forks N           hosts worked on in parallel (default 50)
      --force-handlers    run notified handlers even on hosts that failed
      --start-at-task NAME  start at the first task named NAME (or "role : NAME";
                          globs allowed), skipping the tasks and plays before it
      --strict            a template printing <no value> (a misspelt variable) fails
                          the task instead of warning
      --report FILE.json  write a JSON report of the run
      --output FORMAT     text (default) or json (events as JSON lines)
      --workdir DIR       working directory for run journals (default ./.kplay)
      --known-hosts FILE  SSH known-hosts file kplay records new host keys in
      --list-hosts        print the hosts each play would run on, then exit
      --list-tasks        print the tasks each play would run, then exit
      --list-tags         print all task tags, then exit
      --syntax-check      load and validate everything, then exit
      --no-color          plain output
  -v, --verbose           more output (-vv, -vvv for more)

Exit codes: 0 ok, 2 a host failed, 3 a host was unreachable, 4 invalid input,
5 bad options, 130 interrupted, 250 internal error.

Examples:
  kplay run site.yaml -i inventory.yaml -c config.yaml
  kplay run site.yaml --check --diff --limit 'web:!web3'
  kplay run site.yaml -e version=1.2.3 -e @overrides.yaml --tags install
  kplay run site.yaml --output json --report report.json
`;

function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

export async function runCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        inventory: { type: 'string', short: 'i' },
        config: { type: 'string', short: 'c' },
        'extra-vars': { type: 'string', short: 'e', multiple: true },
        check: { type: 'boolean', short: 'C' },
        diff: { type: 'boolean', short: 'D' },
        tags: { type: 'string', short: 't', multiple: true },
        'skip-tags': { type: 'string', multiple: true },
        limit: { type: 'string', short: 'l' },
        forks: { type: 'string', short: 'f' },
        'force-handlers': { type: 'boolean' },
        'start-at-task': { type: 'string' },
        strict: { type: 'boolean' },
        report: { type: 'string' },
        output: { type: 'string' },
        workdir: { type: 'string' },
        'known-hosts': { type: 'string' },
        'list-hosts': { type: 'boolean' },
        'list-tasks': { type: 'boolean' },
        'list-tags': { type: 'boolean' },
        'syntax-check': { type: 'boolean' },
        'no-color': { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr.write(`kplay run: ${withCode((err as Error).message, 'KP-CLI-001')}\n\n${RUN_HELP}`);
    return ExitCode.badOptions;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(RUN_HELP);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) {
    io.stderr.write(`kplay run: ${withCode(`expected exactly one playbook, got ${positionals.length}`, 'KP-CLI-001')}\n\n${RUN_HELP}`);
    return ExitCode.badOptions;
  }
  const forks = values.forks === undefined ? 50 : Number(values.forks);
  if (!Number.isInteger(forks) || forks < 1) {
    io.stderr.write(`kplay run: ${withCode(`--forks must be a positive whole number, got "${values.forks}"`, 'KP-CLI-001')}\n`);
    return ExitCode.badOptions;
  }
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') {
    io.stderr.write(`kplay run: ${withCode(`--output must be text or json, got "${output}"`, 'KP-CLI-001')}\n`);
    return ExitCode.badOptions;
  }
  const list = values['list-hosts'] ? 'hosts' : values['list-tasks'] ? 'tasks' : values['list-tags'] ? 'tags' : undefined;
  const request: PlaybookRunRequest = {
    playbook: positionals[0],
    ...(values.inventory !== undefined ? { inventoryFile: values.inventory } : {}),
    ...(values.config !== undefined ? { configFile: values.config } : {}),
    extraVars: values['extra-vars'] ?? [],
    check: values.check ?? false,
    diff: values.diff ?? false,
    tags: splitList(values.tags),
    skipTags: splitList(values['skip-tags']),
    ...(values.limit !== undefined ? { limit: values.limit } : {}),
    forks,
    ...(values.report !== undefined ? { reportFile: values.report } : {}),
    output,
    workDir: resolve(values.workdir ?? '.kplay'),
    verbosity: values.verbose?.length ?? 0,
    strict: values.strict ?? false,
    forceHandlers: values['force-handlers'] ?? false,
    ...(values['start-at-task'] !== undefined ? { startAtTask: values['start-at-task'] } : {}),
    ...(values['known-hosts'] !== undefined ? { knownHostsFile: values['known-hosts'] } : {}),
    ...(list !== undefined ? { list } : {}),
    syntaxCheck: values['syntax-check'] ?? false,
    ...(values['no-color'] ? { color: false } : colorFromEnv() !== undefined ? { color: colorFromEnv() } : {}),
  };
  return runPlaybook(request, io);
}
