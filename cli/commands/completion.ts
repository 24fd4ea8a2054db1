/** `kplay completion bash|zsh`: prints a completion script made from the command table. */
import { didYouMean, ExitCode, withCode } from '../../engine';
import { bashScript, zshScript } from '../completion/scripts';
import { type CompletionNode, flatten } from '../completion/tree';
import type { CommandIO } from '../io';

export const SHELLS = ['bash', 'zsh'] as const;

export const COMPLETION_HELP = `Usage: kplay completion bash|zsh

Prints a shell completion script for kplay's commands, subcommands, options and option values.

  bash:  source <(kplay completion bash)                  # now; add the line to ~/.bashrc
         kplay completion bash > /etc/bash_completion.d/kplay
  zsh:   source <(kplay completion zsh)                   # after compinit, in ~/.zshrc
         kplay completion zsh > "\${fpath[1]}/_kplay"
`;

export interface CompletionSource {
  readonly name: string;
  completion?(): Promise<CompletionNode>;
}

/** The whole tree: one node per command of the table, under the top-level options. */
export async function completionTree(commands: readonly CompletionSource[]): Promise<CompletionNode> {
  const subcommands: Record<string, CompletionNode> = {};
  for (const command of commands) {
    if (command.completion === undefined) throw new Error(`command "${command.name}" has no completion entry in the command table`);
    subcommands[command.name] = await command.completion();
  }
  return { options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } }, subcommands };
}

export async function completionCommand(argv: readonly string[], io: CommandIO, commands: readonly CompletionSource[]): Promise<number> {
  const [shell, ...extra] = argv;
  if (shell === '--help' || shell === '-h') {
    io.stdout.write(COMPLETION_HELP);
    return ExitCode.ok;
  }
  if (shell === undefined || !(SHELLS as readonly string[]).includes(shell) || extra.length > 0) {
    const what = shell === undefined ? 'which shell? (bash or zsh)' : extra.length > 0 ? `one shell only, got "${argv.join(' ')}"` : `unknown shell "${shell}"${didYouMean(shell, SHELLS)} (bash or zsh)`;
    io.stderr.write(`kplay completion: ${withCode(what, 'KP-CLI-001')}\n\n${COMPLETION_HELP}`);
    return ExitCode.badOptions;
  }
  const nodes = flatten(await completionTree(commands));
  io.stdout.write(shell === 'bash' ? bashScript(nodes) : zshScript(nodes));
  return ExitCode.ok;
}
