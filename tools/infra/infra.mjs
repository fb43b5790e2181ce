#!/usr/bin/env node
// Local infrastructure for aTES without Docker: a single-node Apache Kafka broker (KRaft mode,
// jars from Maven Central, run as a plain JVM) plus PostgreSQL: the machine's, or an embedded one where none runs.
//
//   node tools/infra/infra.mjs up [--fresh]   # npm run infra:up [-- --fresh]
//   node tools/infra/infra.mjs down           # npm run infra:down
//   node tools/infra/infra.mjs status
//
// `up` is idempotent and ends by printing `export DATABASE_URL=...` / `export KAFKA_BROKERS=...`
// on stdout (all progress goes to stderr), so a shell can pick them up with
//   eval "$(npm run -s infra:up | grep ^export)"
// See tools/infra/README.md for environment variables and paths.

import '../env.cjs';
import fs from 'node:fs';

import {
  brokerPid,
  checkJava,
  checkPortsFree,
  configMatches,
  configuredPort,
  ensureFormatted,
  readState,
  startBroker,
  stopBroker,
  writeKafkaConfig,
  writeState,
} from './lib/kafka-broker.mjs';
import { ensureKafkaJars } from './lib/kafka-dist.mjs';
import { waitForKafka } from './lib/kafka-ready.mjs';
import { databaseUrl, ensurePostgres, startEmbeddedIfNone, stopEmbedded } from './lib/postgres.mjs';
import { loadSettings } from './lib/settings.mjs';
import { InfraError, log, portOpen, secondsSince, withLock } from './lib/util.mjs';

const USAGE = `usage: node tools/infra/infra.mjs <command> [options]

commands:
  up [--fresh]  fetch Kafka (first time), start the broker unless it runs, wait until consumer
                groups work, check PostgreSQL and create the database; prints export lines.
                --fresh stops the broker and wipes its data (topics, offsets) first.
  down          stop the Kafka broker (and the embedded PostgreSQL if up started one)
  status        tell whether the Kafka broker runs (exit code 0 if it does, 3 if not)
  help          this text (also --help, -h)

environment (defaults in .env.example; .env is read): ATES_INFRA_DIR, KAFKA_PORT, KAFKA_CONTROLLER_PORT,
  KAFKA_HEAP_OPTS, KAFKA_JVM_OPTS, KAFKA_READY_TIMEOUT, JAVA_HOME, PGHOST, PGPORT, PGUSER, PGPASSWORD, ATES_DB_NAME
`;

/** `up`: everything needed for the services and tests to find Kafka and PostgreSQL. */
async function up({ fresh }) {
  const started = Date.now();
  const { baseDir, kafka, postgres } = loadSettings();
  fs.mkdirSync(baseDir, { recursive: true });

  await withLock(kafka.lockFile, async () => {
    if (fresh) {
      const stopped = await stopBroker(kafka);
      if (stopped) log(`--fresh: ${stopped}`);
      fs.rmSync(kafka.dataDir, { recursive: true, force: true });
      log(`--fresh: wiped ${kafka.dataDir}`);
    }

    let pid = brokerPid(kafka);
    let child = null;
    let full = true; // run the consumer-group probe?
    if (pid !== null) {
      // Already running: leave it alone — unless it was started with different ports.
      if (!configMatches(kafka)) {
        throw new InfraError(
          `a Kafka broker (pid ${pid}) is running with a configuration that differs from the current ` +
            `settings (KAFKA_PORT / KAFKA_CONTROLLER_PORT?); run \`npm run infra:down\` first`,
        );
      }
      // A broker that already passed the full probe only needs to answer again.
      full = readState(kafka).readyPid !== pid;
      log(`Kafka: broker already running (pid ${pid}) — not starting another one`);
    } else {
      await checkPortsFree(kafka);
      await ensureKafkaJars(kafka);
      const java = await checkJava();
      writeKafkaConfig(kafka);
      await ensureFormatted(kafka, java);
      child = await startBroker(kafka, java);
      pid = /** @type {number} */ (child.pid); // spawned: it has one
      log(
        `Kafka: started broker pid ${pid} on ${kafka.host}:${kafka.port} (log: ${kafka.appLogDir}/server.log)`,
      );
    }

    await waitForKafka(kafka, { pid, child, full });
    writeState(kafka, { readyPid: pid });
  });

  const embeddedUrl = await startEmbeddedIfNone(postgres, baseDir);
  if (!embeddedUrl) await ensurePostgres(postgres);

  log(`ready in ${secondsSince(started)}`);
  // Must stay the last lines on stdout (see the header comment).
  process.stdout.write(`export DATABASE_URL=${embeddedUrl ?? databaseUrl(postgres)}\n`);
  process.stdout.write(`export KAFKA_BROKERS=${kafka.host}:${kafka.port}\n`);
}

/** `down`: stop the broker if it runs. */
async function down() {
  const { baseDir, kafka } = loadSettings();
  fs.mkdirSync(baseDir, { recursive: true });
  await withLock(kafka.lockFile, async () => {
    const stopped = await stopBroker(kafka);
    console.log(stopped ? `Kafka: ${stopped}` : 'Kafka broker is not running — nothing to stop');
  });
  console.log(`PostgreSQL: ${await stopEmbedded(baseDir)}`);
}

/** `status`: one line per service; exit code 0 when the broker runs. */
async function status() {
  const { kafka, postgres } = loadSettings();
  const pid = brokerPid(kafka);
  if (pid !== null) {
    const port = configuredPort(kafka); // the port it was started with, whatever KAFKA_PORT says now
    const answers = await portOpen(kafka.host, port);
    console.log(
      `Kafka broker: running (pid ${pid}, ${kafka.host}:${port} ${answers ? 'answering' : 'NOT answering yet'}, ` +
        `data ${kafka.dataDir})`,
    );
  } else {
    console.log(`Kafka broker: not running (data dir ${kafka.dataDir})`);
  }
  const pgUp = await portOpen(postgres.host, postgres.port);
  console.log(
    `PostgreSQL: ${postgres.host}:${postgres.port} ${pgUp ? 'accepts connections' : 'NOT reachable'}`,
  );
  return pid !== null ? 0 : 3;
}

async function main(argv) {
  const [command, ...rest] = argv;
  const flags = new Set(rest);
  if (!command || ['-h', '--help', 'help'].includes(command) || flags.has('-h') || flags.has('--help')) {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const allowed = { up: ['--fresh'], down: [], status: [] }[command];
  const unknown = allowed && rest.filter((arg) => !allowed.includes(arg));
  if (!allowed || unknown.length) {
    process.stderr.write(
      `${allowed ? `unknown option(s): ${unknown.join(' ')}` : `unknown command: ${command}`}\n`,
    );
    process.stderr.write(USAGE);
    return 2;
  }
  if (command === 'up') await up({ fresh: flags.has('--fresh') });
  if (command === 'down') await down();
  if (command === 'status') return status();
  return 0;
}

main(process.argv.slice(2)).then(
  // Exit explicitly: a kafkajs or pg handle left half-closed must not keep the CLI hanging.
  // (The empty write's callback runs once the export lines are flushed, even to a slow pipe.)
  (code) => process.stdout.write('', () => process.exit(code ?? 0)),
  (err) => {
    if (err instanceof InfraError) {
      process.stderr.write(`[infra] ERROR: ${err.message}\n`);
      if (err.details) process.stderr.write(`${err.details}\n`);
    } else {
      process.stderr.write(`[infra] ERROR: ${err.stack ?? err}\n`);
    }
    process.exit(1);
  },
);
