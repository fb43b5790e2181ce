import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const scopes = ['auth', 'tasks', 'accounting', 'analytics', 'gateway'];

// ADR 0016: one data-access shape. Every statement is a plain query in a repository, a read model's queries file or
// a migration; TypeORM is the connection, the transactions and the migrations, never a query API.
const ADR_0016 = 'ADR 0016';
const typeormQueryApi = [
  {
    selector: 'CallExpression[callee.property.name=/^(createQueryBuilder|getRepository|getTreeRepository)$/]',
    message: `A plain query in a *.repository.ts or *.queries.ts instead of TypeORM's query API (${ADR_0016}).`,
  },
  {
    // EntityManager methods given an entity class (`tx.save(AccountEntity, …)`, `tx.findOneBy(TaskEntity, …)`).
    selector:
      'CallExpression[callee.property.name=/^(find|findBy|findOne|findOneBy|findOneOrFail|findOneByOrFail|findAndCount|count|countBy|exists|existsBy|save|insert|update|upsert|delete|remove|create|merge|preload|increment|decrement)$/][arguments.0.name=/Entity$/]',
    message: `An entity is the typed schema of its table, not a query API: a plain query in a repository (${ADR_0016}).`,
  },
];
const SQL_PLACES = `SQL only in *.repository.ts, *.queries.ts and migrations (${ADR_0016})`;
const sqlStatement = '/^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH|LISTEN|UNLISTEN|NOTIFY|LOCK|TRUNCATE)\\s/';
const sqlOutsideItsPlaces = [
  {
    selector: "CallExpression[callee.property.name='query']",
    message: `${SQL_PLACES}: call the repository.`,
  },
  { selector: `TemplateLiteral[quasis.0.value.raw=${sqlStatement}]`, message: `${SQL_PLACES}.` },
  { selector: `Literal[value=${sqlStatement}]`, message: `${SQL_PLACES}.` },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  prettier,
  {
    ignores: ['**/node_modules', '**/dist', '**/coverage', '**/.nx', '**/jest.config.cjs', 'jest.preset.cjs'],
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
      'no-restricted-syntax': ['error', ...sqlOutsideItsPlaces, ...typeormQueryApi],
    },
  },
  // Where SQL lives (ADR 0016): repositories, read models' queries, migrations, and the database lib that is the
  // connection (data source, row decoders).
  {
    files: ['**/*.repository.ts', '**/*.queries.ts', '**/migrations/**/*.ts', 'libs/database/src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...typeormQueryApi] },
  },
  // Tests and test harnesses hold SQL freely (fixtures, assertions read straight from the real database), and so do
  // the tools (bench, ledger audit, dump checks): scripts that inspect a database from outside any service.
  {
    files: [
      '**/*.spec.ts',
      '**/*-spec.ts',
      '**/testing/**/*.ts',
      'libs/testing/src/**/*.ts',
      'apps/e2e/**/*.ts',
      'apps/web-e2e/**/*.ts',
      'tools/**/*.ts',
      'tools/**/*.mjs',
    ],
    rules: { 'no-restricted-syntax': 'off' },
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
  // The tools: scripts that run on Node (ES modules, a few CommonJS preloads), reading the environment directly.
  {
    files: ['tools/**/*.mjs', 'tools/**/*.cjs', 'tools/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-properties': 'off',
      '@typescript-eslint/no-empty-function': 'off', // `log = () => {}`: a no-op default is the point
      'no-control-regex': 'off', // stripping terminal colours out of logs
    },
  },
  {
    files: ['tools/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Tools use apps only through what each app exports (apps/<app>/src/index.ts, imported as @ates/<app>-app):
  // never an app's internals by path. Nx's own rule forbids app imports outright, so tools have this one instead.
  {
    files: ['tools/**/*.ts', 'tools/**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)apps/',
              message: 'Import an app through its entry (@ates/<app>-app), not by path.',
            },
            {
              regex: '^@ates/[a-z0-9]+-app/',
              message: 'Import only the app entry (@ates/<app>-app), nothing below it.',
            },
          ],
        },
      ],
    },
  },
];
