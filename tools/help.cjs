// `--help` / `-h` for the TypeScript tools (preloaded by their npm scripts: `node -r ./tools/help.cjs`): prints the
// script's opening comment, which is its usage, and exits 0 before anything runs.
const { readFileSync } = require('node:fs');

/**
 * The opening block comment of a source file, without its comment markers.
 * @param {string} source
 * @returns {string}
 */
function usageOf(source) {
  const comment = /^(?:#![^\n]*\n)?\s*\/\*\*?([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
  return comment
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

const script = process.argv[1];
if (script && process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
  process.stdout.write(`${usageOf(readFileSync(script, 'utf8')) || `usage: node ${script}`}\n`);
  process.exit(0);
}
module.exports = { usageOf };
