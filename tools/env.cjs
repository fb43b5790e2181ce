// Loads the checkout's .env (if there is one) into process.env, never overriding a variable already set: the
// launcher (`npm start`) and the .mjs tools import this file first, the TypeScript tools preload it
// (`node -r ./tools/env.cjs`). `nx serve` and the other Nx targets get the same file from Nx itself, which does
// not override either.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const DOT_ENV = join(__dirname, '..', '.env');

/**
 * Loads `file` (default the checkout's .env) when it exists; variables already set win (Node ≥ 20.12).
 * @param {string} [file]
 * @returns {boolean} whether a file was loaded
 */
function loadDotEnv(file = DOT_ENV) {
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}

loadDotEnv();
module.exports = { loadDotEnv, DOT_ENV };
