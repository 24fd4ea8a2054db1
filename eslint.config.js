// @ts-check
/**
 * `npm run lint` (part of `npm test`): typescript-eslint's recommended type-checked rules over
 * every TypeScript file of the project (the same files tsconfig.json compiles).
 */
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/*.js'] },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Modules, connectors and reporters implement async interfaces; many bodies are
      // legitimately synchronous, and wrapping them by hand would only add noise.
      '@typescript-eslint/require-await': 'off',
      // Buffer.compare and friends are static; passing them around is safe.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests print Go values (maps, lists, objects with goString) into names and messages on purpose.
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
);
