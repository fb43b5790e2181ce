// The aTES processes and how to run one: shared by `npm start` (tools/start.mjs), the e2e suite and CI.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVICES = ['auth', 'tasks', 'accounting', 'analytics', 'gateway'];
/** The services' default ports: libs/config's table (a service moves with <SERVICE>_PORT, the gateway with PORT). */
export const PORTS = JSON.parse(
  readFileSync(join(ROOT, 'libs', 'config', 'src', 'default-ports.json'), 'utf8'),
);

/**
 * The port `name` listens on under `env`: its own variable, else the default.
 * @param {string} name
 * @param {Record<string, string | undefined>} [env]
 * @returns {number}
 */
export function portOf(name, env = process.env) {
  return Number((name === 'gateway' ? env.PORT : env[`${name.toUpperCase()}_PORT`]) || PORTS[name]);
}

/**
 * The node flags every service runs with (the serve targets and the Dockerfile repeat them): a young generation
 * of at most 2 × 4 MB instead of V8's 2 × 16 MB, which each service otherwise fills at start and keeps
 * (docs/benchmarks.md, "Memory"). No `--enable-source-maps`: it parses and keeps the source map of every loaded
 * module, node_modules' too; `NODE_OPTIONS=--enable-source-maps` maps stack traces to the TypeScript again.
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=4'];

/**
 * glibc's malloc, fixed at its default mmap threshold (128 KiB): setting it stops glibc raising the threshold
 * after the first large free, so large blocks (argon2's 19 MiB per hash, one per libuv thread) are unmapped
 * when freed instead of staying in a thread's arena. A variable already set wins. PostgreSQL gets the same.
 */
export const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' };

/**
 * Spawns one service from its compiled JavaScript (dist/, `nx build <name>`: ADR 0013), in its own process
 * group: Ctrl-C reaches only the launcher, which then stops each service with one SIGTERM (a second signal
 * would stop a service at once, without its graceful drain).
 * @param {string} name
 * @param {NodeJS.ProcessEnv} [env]
 * @param {import('node:child_process').StdioOptions} [stdio]
 * @param {string[]} [nodeArgs]
 */
export function spawnService(name, env = process.env, stdio = 'pipe', nodeArgs = []) {
  return spawn(
    process.execPath,
    [...SERVICE_NODE_FLAGS, ...nodeArgs, join('dist', 'apps', name, 'src', 'main.js')],
    {
      cwd: ROOT,
      env: { ...MALLOC_ENV, ...env },
      stdio,
      detached: true,
    },
  );
}

/**
 * Resolves when `url` answers 200 (and, given `runId`, reports that run: the gateway's /health carries the
 * ATES_RUN_ID it was started with, so another system on the port never counts), rejects after `timeoutMs`.
 * @param {string} url
 * @param {number} [timeoutMs]
 * @param {string} [runId]
 */
export async function waitForHealthy(url, timeoutMs = 60_000, runId) {
  const deadline = Date.now() + timeoutMs;
  let other = '';
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = /** @type {{ runId?: string }} */ (
        response.ok && runId ? await response.json().catch(() => ({})) : {}
      );
      if (response.ok && (!runId || body.runId === runId)) return;
      if (response.ok) other = ` (it answers for another run: ${body.runId ?? 'no run id'})`;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not healthy after ${timeoutMs} ms${other}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
