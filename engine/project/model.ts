/**
 * The loaded, validated project: what the loader hands the executor. Everything here is already
 * resolved (imports flattened, roles and includes read, paths absolute) and carries the position
 * of the YAML it came from, so run-time errors can name file:line:column too.
 */

import type { GoValue } from '../core/values';
import type { SourcePos } from '../core/source';

/**
 * Where a template string sits in its YAML file, so that a line and column inside the template
 * (of a run-time error or a `<no value>`) can be placed in the file (engine/project/template-sites.ts).
 */
export interface TemplateSite {
  /** The template text as rendered (a condition after wrapping). */
  readonly text: string;
  /** The scalar's position (its indicator for block scalars, its opening quote for quoted ones). */
  readonly pos: SourcePos;
  /** Characters the template has in front of the scalar's own text (2 for a wrapped `{{`). */
  readonly prefix: number;
  /** `block`: `|`/`>` scalars; `plain`/`quoted`: flow scalars. */
  readonly style: 'block' | 'plain' | 'quoted';
  /** Block scalars: indentation of the content lines; their number. */
  readonly indent: number;
  readonly contentLines: number;
  /** Flow scalars: whether the source spans one line, and its length in the file. */
  readonly singleLine: boolean;
  readonly rawLength: number;
}

/** `when`/`failed_when`/`changed_when`/`until` items, each already wrapped as a template. */
export interface Condition {
  /** The template text (`{{ .x | eq 1 }}`) after wrapping a bare pipeline. */
  readonly template: string;
  readonly pos: SourcePos;
  readonly site?: TemplateSite;
}

/** Keywords every level (play, role reference, block, task) may carry and children inherit. */
export interface InheritedKeywords {
  readonly when: readonly Condition[];
  readonly tags: readonly string[];
  readonly ignoreErrors?: boolean;
  readonly runOnce?: boolean;
  readonly become?: boolean;
  readonly becomeUser?: string;
  readonly becomeMethod?: 'sudo' | 'su';
  readonly checkMode?: boolean;
  readonly diff?: boolean;
  readonly noLog?: boolean;
  readonly anyErrorsFatal?: boolean;
  /** Per-task time limit in seconds. */
  readonly timeout?: number;
  readonly throttle?: number;
  /** `vars` of this level, merged into the host's runtime layer when the level is reached. */
  readonly vars?: VarsNode;
}

/** A `vars` mapping kept as YAML-typed data; template strings are rendered at merge time. */
export interface VarsNode {
  readonly data: Readonly<Record<string, GoValue>>;
  readonly pos: SourcePos;
}

export interface TaskNode extends InheritedKeywords {
  readonly kind: 'task';
  readonly name: string;
  readonly pos: SourcePos;
  /** Registered module name. */
  readonly module: string;
  /** The module's arguments as YAML-typed data (not rendered). */
  readonly args: GoValue;
  readonly argsPos: SourcePos;
  /** YAML list (items rendered when bound) or a template string rendered to a JSON list. */
  readonly loop?: { readonly items: readonly GoValue[] } | { readonly template: string };
  /** `loop_control.label`: a template naming each item in the output (docs/playbooks.md#loops). */
  readonly loopLabel?: string;
  readonly register?: string;
  readonly registerType?: 'json' | 'yaml' | 'string';
  readonly failedWhen: readonly Condition[];
  readonly changedWhen?: readonly Condition[];
  readonly until?: readonly Condition[];
  readonly retries?: number;
  /** Seconds between retries. */
  readonly delay?: number;
  readonly delegateTo?: string;
  readonly notify: readonly string[];
  /**
   * Base directory for relative `files/`, `templates/`, `vars/` look-ups: the role directory, or
   * the playbook's directory for play-level tasks.
   */
  readonly baseDir: string;
  /** Role path (`cri/containerd`) when the task belongs to a role. */
  readonly role?: string;
  /** The template strings of the arguments, `loop` and `delegate_to`, in document order. */
  readonly templateSites?: readonly TemplateSite[];
  /** `template` tasks: the template files `src` names, parsed at load time (absolute paths). */
  readonly templateFiles?: readonly string[];
}

export interface BlockNode extends InheritedKeywords {
  readonly kind: 'block';
  readonly name?: string;
  readonly pos: SourcePos;
  readonly block: readonly TaskListEntry[];
  readonly rescue: readonly TaskListEntry[];
  readonly always: readonly TaskListEntry[];
  /** Set when the block stands for an `include_tasks` entry: the included file. */
  readonly includedFile?: string;
}

export type TaskListEntry = TaskNode | BlockNode;

export interface RoleNode extends InheritedKeywords {
  readonly kind: 'role';
  /** Role path as referenced (`precheck/os`). */
  readonly name: string;
  readonly dir: string;
  readonly pos: SourcePos;
  /** Defaults documents in merge order: `defaults/main.yaml`, then `defaults/main/*.yaml`. */
  readonly defaults: readonly VarsNode[];
  /** Dependencies from meta/main.yaml (already loaded), run before the role's own tasks. */
  readonly dependencies: readonly RoleNode[];
  readonly tasks: readonly TaskListEntry[];
}

export interface HandlerNode {
  /** Handlers are tasks notified by name (or by `listen`). */
  readonly task: TaskNode;
  readonly listen: readonly string[];
}

export interface PlayNode extends InheritedKeywords {
  readonly name?: string;
  readonly pos: SourcePos;
  /** The playbook file the play was read from. */
  readonly file: string;
  readonly hosts: readonly string[];
  readonly gatherFacts: boolean;
  readonly serial?: readonly (number | string)[];
  readonly maxFailPercentage?: number;
  readonly forceHandlers?: boolean;
  /** `vars` then the documents of `vars_files`, in merge order. */
  readonly varsNodes: readonly VarsNode[];
  readonly preTasks: readonly TaskListEntry[];
  readonly roles: readonly RoleNode[];
  readonly tasks: readonly TaskListEntry[];
  readonly postTasks: readonly TaskListEntry[];
  readonly handlers: readonly HandlerNode[];
}

export interface LoadedProject {
  /** Project root (directory of the playbook, or its parent when that is named `playbooks`). */
  readonly root: string;
  /** Entry playbook, absolute. */
  readonly entry: string;
  readonly plays: readonly PlayNode[];
}
