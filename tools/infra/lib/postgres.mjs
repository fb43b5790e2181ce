// Makes sure PostgreSQL is reachable and the application database exists.
// PostgreSQL itself is not started or stopped here: it is a system service on the dev/CI machine.

import { InfraError, importDependency, log } from './util.mjs';

/** Errors that mean "nothing listens there" rather than "it answered, but said no". */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNRESET',
]);

/** How to get a server going, printed when none answers. */
function startHint(pg) {
  return [
    `PostgreSQL is not reachable at ${pg.host}:${pg.port}. Start it, then re-run \`npm run infra:up\`:`,
    '  pg_ctlcluster --skip-systemctl-redirect 15 main start      # Debian/Ubuntu cluster "15/main" (as root)',
    '  pg_lsclusters                                              # shows clusters, ports and status',
    'or point PGHOST / PGPORT / PGUSER / PGPASSWORD at a running server.',
  ].join('\n');
}

/** The DATABASE_URL that the services use (the password, if any, stays in PGPASSWORD). */
export function databaseUrl(pg) {
  const host = pg.host.includes(':') ? `[${pg.host}]` : pg.host; // IPv6 literal
  return `postgres://${encodeURIComponent(pg.user)}@${host}:${pg.port}/${encodeURIComponent(pg.database)}`;
}

/** Connects to the maintenance database `postgres` and creates the application database if needed. */
export async function ensurePostgres(pg) {
  const { Client } = await importDependency('pg');
  const client = new Client({
    host: pg.host,
    port: pg.port,
    user: pg.user,
    password: pg.password,
    database: 'postgres',
    connectionTimeoutMillis: 5_000,
  });
  try {
    await client.connect();
  } catch (err) {
    if (UNREACHABLE.has(err.code) || /timeout/i.test(err.message)) throw new InfraError(startHint(pg));
    throw new InfraError(
      `PostgreSQL at ${pg.host}:${pg.port} refused the connection as '${pg.user}': ${err.message}`,
    );
  }
  try {
    const { rows } = await client.query('SELECT version() AS version');
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [pg.database]);
    if (exists.rowCount > 0) {
      log(
        `PostgreSQL: database '${pg.database}' exists (${rows[0].version.split(' ').slice(0, 2).join(' ')})`,
      );
      return;
    }
    // Identifiers cannot be bound as parameters; quote it (doubling any embedded quote).
    const ident = `"${pg.database.replaceAll('"', '""')}"`;
    try {
      await client.query(`CREATE DATABASE ${ident}`);
      log(`PostgreSQL: created database '${pg.database}'`);
    } catch (err) {
      if (err.code !== '42P04') throw err; // 42P04 duplicate_database: created concurrently — fine
    }
  } finally {
    await client.end().catch(() => {});
  }
}
