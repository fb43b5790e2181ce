import { deadLetterTopic, ALL_TOPICS } from '@ates/contracts';
import { DeadLetterStore, eventLogStore, kafkaStore, readRanges, StoredDeadLetter } from '@ates/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

/** Where the audit reads from: each service's database, and the transport the events travelled on. */
export interface AuditSources {
  auth: Client;
  tasks: Client;
  accounting: Client;
  analytics: Client;
  /** The envelopes on a topic, as the consumers could have read them. */
  topic(name: string): Promise<Envelope[]>;
  /** The dead letters not yet replayed or dropped, on every `<topic>.dlq`. */
  pendingDeadLetters(): Promise<StoredDeadLetter[]>;
  close(): Promise<void>;
}

export interface Envelope {
  event_id: string;
  event_name: string;
  data: Record<string, unknown>;
}

export type Env = Record<string, string | undefined>;

const SERVICES = ['auth', 'tasks', 'accounting', 'analytics'] as const;

const parse = (text: string | null | undefined): Envelope | null => {
  try {
    const value = JSON.parse(text ?? '') as Envelope;
    return value && typeof value.event_id === 'string' ? value : null;
  } catch {
    return null; // an unparsable message: the consumers dead-letter it, the dead-letter check reports it
  }
};

/**
 * Opens the sources: `<SERVICE>_DATABASE_URL` or `DATABASE_URL` (or `databaseUrl` for all), one client per
 * distinct database; Kafka when the services would use it (EVENT_TRANSPORT, else KAFKA_BROKERS set), else the
 * PostgreSQL event log of the accounting database.
 */
export async function openSources(env: Env, databaseUrl?: string): Promise<AuditSources> {
  const clients = new Map<string, Client>();
  const clientOf = (service: string) => {
    const url = databaseUrl ?? env[`${service.toUpperCase()}_DATABASE_URL`] ?? env['DATABASE_URL'];
    if (!url) throw new Error(`DATABASE_URL (or ${service.toUpperCase()}_DATABASE_URL) is required`);
    if (!clients.has(url))
      clients.set(url, new Client({ connectionString: url, application_name: 'ates-ledger' }));
    return clients.get(url) as Client;
  };
  const [auth, tasks, accounting, analytics] = SERVICES.map(clientOf);
  await Promise.all([...clients.values()].map((c) => c.connect()));
  const brokers = env['KAFKA_BROKERS'];
  const onKafka = (env['EVENT_TRANSPORT'] || (brokers ? 'kafka' : 'postgres')) === 'kafka';
  if (onKafka && !brokers) throw new Error('EVENT_TRANSPORT=kafka needs KAFKA_BROKERS');
  const kafka = onKafka
    ? new Kafka({
        clientId: 'ates-ledger',
        brokers: (brokers as string).split(','),
        logLevel: logLevel.NOTHING,
      })
    : null;
  const store: DeadLetterStore = kafka
    ? kafkaStore((brokers as string).split(','))
    : await eventLogStore(databaseUrl ?? (env['ACCOUNTING_DATABASE_URL'] || (env['DATABASE_URL'] as string)));
  return {
    auth,
    tasks,
    accounting,
    analytics,
    topic: (name) => (kafka ? kafkaTopic(kafka, name) : eventLogTopic(accounting, name)),
    pendingDeadLetters: () => store.pending(ALL_TOPICS.map(deadLetterTopic)),
    async close() {
      await store.close();
      await Promise.all([...clients.values()].map((c) => c.end()));
    },
  };
}

async function kafkaTopic(kafka: Kafka, topic: string): Promise<Envelope[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    const ranges = (await admin.fetchTopicOffsets(topic)).map((p) => ({
      partition: p.partition,
      from: BigInt(p.low),
      to: BigInt(p.high),
    }));
    return (await readRanges(kafka, topic, ranges))
      .map(({ message }) => parse(message.value?.toString()))
      .filter((e): e is Envelope => e !== null);
  } finally {
    await admin.disconnect();
  }
}

async function eventLogTopic(db: Client, topic: string): Promise<Envelope[]> {
  const exists = await db.query(`SELECT to_regclass('eventlog.messages') IS NOT NULL AS yes`);
  if (!exists.rows[0].yes) return [];
  const { rows } = await db.query<{ payload: string | null }>(
    `SELECT payload FROM eventlog.messages WHERE topic = $1 ORDER BY "offset"`,
    [topic],
  );
  return rows.map((r) => parse(r.payload)).filter((e): e is Envelope => e !== null);
}
