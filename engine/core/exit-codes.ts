/** Exit codes shared by every command (Ansible's where Ansible has one). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  hostFailed: 2,
  hostUnreachable: 3,
  invalidInput: 4,
  badOptions: 5,
  interrupted: 130,
  internal: 250,
} as const;
