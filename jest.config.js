/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/engine', '<rootDir>/cli', '<rootDir>/web', '<rootDir>/cluster', '<rootDir>/builtin-modules', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // generous: suites that start real services (sshd, etcd, a registry) must pass on a loaded machine
  testTimeout: 120000,
};
