import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');

/** Runs one of the repo's TypeScript tools (`tools/…/x.ts`) as `npm run` does: its exit code and output. */
export const runTool = (command: string[], env: NodeJS.ProcessEnv = {}) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', ...command], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });

/** What a workload did, as minimums for the audit: `npm run ledger:check -- --expect-assignments N …`. */
export interface Expected {
  assignments?: number;
  completions?: number;
  payouts?: number;
  cycles?: number;
}

export const expectArgs = (expected: Expected): string[] =>
  Object.entries(expected).flatMap(([what, n]) => [`--expect-${what}`, String(n)]);

/** `npm run ledger:check` on a database, with the audit's minimums. */
export const ledgerCheck = (databaseUrl: string, expected: Expected = {}, env: NodeJS.ProcessEnv = {}) =>
  runTool(['tools/ledger/check.ts', ...expectArgs(expected)], { DATABASE_URL: databaseUrl, ...env });
