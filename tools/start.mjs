#!/usr/bin/env node
// `npm start`: runs every aTES service as its own process, prefixes their logs, stops them together.
// With no DATABASE_URL it runs on an embedded PostgreSQL (data kept in the user's data directory); with no
// KAFKA_BROKERS the services carry their events on the PostgreSQL event log. Nothing to install either way.
import './env.cjs';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build, isBuilt } from './build/build.mjs';
import { defaultDataDir, runningServer, startEmbeddedPostgres } from './embedded-postgres.mjs';
import { isAlive } from './infra/lib/util.mjs';
import { formatLogLine, prettyLogs } from './log-format.mjs';
import { describeHolder, portIsFree } from './ports.mjs';
import { portOf, SERVICES, spawnService, waitForHealthy } from './services.mjs';

const USAGE = `usage: npm start   (node tools/start.mjs)

Runs every aTES service (auth, tasks, accounting, analytics, gateway) as its own process and stops them together
on Ctrl-C. Reads .env if there is one (variables already set win).

  With no DATABASE_URL: an embedded PostgreSQL, data in ATES_DATA_DIR (default ${defaultDataDir()}),
  on 127.0.0.1:ATES_PG_PORT (default 54329). With no KAFKA_BROKERS: events on the PostgreSQL event log.
  Ports: PORT (gateway, 3000), AUTH_PORT, TASKS_PORT, ACCOUNTING_PORT, ANALYTICS_PORT (3001-3004).
  Logs: concise lines on a terminal, JSON when piped or with LOG_FORMAT=json.
  Every variable: .env.example.`;
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}

/** Printed, and allowed only here: the embedded mode is a developer's machine. */
const DEVELOPMENT_ADMIN_PASSWORD = 'popug-admin-dev';

/** This run's id: the gateway's /health reports it, so "up" is printed for this run's system only. */
const runId = randomUUID();
/** @type {NodeJS.ProcessEnv} */
const env = { ...process.env, ATES_RUN_ID: runId };
await checkPorts(
  SERVICES.map((name) => [
    portOf(name, env),
    name === 'gateway' ? 'PORT (the gateway)' : `${name.toUpperCase()}_PORT`,
  ]),
  'another aTES, or anything else, runs there: stop it, or choose other ports',
);
/** @type {{ url: string, stop: () => Promise<void> } | null} */
let database = null;
if (!env.DATABASE_URL) {
  const dataDir = defaultDataDir();
  const port = Number(env.ATES_PG_PORT || 54329);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`ATES_PG_PORT must be a port number, got "${env.ATES_PG_PORT}"`);
  claim(dataDir);
  // A PostgreSQL of this data directory left running is restarted below; any other holder of the port is named.
  if (runningServer(dataDir)?.port !== port)
    await checkPorts(
      [[port, 'ATES_PG_PORT (the embedded PostgreSQL)']],
      `choose another port for this data directory's PostgreSQL, e.g. ATES_PG_PORT=${port + 1} npm start`,
    );
  console.log(`Starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})…`);
  try {
    database = await startEmbeddedPostgres({ dataDir, port, log: (line) => console.log(line) });
  } catch (error) {
    fail(`Embedded PostgreSQL did not start: ${error.message}`);
  }
  env.DATABASE_URL = database.url;
  env.ATES_ADMIN_PASSWORD ??= DEVELOPMENT_ADMIN_PASSWORD;
}
// The same choice as libs/config (readServiceConfig): EVENT_TRANSPORT, else Kafka when KAFKA_BROKERS is set.
const onKafka = (env.EVENT_TRANSPORT || (env.KAFKA_BROKERS ? 'kafka' : 'postgres')) === 'kafka';
console.log(`Events travel on ${onKafka ? `Kafka at ${env.KAFKA_BROKERS}` : 'the PostgreSQL event log'}.`);
if (!env.ATES_ADMIN_PASSWORD)
  console.error('Set ATES_ADMIN_PASSWORD: the admin account is created with it on an empty database.');

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(message);
  process.exit(1);
}

/**
 * Fails, naming each holder, when any of `ports` is taken: nothing has been started yet.
 * @param {Array<[number, string]>} ports [port, the variable that moves it]
 * @param {string} advice
 */
async function checkPorts(ports, advice) {
  const taken = [];
  for (const [port, variable] of ports)
    if (!(await portIsFree(port))) taken.push(`  ${describeHolder(port)}; set by ${variable}`);
  if (taken.length > 0) fail(`Cannot start aTES: a port it needs is taken.\n${taken.join('\n')}\n${advice}.`);
}

/**
 * One `npm start` per data directory: a second one would find the ports taken. A PostgreSQL left running by a
 * killed `npm start` (its pid file names a dead process) is stopped by the launcher and started afresh.
 * @param {string} dataDir
 */
function claim(dataDir) {
  const pidFile = join(dataDir, 'npm-start.pid');
  const other = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
  if (other && other !== process.pid && isAlive(other))
    fail(`Another npm start (pid ${other}) runs on ${dataDir}; stop it first (or set ATES_DATA_DIR).`);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(pidFile, String(process.pid));
  process.on('exit', () => rmSync(pidFile, { force: true }));
}

/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();
let stopping = false;
const pretty = prettyLogs(process.stdout, env);

/** @param {number} code */
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
  }, 30_000);
  await Promise.all(
    [...children.values()].map(
      (c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve))),
    ),
  );
  clearTimeout(force);
  await database?.stop(); // after the services: they drain and commit first
  process.exit(code);
}

// The services run compiled (ADR 0013): after the port checks, build them first when dist/ is missing or older than the sources.
if (!isBuilt()) {
  console.log('dist/ is missing or older than the sources: building the services first (tools/build)…');
  console.log(`built in ${(build() / 1000).toFixed(1)} s`);
}

for (const name of SERVICES) {
  const child = spawnService(name, env);
  children.set(name, child);
  const tag = `[${name}]`.padEnd(13);
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) =>
      process.stdout.write(`${pretty ? formatLogLine(name, line, { color: true }) : `${tag} ${line}`}\n`),
    );
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${tag} exited (${signal ?? code}); stopping everything`);
    stopAll(1);
  });
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const gateway = `http://localhost:${portOf('gateway', env)}`;
const admin =
  env.ATES_ADMIN_PASSWORD === DEVELOPMENT_ADMIN_PASSWORD
    ? `log in as "admin" with the development password "${DEVELOPMENT_ADMIN_PASSWORD}" (set ATES_ADMIN_PASSWORD before the first start to choose one)`
    : 'log in as "admin" with ATES_ADMIN_PASSWORD';
waitForHealthy(`${gateway}/health`, 120_000, runId).then(
  () =>
    console.log(
      [
        '',
        `aTES is up: ${gateway}`,
        `  Dashboards: ${gateway}/`,
        `  Swagger UI: ${gateway}/docs`,
        `  ${admin}`,
        ...(database
          ? [`  data: ${defaultDataDir()} (kept across restarts; delete it to start afresh)`]
          : []),
        '  Ctrl-C stops everything.',
        '',
      ].join('\n'),
    ),
  (error) => console.error(error.message),
);
