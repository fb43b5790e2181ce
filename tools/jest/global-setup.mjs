// Jest global setup: the tests' PostgreSQL. TEST_DATABASE_URL or DATABASE_URL when given (CI's Kafka run, a
// developer's own server); otherwise a throwaway embedded PostgreSQL for this run: `npm test` needs nothing
// but Node.js.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedPostgres } from '../embedded-postgres.mjs';

export default async function globalSetup() {
  if (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'ates-test-pg-'));
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
