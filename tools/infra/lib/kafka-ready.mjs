// Decides when the broker is really usable, using the same client library as the services (kafkajs).
//
// "The port answers" is not enough: on a fresh KRaft node the group coordinator needs the
// __consumer_offsets topic, which is only created on the first FindCoordinator request. Until it
// exists (and its partitions have leaders) every consumer group fails with "The group coordinator
// is not available" — the first test that uses a consumer group would then flake. So readiness is
// proven by doing exactly what a service does: create a topic, produce, join a consumer group,
// consume from the beginning and commit the offset; then the probe cleans up after itself.

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';

import { InfraError, importDependency, isAlive, log, secondsSince, sleep } from './util.mjs';
import { brokerLogTail } from './kafka-broker.mjs';

/** Rejects after `ms` unless `promise` settles first (the timer never keeps Node alive). */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${(ms / 1000).toFixed(0)} s`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A kafkajs client with short timeouts whose own log lines are kept (not printed) for diagnostics. */
function createClient(kafkajs, kafka, diagnostics) {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  return new kafkajs.Kafka({
    clientId: 'ates-infra',
    brokers: [`${kafka.host}:${kafka.port}`],
    connectionTimeout: 2_000,
    requestTimeout: 10_000,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2_000 },
    logLevel: kafkajs.logLevel.ERROR,
    logCreator:
      () =>
      ({ log: entry }) => {
        diagnostics.lastClientError = entry.message + (entry.error ? `: ${entry.error}` : '');
      },
  });
}

/** Step 1: the broker answers metadata requests (DescribeCluster → a controller and one broker). */
async function describeCluster(client) {
  const admin = client.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers?.length) throw new Error('describeCluster returned no brokers');
    return cluster;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** Step 2: a full produce → consumer-group join → consume → commit round trip on a throwaway topic. */
async function probeConsumerGroup(kafkajs, client, timeoutMs) {
  const id = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const topic = `ates-infra-probe-${id}`;
  const groupId = `ates-infra-probe-${id}`;
  const admin = client.admin();
  const producer = client.producer();
  const consumer = client.consumer({
    groupId,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 1_000,
    // Short fetch long-polls: disconnect() waits for the fetch in flight (default up to 5 s).
    maxWaitTimeInMs: 100,
    retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 1_000 },
  });
  let topicCreated = false;

  const attempt = (async () => {
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    topicCreated = true;

    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'ping' }] });

    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const offset = await new Promise((resolve, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      consumer
        .run({ autoCommit: false, eachMessage: async ({ message }) => resolve(message.offset) })
        .catch(reject);
    });
    // An explicit commit proves the coordinator can write to __consumer_offsets, too.
    await consumer.commitOffsets([{ topic, partition: 0, offset: (BigInt(offset) + 1n).toString() }]);
  })();
  attempt.catch(() => {}); // if the timeout wins, the attempt's own failure must not go unhandled

  try {
    await withTimeout(attempt, timeoutMs, 'consumer group probe');
  } finally {
    // Disconnecting also aborts whatever the attempt is still waiting for after a timeout.
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    if (topicCreated) {
      await admin.deleteGroups([groupId]).catch(() => {});
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    }
    await admin.disconnect().catch(() => {});
  }
}

/**
 * Waits until the broker is usable. `full` adds the consumer-group round trip (needed after a
 * start; a broker that already passed it only gets the quick describeCluster check).
 * `child` is the ChildProcess when this run started the broker: its early death ends the wait.
 */
export async function waitForKafka(kafka, { pid, child, full }) {
  const kafkajs = await importDependency('kafkajs');
  const started = Date.now();
  const deadline = started + kafka.readyTimeoutMs;
  const diagnostics = { lastError: '', lastClientError: '' };

  const fail = (reason) =>
    new InfraError(
      isAlive(pid)
        ? `${reason} — it is still running as pid ${pid}; \`npm run infra:down\` stops it`
        : reason,
      {
        details: [
          diagnostics.lastError && `last error: ${diagnostics.lastError}`,
          diagnostics.lastClientError && `last kafkajs log: ${diagnostics.lastClientError}`,
          brokerLogTail(kafka),
        ]
          .filter(Boolean)
          .join('\n'),
      },
    );
  const checkProcess = async () => {
    if (!child?.exitDescription && isAlive(pid)) return;
    // Seen as a zombie before Node reaped it: give the 'exit' event a moment to tell the exit code.
    if (child && !child.exitDescription) await Promise.race([once(child, 'exit'), sleep(1_000)]);
    throw fail(`the Kafka broker (pid ${pid}) died during startup (${child?.exitDescription ?? 'gone'})`);
  };

  // Step 1: describeCluster.
  for (;;) {
    await checkProcess();
    try {
      const remaining = Math.max(deadline - Date.now(), 1_000);
      const client = createClient(kafkajs, kafka, diagnostics);
      const cluster = await withTimeout(
        describeCluster(client),
        Math.min(remaining, 10_000),
        'describeCluster',
      );
      Object.assign(diagnostics, { lastError: '', lastClientError: '' }); // old connection errors are moot now
      log(
        `Kafka: broker answers (cluster ${cluster.clusterId}, controller ${cluster.controller}) after ${secondsSince(started)}`,
      );
      break;
    } catch (err) {
      diagnostics.lastError = err.message;
    }
    if (Date.now() > deadline) {
      throw fail(
        `Kafka did not answer on ${kafka.host}:${kafka.port} within ${kafka.readyTimeoutMs / 1000} s`,
      );
    }
    await sleep(500);
  }
  if (!full) return;

  // Step 2: consumer group round trip (creates __consumer_offsets on a fresh node).
  for (;;) {
    await checkProcess();
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw fail(
        `Kafka answers, but no consumer group could join/commit within ${kafka.readyTimeoutMs / 1000} s ` +
          `(group coordinator / __consumer_offsets not available)`,
      );
    }
    try {
      await probeConsumerGroup(
        kafkajs,
        createClient(kafkajs, kafka, diagnostics),
        Math.min(remaining, 30_000),
      );
      log(
        `Kafka: consumer groups work (probe: produce, join, consume, commit, delete) after ${secondsSince(started)}`,
      );
      return;
    } catch (err) {
      diagnostics.lastError = err.message;
      await sleep(500);
    }
  }
}
