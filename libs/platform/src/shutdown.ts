import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';

/** How long a stop may take before the process exits anyway (Kubernetes' grace period is 30 s). */
export const SHUTDOWN_TIMEOUT_MS = 25_000;
/**
 * Idle keep-alive connections are closed by the server after this. Clients read it from the `Keep-Alive: timeout=5`
 * response header and drop idle connections a second earlier themselves (the gateway's Node http agent does,
 * given an agent timeout above it: see register-proxies.ts), so the two never race to use and close one.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * SIGTERM/SIGINT stop the service gracefully, exit 0 once done (1 if it fails or takes over `timeoutMs`):
 * 1. drain for `KEEP_ALIVE_TIMEOUT_MS`: requests are still served, with `Connection: close`, until every
 *    keep-alive connection has been closed by its client or after its response;
 * 2. `app.close()`: in-flight requests finish, the Kafka consumer finishes its batch and commits its offsets,
 *    the outbox relay publishes what is left, the mail dispatcher finishes its send, the database pool closes.
 * Call it before the app is ready (it adds a Fastify hook). Installed before start-up (a container's PID 1 ignores signals it has no handler for): a signal during start-up
 * is acted on once `started()` is called. A second signal gets the default action (stop now).
 */
export function stopGracefullyOnSignals(app: NestFastifyApplication, service: string): { started(): void } {
  const timeoutMs = SHUTDOWN_TIMEOUT_MS;
  const logger = app.get(Logger);
  // While draining, every response carries `Connection: close`: each client connection ends right after a
  // response instead of being cut while idle (where a request just sent on it would be lost).
  let draining = false;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (_request, reply) => {
      if (draining) void reply.header('connection', 'close');
    });
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const stop = async (signal: NodeJS.Signals) => {
    logger.log(`${service}: ${signal} received, draining then finishing in-flight work (≤ ${timeoutMs} ms)`);
    setTimeout(() => {
      logger.error(`${service}: still stopping after ${timeoutMs} ms, exiting now`);
      process.exit(1);
    }, timeoutMs); // not unref'd: it must fire even if closing waits on nothing that keeps Node alive
    await started;
    draining = true;
    await new Promise((resolve) => setTimeout(resolve, KEEP_ALIVE_TIMEOUT_MS));
    await app.close();
  };
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const onSignal = (signal: NodeJS.Signals) => {
    // From now on a second signal, of either kind, gets the default action: stop now.
    for (const other of signals) process.removeListener(other, onSignal);
    return stop(signal).then(
      () => {
        logger.log(`${service} stopped cleanly`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`${service}: stopping failed: ${(error as Error)?.message ?? String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
  return { started: () => markStarted() };
}
