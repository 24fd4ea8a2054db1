// @ts-check
/**
 * `npm run lint`: typescript-eslint's recommended type-checked rules over every TypeScript file
 * of the project (the same files tsconfig.json compiles).
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
  },
);
