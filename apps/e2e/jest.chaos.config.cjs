module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'chaos',
  rootDir: __dirname,
  testMatch: ['**/*.chaos-spec.ts'],
  setupFiles: ['<rootDir>/setup/kafka.cjs'],
  testTimeout: 600_000,
  maxWorkers: 1,
};
