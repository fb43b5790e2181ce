// The tools' own tests (tools/test): they run the tools as a user would, in child processes.
module.exports = {
  ...require('../jest.preset.cjs'),
  displayName: 'tools',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  testTimeout: 60_000,
  maxWorkers: 1, // each test spawns processes of its own: one at a time keeps a shared machine usable
};
