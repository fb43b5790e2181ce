// Everything configurable about the local infrastructure, resolved once from the environment.
//
// All paths live outside the repository (by default under ~/.cache/ates) so that the jars and
// the broker's data survive `git clean`, fresh clones and CI checkouts on the same machine.

import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { InfraError } from './util.mjs';

/** Kafka version fetched from Maven Central; must match <kafka.version> in kafka/pom.xml. */
export const KAFKA_VERSION = '4.4.0';

/** Directory of this tool (tools/infra) — holds kafka/pom.xml. */
export const TOOL_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Reads a TCP port from the environment, failing loudly on garbage instead of using NaN. */
function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InfraError(`${name}=${raw} is not a valid TCP port`);
  }
  return port;
}

/** Reads a positive number of seconds from the environment. */
function secondsFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new InfraError(`${name}=${raw} is not a positive number`);
  return value;
}

/** Builds the settings object used by every command. */
export function loadSettings() {
  const baseDir = path.resolve(process.env.ATES_INFRA_DIR || path.join(os.homedir(), '.cache', 'ates'));
  const kafkaHome = path.join(baseDir, `kafka-${KAFKA_VERSION}`);
  const dataDir = path.join(baseDir, 'kafka-data');

  return {
    baseDir,
    kafka: {
      version: KAFKA_VERSION,
      pom: path.join(TOOL_DIR, 'kafka', 'pom.xml'),
      home: kafkaHome,
      libsDir: path.join(kafkaHome, 'libs'),
      // Written last by a successful jar download: its presence means "libs/ is complete".
      libsManifest: path.join(kafkaHome, 'libs', '.complete.json'),

      dataDir,
      logDirs: path.join(dataDir, 'kraft-logs'), // the broker's log.dirs (topic data + metadata log)
      appLogDir: path.join(dataDir, 'logs'), // log4j output (server.log)
      serverProperties: path.join(dataDir, 'server.properties'),
      log4jProperties: path.join(dataDir, 'log4j2.properties'),
      toolsLog4jProperties: path.join(dataDir, 'tools-log4j2.properties'),
      consoleLog: path.join(dataDir, 'broker.out'), // the JVM's own stdout/stderr
      pidFile: path.join(dataDir, 'kafka.pid'),
      // Records the cluster id, and the pid of the broker that passed the consumer-group probe.
      stateFile: path.join(dataDir, 'infra-state.json'),
      lockFile: path.join(baseDir, 'infra.lock'),

      host: '127.0.0.1',
      port: portFromEnv('KAFKA_PORT', 9092),
      controllerPort: portFromEnv('KAFKA_CONTROLLER_PORT', 9093),
      heapOpts: process.env.KAFKA_HEAP_OPTS || '-Xms256m -Xmx512m',
      extraJvmOpts: process.env.KAFKA_JVM_OPTS || '',
      readyTimeoutMs: secondsFromEnv('KAFKA_READY_TIMEOUT', 90) * 1000,
      stopTimeoutMs: 30_000,
    },
    postgres: {
      host: process.env.PGHOST || '127.0.0.1',
      port: portFromEnv('PGPORT', 5432),
      user: process.env.PGUSER || 'postgres',
      password: process.env.PGPASSWORD || undefined,
      database: process.env.ATES_DB_NAME || 'ates',
    },
  };
}
