/**
 * What `kplay completion` knows about a command: the same option tables its parser uses
 * (`node:util` parseArgs format), its subcommands, and the words its positionals take.
 */

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
}

export interface CompletionNode {
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly subcommands?: Readonly<Record<string, CompletionNode>>;
  /** Words a positional takes, or `files` (playbooks, templates). */
  readonly positionals?: readonly string[] | 'files';
  /** Values of an option that takes one of a few words (by long name). */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
}

/** Options whose value is a directory; every other option with a value completes file names. */
export const DIRECTORY_OPTIONS: ReadonlySet<string> = new Set(['workdir', 'work-dir', 'project']);

/** One node of the tree flattened for the shell scripts: `path` is `""`, `create`, `create cluster`. */
export interface FlatNode {
  readonly path: string;
  readonly subcommands: readonly string[];
  /** Every spelling: `--inventory`, `-i`. */
  readonly flags: readonly string[];
  /** Spellings of the options that take a value. */
  readonly valued: readonly string[];
  /** Spelling → the words it takes. */
  readonly choices: ReadonlyMap<string, readonly string[]>;
  /** Spellings of the options whose value is a directory. */
  readonly directories: readonly string[];
  readonly positionals: readonly string[] | 'files' | 'none';
}

function spellings(name: string, spec: OptionSpec): string[] {
  return [`--${name}`, ...(spec.short !== undefined ? [`-${spec.short}`] : [])];
}

export function flatten(root: CompletionNode): FlatNode[] {
  const out: FlatNode[] = [];
  const walk = (node: CompletionNode, path: string): void => {
    const entries = Object.entries(node.options);
    const choices = new Map<string, readonly string[]>();
    for (const [name, words] of Object.entries(node.choices ?? {})) {
      const spec = node.options[name];
      if (spec === undefined) throw new Error(`completion of "${path}": choices for unknown option --${name}`);
      for (const s of spellings(name, spec)) choices.set(s, words);
    }
    out.push({
      path,
      subcommands: Object.keys(node.subcommands ?? {}),
      flags: entries.flatMap(([name, spec]) => spellings(name, spec)),
      valued: entries.filter(([, spec]) => spec.type === 'string').flatMap(([name, spec]) => spellings(name, spec)),
      choices,
      directories: entries.filter(([name, spec]) => spec.type === 'string' && DIRECTORY_OPTIONS.has(name)).flatMap(([name, spec]) => spellings(name, spec)),
      positionals: node.positionals ?? 'none',
    });
    for (const [name, child] of Object.entries(node.subcommands ?? {})) walk(child, path === '' ? name : `${path} ${name}`);
  };
  walk(root, '');
  return out;
}
