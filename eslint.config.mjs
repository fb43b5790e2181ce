import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

const scopes = ['auth', 'tasks', 'accounting', 'analytics', 'gateway'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  prettier,
  {
    ignores: [
      '**/node_modules',
      '**/dist',
      '**/coverage',
      '**/.nx',
      'tools/**/*.mjs',
      '**/jest.config.cjs',
      'jest.preset.cjs',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // The browser suite (apps/web-e2e) starts the system with the one e2e harness instead of a copy of it.
          allow: ['@ates/e2e-app/src/stack', '@ates/e2e-app/src/client'],
          depConstraints: [
            // Axis 1 — type: apps use libs and contracts, never other apps; libs never use apps.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            // Axis 2 — scope: a service sees its own scope and shared code only.
            ...scopes.map((scope) => ({
              sourceTag: `scope:${scope}`,
              onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
            })),
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @ates/config only.' },
      ],
    },
  },
  {
    files: [
      'libs/config/src/**/*.ts',
      'apps/e2e/**/*.ts',
      'apps/web-e2e/**/*.ts',
      'libs/testing/src/**/*.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
];
