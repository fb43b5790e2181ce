// The aTES processes and how to run one: shared by `npm start` (tools/start.mjs), the e2e suite and CI.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVICES = ['auth', 'tasks', 'accounting', 'analytics', 'gateway'];
export const PORTS = { gateway: 3000, auth: 3001, tasks: 3002, accounting: 3003, analytics: 3004 };

/**
 * Spawns one service from its TypeScript sources (SWC, decorator metadata, tsconfig paths), in its own process
 * group: Ctrl-C reaches only the launcher, which then stops each service with one SIGTERM (a second signal
 * would stop a service at once, without its graceful drain).
 */
export function spawnService(name, env = process.env, stdio = 'pipe') {
  return spawn(
    process.execPath,
    ['--enable-source-maps', '-r', '@swc-node/register', join('apps', name, 'src', 'main.ts')],
    {
      cwd: ROOT,
      env: { ...env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
      stdio,
      detached: true,
    },
  );
}

/** Resolves when `url` answers 200, rejects after `timeoutMs`. */
export async function waitForHealthy(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not healthy after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
