// Issue 16 §8: every tool answers --help with its full usage and exits 0.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** npm script → what its usage must mention. */
const TOOLS: Record<string, string[]> = {
  start: ['usage: npm start', 'ATES_DATA_DIR', 'ATES_PG_PORT', 'LOG_FORMAT'],
  smoke: ['usage: npm run smoke', '--again <run id>', 'GATEWAY_URL'],
  'infra:up': ['usage: node tools/infra/infra.mjs', 'up [--fresh]', 'down', 'status'],
  'infra:down': ['usage: node tools/infra/infra.mjs'],
  dlq: ['npm run dlq -- list', 'replay', 'drop', '--reason <text>', '--kind invalid|failed'],
  'ledger:check': ['npm run ledger:check'],
  'contracts:check': ['npm run contracts:check', '--write', '--publish'],
  'compose:check': ['npm run compose:check'],
  'db:dump': ['npm run db:dump'],
  'db:check-dump': ['npm run db:check-dump'],
  'bench:analytics': ['npm run bench:analytics', 'TASKS='],
  bench: ['npm run bench', '--quick', '--label'],
};

describe('every tool answers --help', () => {
  it('covers every npm script that runs a tool', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const tools = Object.keys(scripts).filter((name) => /\bnode\b.* tools\//.test(scripts[name]));
    expect(tools.filter((name) => !TOOLS[name])).toEqual([]);
  });

  it.each(Object.entries(TOOLS))('npm run %s -- --help prints its usage and exits 0', (script, mentions) => {
    for (const flag of script === 'start' || script === 'dlq' ? ['--help', '-h'] : ['--help']) {
      const run = spawnSync('npm', ['run', '-s', script, '--', flag], { cwd: root, encoding: 'utf8' });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      for (const mention of mentions) expect(run.stdout).toContain(mention);
    }
  });

  it('an unknown infra command still fails with the usage', () => {
    const run = spawnSync(process.execPath, ['tools/infra/infra.mjs', 'sideways'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown command: sideways');
    expect(run.stdout + run.stderr).toContain('usage: node tools/infra/infra.mjs');
  });
});
