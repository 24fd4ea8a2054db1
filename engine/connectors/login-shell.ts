/**
 * The shell `command`/`shell` tasks run under, picked the way KubeKey picks it: the login user's
 * `$SHELL`, else /bin/bash, else /bin/sh (`docs/connectors.md#the-shell-commands-run-in`). A host
 * setting (`connector.shell`) wins over the probe; the probe runs once per host and run.
 */

/** `ExecOptions.shell` value asking for the login user's shell instead of a fixed path. */
export const LOGIN_SHELL = 'login';

/**
 * Run by /bin/sh as the login user (never through sudo: under sudo `$SHELL` is the target
 * user's). Prints one absolute path of an executable shell.
 */
export const LOGIN_SHELL_PROBE = [
  'for kplay_sh in "${SHELL:-}" /bin/bash; do',
  '  case $kplay_sh in /*) if [ -f "$kplay_sh" ] && [ -x "$kplay_sh" ]; then echo "$kplay_sh"; exit 0; fi;; esac',
  'done',
  'echo /bin/sh',
].join('\n');

const FALLBACK_SHELL = '/bin/sh';

/** The shell the probe printed; /bin/sh when its output is not an absolute path. */
export function shellFromProbe(stdout: string): string {
  const line = stdout.trim().split('\n').pop()?.trim() ?? '';
  return line.startsWith('/') && !/\s/.test(line) ? line : FALLBACK_SHELL;
}

/** The `connector.shell` setting: a non-empty string, else absent (wrong types are ignored). */
export function shellSetting(settings: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = settings?.shell;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Resolves `ExecOptions.shell` for one connector: a path stays as given, `login` becomes the
 * host's setting or the probed shell. A probe that failed (a dropped connection) is not
 * remembered, so the next command tries again.
 */
export class LoginShell {
  private probed?: Promise<string>;

  constructor(
    private readonly setting: string | undefined,
    private readonly probe: () => Promise<string>,
  ) {}

  async resolve(requested: string | undefined): Promise<string | undefined> {
    if (requested !== LOGIN_SHELL) return requested;
    if (this.setting !== undefined) return this.setting;
    if (this.probed === undefined) {
      const probing = this.probe();
      this.probed = probing;
      probing.catch(() => {
        if (this.probed === probing) this.probed = undefined;
      });
    }
    return this.probed;
  }
}
