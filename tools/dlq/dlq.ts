/**
 * Dead letters: inspect them, put them back on their topic once the cause is fixed, or drop them.
 *
 *   npm run dlq -- list   [topic…]     # pending dead letters (all `<topic>.dlq` when no topic is given)
 *   npm run dlq -- replay [topic…]     # re-publish each to its original topic (key, value, headers kept), then mark it done
 *   npm run dlq -- drop   [topic…]     # mark them done without re-publishing
 *   … --reason <text>                   # only the dead letters whose reason contains <text>
 *   … --kind invalid|failed             # only invalid messages, or only events whose handler kept failing
 *
 * "Done" is the committed offset (or event-log position) of the consumer group `ates-dlq` on each dead-letter topic, so every dead letter
 * is replayed or dropped once. Replay is safe: every consumer is idempotent (inbox), so a consumer that had
 * applied the event already ignores it. On Kafka when KAFKA_BROKERS is set, else on the PostgreSQL event log of
 * DATABASE_URL (the embedded mode's; there replay and mark-done are one transaction). EVENT_TRANSPORT=kafka|postgres
 * chooses as the services do; .env is read.
 */
import { ALL_TOPICS, deadLetterTopic } from '@ates/contracts';
import { StoredDeadLetter, DeadLetterStore, eventLogStore, header, kafkaStore } from '@ates/messaging';

export function describe(l: StoredDeadLetter): string {
  let event = '?';
  try {
    const value = JSON.parse(l.value?.toString() ?? '') as {
      event_name?: string;
      event_version?: number;
      event_id?: string;
    };
    event = `${value.event_name} v${value.event_version} ${value.event_id}`;
  } catch {
    event = 'unparsable value';
  }
  return `${l.topic}/${l.partition}@${l.offset}  ${header(l.headers, 'dlq_consumer')}  ${event}  — ${header(l.headers, 'dlq_reason')}`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--reason');
  const reason = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const kindAt = args.indexOf('--kind');
  const kind = kindAt >= 0 ? args.splice(kindAt, 2)[1] : undefined;
  const [command, ...topics] = args;
  const brokers = process.env['KAFKA_BROKERS'];
  const databaseUrl = process.env['DATABASE_URL'];
  // As the services choose (libs/config): EVENT_TRANSPORT, else Kafka when KAFKA_BROKERS is set.
  const onKafka = (process.env['EVENT_TRANSPORT'] || (brokers ? 'kafka' : 'postgres')) === 'kafka';
  if (!(onKafka ? brokers : databaseUrl) || !['list', 'replay', 'drop'].includes(command ?? '')) {
    console.error(
      'usage: KAFKA_BROKERS=… (or DATABASE_URL=… for the event log) npm run dlq -- list|replay|drop [topic…] ' +
        '[--kind invalid|failed] [--reason <text>]   (npm run dlq -- --help: the whole usage)',
    );
    return 2;
  }
  const store = onKafka
    ? kafkaStore((brokers as string).split(','))
    : await eventLogStore(databaseUrl as string);
  try {
    return await run(store, command as string, topics, reason, kind);
  } finally {
    await store.close();
  }
}

async function run(
  store: DeadLetterStore,
  command: string,
  topics: string[],
  reason?: string,
  kind?: string,
): Promise<number> {
  const dlqTopics = (topics.length > 0 ? topics : ALL_TOPICS).map((t) =>
    t.endsWith('.dlq') ? t : deadLetterTopic(t),
  );
  // Done-ness is one committed offset per partition: a filtered run may only take a prefix of each partition's
  // pending letters (e.g. drop the invalid ones first, then replay the handler failures).
  const all = await store.pending(dlqTopics);
  const letters = all.filter(
    (l) =>
      (!reason || header(l.headers, 'dlq_reason').includes(reason)) &&
      (!kind || (header(l.headers, 'dlq_attempts') === '0') === (kind === 'invalid')),
  );
  const skipped = all.filter(
    (l) =>
      !letters.includes(l) &&
      letters.some(
        (x) => x.topic === l.topic && x.partition === l.partition && BigInt(x.offset) > BigInt(l.offset),
      ),
  );
  if (command !== 'list' && skipped.length > 0) {
    for (const l of skipped) console.error(`first handle: ${describe(l)}`);
    console.error(`${skipped.length} other dead letter(s) come first in their partitions: handle them first`);
    return 1;
  }
  for (const l of letters) console.log(describe(l));
  if (command === 'replay') await store.replay(letters);
  if (command === 'drop') await store.markDone(letters);
  console.log(
    `${letters.length} dead letter(s) ${command === 'list' ? 'pending' : command === 'replay' ? 'replayed' : 'dropped'}`,
  );
  return 0;
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
