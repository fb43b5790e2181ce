// Shared Jest preset: SWC transform (decorator metadata for Nest) and the tsconfig path aliases.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = __dirname;
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias}$`] = join(root, target);
}

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['**/*.spec.ts'],
  // PostgreSQL for the integration tests: the one given, or an embedded throwaway one.
  globalSetup: join(root, 'tools', 'jest', 'global-setup.mjs'),
  globalTeardown: join(root, 'tools', 'jest', 'global-teardown.mjs'),
};
