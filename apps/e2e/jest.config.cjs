// `npm run test:e2e`: the story and the security suite on Kafka.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['**/*.e2e-spec.ts'],
  setupFiles: ['<rootDir>/setup/kafka.cjs'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
