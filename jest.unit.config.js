/**
 * `npm run test:unit`: the tests that need no service — the unit tests beside the source, the
 * docs checks and the template conformance corpus. tests/helpers/no-services.ts makes any of them
 * that starts sshd, etcd, a registry or listens on a socket fail.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/engine', '<rootDir>/cli', '<rootDir>/web', '<rootDir>/cluster', '<rootDir>/builtin-modules', '<rootDir>/tests/docs', '<rootDir>/tests/foundation', '<rootDir>/tests/conformance'],
  setupFiles: ['<rootDir>/tests/helpers/no-services.ts'],
};
