module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'accounting',
  rootDir: __dirname,
};
