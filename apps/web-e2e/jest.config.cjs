// `npm run test:web`: the dashboards in real Chromium (/usr/bin/chromium) on the embedded default — the e2e
// stack on the PostgreSQL event log (apps/e2e/setup/postgres.cjs), nothing but Node.js and Chromium.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'web-e2e',
  rootDir: __dirname,
  testMatch: ['**/*.web-spec.ts'],
  setupFiles: ['<rootDir>/../e2e/setup/postgres.cjs'],
  testTimeout: 300_000,
  maxWorkers: 1,
};
