// Part of `npm test`: the same story on the PostgreSQL event log, with nothing but Node.js.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'e2e-embedded',
  rootDir: __dirname,
  testMatch: ['**/story.e2e-spec.ts', '**/ledger-audit.embedded-spec.ts'],
  setupFiles: ['<rootDir>/setup/postgres.cjs'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
