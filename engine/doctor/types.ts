/** What `kplay doctor` found on one host, in a shape both the table and `--output json` print. */

export type CheckName = 'connect' | 'hostKey' | 'auth' | 'shell' | 'sudo' | 'tmp';

export const CHECK_ORDER: readonly CheckName[] = ['connect', 'hostKey', 'auth', 'shell', 'sudo', 'tmp'];

/** `skip`: not applicable (e.g. sudo for root) or not reached because an earlier check failed. */
export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  readonly status: CheckStatus;
  /** Short text for the table cell, e.g. `2 ms`, `refused`, `recorded`. */
  readonly summary: string;
  /** Full message, shown under the table for failures. */
  readonly message?: string;
  /** A concrete action that fixes this failure. */
  readonly fix?: string;
}

export interface HostDiagnosis {
  readonly host: string;
  /** `user@host:port` for SSH, `local` for the controller. */
  readonly address: string;
  readonly connector: string;
  readonly checks: Readonly<Record<CheckName, CheckResult>>;
  /** True when `kplay run` would report this host unreachable (connect, host key or auth failed). */
  readonly unreachable: boolean;
}

export const pass = (summary: string): CheckResult => ({ status: 'pass', summary });
export const skip = (summary = '-'): CheckResult => ({ status: 'skip', summary });
export const fail = (summary: string, message: string, fix?: string): CheckResult => ({
  status: 'fail',
  summary,
  message,
  ...(fix !== undefined ? { fix } : {}),
});
