// Lint, including the determinism boundary: workflow code (and the pure domain/ it imports)
// may not reach Node built-ins, the database, HTTP code or activity implementations.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);
const ioPackages = ['kysely', 'pg', 'hono', 'hono/*', '@hono/*', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'];
const edgeFolders = ['**/db/**', '**/api/**', '**/zalo/**', '**/config.js', '**/temporal.js', '**/worker.js'];

const restrict = (extraPatterns) => [
  'error',
  {
    paths: nodeBuiltins.map((name) => ({ name, message: 'Not deterministic: no Node built-ins in workflow or domain code.' })),
    patterns: [
      { group: ioPackages, message: 'I/O belongs in activities or the API, not in workflow or domain code.' },
      { group: edgeFolders, message: 'Workflow and domain code must not import I/O modules.' },
      ...extraPatterns,
    ],
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.data/**', 'dist/**', 'test/histories/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // No regex that backtracks super-linearly, anywhere: most text here comes from strangers (webhooks,
    // forms, chat), and one such regex before the signature check once froze the API (issue 11 #1).
    // Tests match only their own output, so they are left out.
    ignores: ['test/**'],
    plugins: { regexp },
    rules: { 'regexp/no-super-linear-backtracking': 'error', 'regexp/no-super-linear-move': 'error' },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      // Activities arrive as types only (proxyActivities); their implementations never enter the bundle.
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['**/activities/**'], allowTypeImports: true, message: 'Import activity types only (import type).' },
      ]),
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['@temporalio/*', '**/activities/**', '**/workflows/**'], message: 'domain/ is pure: no Temporal, activities or workflows.' },
      ]),
    },
  },
  // Migrations run against the schema of their day, which project types no longer describe.
  { files: ['migrations/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
