/** Variable names whose values reporters must mask. */
const SECRET_NAME = /password|token|secret|private_key/i;

/** True for names containing password, token, secret or private_key (any case). */
export function isSecretVariableName(name: string): boolean {
  return SECRET_NAME.test(name);
}
