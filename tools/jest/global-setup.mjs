// Jest global setup: the tests' PostgreSQL. TEST_DATABASE_URL or DATABASE_URL when given (CI's Kafka run, a
// developer's own server); otherwise a throwaway embedded PostgreSQL for this run: `npm test` needs nothing
// but Node.js.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runningServer, startEmbeddedPostgres } from '../embedded-postgres.mjs';

const PREFIX = 'ates-test-pg-';

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) return;
  sweepLeftovers();
  const dataDir = mkdtempSync(join(tmpdir(), PREFIX));
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'postgres',
    throwaway: true,
  });
  process.env.TEST_DATABASE_URL = server.url;
  globalThis.__atesTestPostgres = async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    delete process.env.TEST_DATABASE_URL;
  };
}

/** Clusters of interrupted runs (no server, older than an hour: never a parallel run's, still starting). */
function sweepLeftovers() {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const dir = join(tmpdir(), name);
    if (Date.now() - statSync(dir).mtimeMs > 3_600_000 && !runningServer(dir))
      rmSync(dir, { recursive: true, force: true });
  }
}
