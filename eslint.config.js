// ESLint flat config. The layer rules below mirror ../shared/docs/architecture.md §9.2.
// Don't relax a layer rule to make an import work: add a port (electron/engine/ports) instead.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ioModules = [
  'node:net',
  'node:timers',
  'node:dgram',
  'node:http',
  'node:https',
  'net',
  'ws',
  'electron',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'bench-results/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'react', 'ws', '@aws-sdk/*'],
              message: 'shared/ is runtime-free.',
            },
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports only shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: [
      'electron/engine/protocol/**/*.ts',
      'electron/engine/channel/**/*.ts',
      'electron/engine/mux/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({
            name,
            message: 'Protocol cores do no I/O (architecture §8.1).',
          })),
          patterns: [
            { group: ['@aws-sdk/*'], message: 'Protocol cores do no I/O.' },
            {
              group: ['**/transport/**', '**/tunnel/**', '**/aws/**', '**/session/**'],
              message: 'Layer violation.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Use the injected Clock.',
        },
        { selector: "CallExpression[callee.name='setTimeout']", message: 'Use the injected Clock.' },
        { selector: "CallExpression[callee.name='setInterval']", message: 'Use the injected Clock.' },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Inject randomness.',
        },
      ],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/simulator/**/*.ts', 'electron/cli/**/*.ts'],
    ignores: ['electron/engine/protocol/**', 'electron/engine/channel/**', 'electron/engine/mux/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only electron/shell may import electron.' }],
          patterns: [{ group: ['**/renderer/**', '**/shell/**'], message: 'Layer violation.' }],
        },
      ],
    },
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'electron', 'ws', '@aws-sdk/*'], message: 'The renderer is a browser page.' },
            {
              group: ['**/electron/**'],
              message: 'The renderer talks to the engine only through shared/contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
