// The dashboards' plain helpers (ES modules, compiled for Jest by SWC); no database needed.
const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'web',
  rootDir: __dirname,
  transform: { '^.+\\.(ts|js)$': preset.transform['^.+\\.ts$'] },
  globalSetup: undefined,
  globalTeardown: undefined,
};
