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

/** The port `name` listens on under `env`: its own variable, else the default. */
export function portOf(name, env = process.env) {
  return Number((name === 'gateway' ? env.PORT : env[`${name.toUpperCase()}_PORT`]) || PORTS[name]);
}

/**
 * Spawns one service from its compiled JavaScript (dist/, `nx build <name>`: ADR 0013), in its own process
 * group: Ctrl-C reaches only the launcher, which then stops each service with one SIGTERM (a second signal
 * would stop a service at once, without its graceful drain).
 */
export function spawnService(name, env = process.env, stdio = 'pipe', nodeArgs = []) {
  return spawn(
    process.execPath,
    [...nodeArgs, '--enable-source-maps', join('dist', 'apps', name, 'src', 'main.js')],
    {
      cwd: ROOT,
      env,
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
