#!/usr/bin/env node
// `npm start`: runs every aTES service as its own process, prefixes their logs, stops them together.
import { createInterface } from 'node:readline';
import { PORTS, SERVICES, spawnService, waitForHealthy } from './services.mjs';

const missing = ['DATABASE_URL', 'KAFKA_BROKERS'].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(
    `npm start needs ${missing.join(' and ')}.\n` +
      'Start local Kafka (and check PostgreSQL) with:  eval "$(npm run -s infra:up | grep ^export)"\n' +
      '(The embedded, zero-infrastructure default is not built yet.)',
  );
  process.exit(1);
}
if (!process.env.ATES_ADMIN_PASSWORD) {
  console.error('Set ATES_ADMIN_PASSWORD: the admin account is created with it on an empty database.');
}

const children = new Map();
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref();
  Promise.all(
    [...children.values()].map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))),
  ).then(() => process.exit(code));
}

for (const name of SERVICES) {
  const child = spawnService(name);
  children.set(name, child);
  const tag = `[${name}]`.padEnd(13);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${tag} ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${tag} exited (${signal ?? code}); stopping everything`);
    stopAll(1);
  });
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const gateway = `http://localhost:${process.env.PORT ?? PORTS.gateway}`;
waitForHealthy(`${gateway}/health`, 120_000).then(
  () =>
    console.log(
      `\naTES is up: ${gateway}  ·  Swagger UI: ${gateway}/docs  ·  log in as "admin" with ATES_ADMIN_PASSWORD\n`,
    ),
  (error) => console.error(error.message),
);
