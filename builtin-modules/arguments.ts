// Generated from schemas/modules/*.json by engine/modules/schema-types.ts (npm run gen:arguments).
// Do not edit: change the schema and regenerate; builtin-modules/arguments.test.ts checks this file.
import type { GoMap, GoValue } from '../engine/modules/module-api';

/** add_hostvars: Add variables to other hosts. */
export type AddHostvarsArguments = {
  readonly hosts: string | readonly string[];
  readonly vars: GoMap;
};

/** assert: Fail unless every condition in that holds. */
export type AssertArguments = {
  readonly that: string | boolean | readonly (string | boolean)[];
  readonly success_msg?: string;
  readonly fail_msg?: string;
  readonly msg?: string;
};

/** command: A shell command line (rendered as one template), or the mapping form {cmd or argv, chdir, creates, removes, stdin, executable}; argv is a list of arguments run without a shell (executable does not apply to it). */
export type CommandArguments = string | {
  readonly cmd?: string;
  /** the program and its arguments, each passed as it is: no shell splits, expands or interprets them (give cmd or argv) */
  readonly argv?: readonly (string | number | boolean)[];
  readonly chdir?: string;
  readonly creates?: string;
  readonly removes?: string;
  readonly stdin?: string;
  /** the shell that runs cmd (an absolute path such as /bin/bash); default the login user's shell */
  readonly executable?: string;
};

/** copy: Copy a controller file/directory (src) or inline content to dest on the target. */
export type CopyArguments = {
  readonly src?: string;
  /** inline text; a non-string value is written as JSON */
  readonly content?: GoValue;
  readonly dest: string;
  /** file mode: YAML 0755 is octal; a string ("0644", "644") is read as octal after rendering */
  readonly mode?: number | string;
  /** user name or numeric uid */
  readonly owner?: string | number;
  /** group name or numeric gid */
  readonly group?: string | number;
  /** keep the replaced file as dest.YYYY-MM-DD@HH:MM:SS~ */
  readonly backup: boolean;
};

/** debug: Print a variable path (var) or a message (msg). */
export type DebugArguments = {
  readonly var?: GoValue;
  readonly msg?: GoValue;
};

/** fail: Fail the task with msg (Ansible style). */
export type FailArguments = null | string | {
  readonly msg?: string;
};

/** fetch: Copy a file from the target to the controller. */
export type FetchArguments = {
  readonly src: string;
  readonly dest: string;
};

/** gen_cert: Generate a self-signed CA or a certificate signed by root_key/root_cert. */
export type GenCertArguments = {
  readonly cn: string;
  readonly out_key: string;
  readonly out_cert: string;
  readonly policy: "Always" | "IfNotPresent" | "None";
  readonly root_key?: string;
  readonly root_cert?: string;
  readonly sans?: readonly string[] | string;
  readonly date: string;
  readonly is_ca: boolean;
  readonly key_type: "rsa" | "ecdsa" | "ed25519";
  /** rsa: 2048 by default; ecdsa: 256, 384 or 521 */
  readonly key_size?: number | string;
};

/** http_get_file: Download a URL to a controller file. */
export type HttpGetFileArguments = {
  readonly url: string;
  readonly dest: string;
  readonly username?: string;
  readonly password?: string;
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string | number | boolean>>;
  /** Go duration, or seconds */
  readonly timeout: string | number;
  /** sha256:<hex> or bare hex; empty means no verification */
  readonly checksum?: string;
  readonly retries: number | string;
  /** Go duration, or seconds */
  readonly retry_delay: string | number;
  readonly max_redirects: number | string;
  /** file mode: YAML 0755 is octal; a string ("0644", "644") is read as octal after rendering */
  readonly mode: number | string;
  readonly force: boolean;
};

/** image: Copy OCI images between registries (oci://) and local stores (local://); legacy pull/push/copy forms accepted. */
export type ImageArguments = {
  readonly manifests?: readonly string[] | string;
  readonly src?: string;
  readonly dest?: string;
  readonly platform?: readonly string[] | string;
  readonly policy: "strict" | "warn";
  readonly pattern?: string;
  readonly auths?: readonly {
    readonly registry: string;
    readonly username?: string;
    readonly password?: string;
    readonly skip_tls_verify?: boolean;
    readonly plain_http?: boolean;
    readonly ca_file?: string;
    readonly cert_file?: string;
    readonly key_file?: string;
  }[] | string;
  readonly pull?: GoMap;
  readonly push?: GoMap;
  readonly copy?: GoMap;
};

/** include_vars: Path of a .yaml/.yml file whose mapping is merged into the host's variables; or the mapping form {file}. */
export type IncludeVarsArguments = string | {
  readonly file: string;
};

/** prometheus: Run a PromQL query through a prometheus connector. */
export type PrometheusArguments = {
  readonly query: string;
  /** raw, value or table; anything else prints the body indented */
  readonly format?: string;
  readonly time?: string;
};

/** reboot: Reboot the host and wait until it runs again on a new boot. */
export type RebootArguments = null | {
  readonly reboot_command: string;
  readonly boot_time_command: string;
  readonly test_command: string;
  /** Go duration, or seconds: how long the host may take to come back */
  readonly reboot_timeout: string | number;
  /** Go duration, or seconds: limit of each attempt to reach the host */
  readonly connect_timeout: string | number;
  /** Go duration, or seconds: pause after the new boot answered, before test_command */
  readonly post_reboot_delay: string | number;
};

/** result: Data merged into the run's result document (rendered as one template). */
export type ResultArguments = GoValue;

/** set_fact: Set host variables (a mapping; values may be templates). */
export type SetFactArguments = GoMap;

/** setup: Gather facts; force is accepted for compatibility (facts are always gathered again). */
export type SetupArguments = null | {
  readonly force: boolean;
};

/** shell: A shell command line (rendered as one template), or the mapping form {cmd or argv, chdir, creates, removes, stdin, executable}; argv is a list of arguments run without a shell (executable does not apply to it). */
export type ShellArguments = string | {
  readonly cmd?: string;
  /** the program and its arguments, each passed as it is: no shell splits, expands or interprets them (give cmd or argv) */
  readonly argv?: readonly (string | number | boolean)[];
  readonly chdir?: string;
  readonly creates?: string;
  readonly removes?: string;
  readonly stdin?: string;
  /** the shell that runs cmd (an absolute path such as /bin/bash); default the login user's shell */
  readonly executable?: string;
};

/** template: Render a template file/directory from the controller to the target. */
export type TemplateArguments = {
  readonly src: string;
  readonly dest: string;
  /** file mode: YAML 0755 is octal; a string ("0644", "644") is read as octal after rendering */
  readonly mode?: number | string;
  /** user name or numeric uid */
  readonly owner?: string | number;
  /** group name or numeric gid */
  readonly group?: string | number;
  /** keep the replaced file as dest.YYYY-MM-DD@HH:MM:SS~ */
  readonly backup: boolean;
};

/** wait_for_connection: Wait until the host answers a command over its connection. */
export type WaitForConnectionArguments = null | {
  readonly test_command: string;
  /** Go duration, or seconds: give up after this long */
  readonly timeout: string | number;
  /** Go duration, or seconds: pause before the first attempt */
  readonly delay: string | number;
  /** Go duration, or seconds: pause between attempts */
  readonly sleep: string | number;
  /** Go duration, or seconds: limit of each attempt */
  readonly connect_timeout: string | number;
};
