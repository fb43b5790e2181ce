import { deadLetterTopic } from '@ates/contracts';
import { col, queryRows, rowOf } from '@ates/database';
import type { ClientBase } from 'pg';

/**
 * The PostgreSQL event log: Kafka's model in three tables of the `eventlog` schema, for the embedded mode.
 * A topic is one ordered partition (so every key keeps its order); an offset is taken from the topic's row,
 * whose lock is held until the appending transaction commits, so offsets become visible strictly in order and
 * a reader never passes a gap that fills later. Consumer groups keep their next offset per topic.
 */
export const EVENT_LOG_SCHEMA = 'eventlog';
/** NOTIFY channel: the payload is the topic an append committed to. */
export const EVENT_LOG_CHANNEL = 'ates_eventlog';

export interface LogRecord {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface StoredRecord {
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

const DDL = [
  `CREATE SCHEMA IF NOT EXISTS ${EVENT_LOG_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${EVENT_LOG_SCHEMA}.topics (
     name        text        PRIMARY KEY,
     next_offset bigint      NOT NULL DEFAULT 0,
     created_at  timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS ${EVENT_LOG_SCHEMA}.messages (
     topic       text        NOT NULL REFERENCES ${EVENT_LOG_SCHEMA}.topics (name),
     "offset"    bigint      NOT NULL,
     message_key text,
     payload     text,
     headers     jsonb       NOT NULL DEFAULT '{}',
     appended_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (topic, "offset")
   )`,
  `CREATE TABLE IF NOT EXISTS ${EVENT_LOG_SCHEMA}.positions (
     group_id    text        NOT NULL,
     topic       text        NOT NULL REFERENCES ${EVENT_LOG_SCHEMA}.topics (name),
     next_offset bigint      NOT NULL,
     updated_at  timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (group_id, topic)
   )`,
];

/** Runs `work` in a transaction on `db` (rolled back if it throws). */
export async function inTransaction<T>(db: ClientBase, work: () => Promise<T>): Promise<T> {
  await db.query('BEGIN');
  try {
    const result = await work();
    await db.query('COMMIT');
    return result;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Creates the log's tables if missing and the topics with their dead-letter topics. Idempotent and safe when
 * every service does it at once (serialised by an advisory lock), like creating Kafka topics at start.
 */
export async function ensureEventLog(db: ClientBase, topics: readonly string[]): Promise<void> {
  const names = [...new Set(topics.flatMap((t) => [t, deadLetterTopic(t)]))].sort();
  await inTransaction(db, async () => {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('${EVENT_LOG_SCHEMA}.ddl'))`);
    for (const statement of DDL) await db.query(statement);
    await db.query(
      `INSERT INTO ${EVENT_LOG_SCHEMA}.topics (name) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`,
      [names],
    );
  });
}

/**
 * The statements that append `records` (a CTE of topic, message_key, payload, headers and `n`, the record's rank
 * in its topic) to the log: the topics' rows are locked in name order (two writers never wait on each other in a
 * cycle) and held until the transaction commits, which makes offsets visible strictly in order; readers are woken
 * at commit. The last SELECT gives every topic with its count and whether it exists (a missing one gets nothing).
 */
const append = (records: string, more = '') => `
  counts AS MATERIALIZED (SELECT topic, count(*) AS n FROM ${records} GROUP BY topic),
  locked AS MATERIALIZED (
    SELECT name FROM ${EVENT_LOG_SCHEMA}.topics WHERE name IN (SELECT topic FROM counts) ORDER BY name FOR UPDATE
  ),
  offsets AS (
    UPDATE ${EVENT_LOG_SCHEMA}.topics AS t SET next_offset = t.next_offset + c.n
      FROM counts c JOIN locked l ON l.name = c.topic
     WHERE t.name = c.topic
    RETURNING c.topic, t.next_offset - c.n AS first
  ),
  appended AS (
    INSERT INTO ${EVENT_LOG_SCHEMA}.messages (topic, "offset", message_key, payload, headers)
    SELECT r.topic, o.first + r.n - 1, r.message_key, r.payload, r.headers FROM ${records} r JOIN offsets o USING (topic)
  )${more}
  SELECT c.topic, c.n::int AS n, o.topic IS NOT NULL AS known,
         CASE WHEN o.topic IS NOT NULL THEN pg_notify('${EVENT_LOG_CHANNEL}', o.topic) END AS notified
    FROM counts c LEFT JOIN offsets o USING (topic)`;

const appendedTopic = rowOf('appended topic', { topic: col.text, n: col.int, known: col.bool });

/**
 * Appends records, in order per topic, in one statement: inside the caller's transaction (the dead-letter store
 * marks letters replayed in the same one), or as a transaction of its own (a consumer's dead letters, which must
 * share no transaction with its other statements on the same connection).
 */
export async function appendToLog(db: ClientBase, records: readonly LogRecord[]): Promise<void> {
  if (records.length === 0) return;
  const topics = await queryRows(
    db,
    appendedTopic,
    `WITH records AS MATERIALIZED (
       SELECT t AS topic, k AS message_key, v AS payload, h::jsonb AS headers,
              row_number() OVER (PARTITION BY t ORDER BY i) AS n
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS m(t, k, v, h, i)
     ), ${append('records')}`,
    [
      records.map((r) => r.topic),
      records.map((r) => r.key),
      records.map((r) => r.value),
      records.map((r) => JSON.stringify(r.headers)),
    ],
  );
  const missing = topics.find((t) => !t.known);
  if (missing) throw new Error(`event log: topic "${missing.topic}" does not exist`);
}

/** How many of a relay pass's outbox rows went to each topic, and the topics it could not publish to (missing). */
export interface RelayedRows {
  published: Map<string, number>;
  missingTopics: string[];
}

/**
 * The outbox relay's pass on the event log, in one statement (one transaction, one round trip): the oldest
 * `limit` unsent rows of `outbox` (a quoted `schema.outbox`) are appended in id order to their topics and marked
 * sent. Rows whose topic does not exist stay unsent (reported, so the relay can complain); the others go out.
 */
export async function relayOutbox(db: ClientBase, outbox: string, limit: number): Promise<RelayedRows> {
  const marked = `,
  marked AS (
    UPDATE ${outbox} SET sent_at = now() WHERE id IN (SELECT r.id FROM records r JOIN offsets o USING (topic))
  )`;
  const topics = await queryRows(
    db,
    appendedTopic,
    `WITH records AS MATERIALIZED (
       SELECT id, topic, message_key, payload,
              jsonb_build_object('event_name', event_name, 'event_version', event_version::text,
                                 'traceparent', traceparent) AS headers,
              row_number() OVER (PARTITION BY topic ORDER BY id) AS n
         FROM (SELECT * FROM ${outbox} WHERE sent_at IS NULL ORDER BY id LIMIT $1) AS unsent
     ), ${append('records', marked)}`,
    [limit],
  );
  return {
    published: new Map(topics.filter((t) => t.known).map((t) => [t.topic, t.n])),
    missingTopics: topics.filter((t) => !t.known).map((t) => t.topic),
  };
}

/** Up to `limit` records of `topic` from `from` on, in offset order. */
export async function readLog(
  db: ClientBase,
  topic: string,
  from: string,
  limit: number,
): Promise<StoredRecord[]> {
  const { rows } = await db.query<StoredRecord>(
    // Ordered by the bigint column, not by the text alias of the same name (which ORDER BY would pick: "1000"
    // sorts before "334", and a read straddling a power of ten skipped records).
    `SELECT m."offset"::text AS offset, m.message_key AS key, m.payload AS value, m.headers
       FROM ${EVENT_LOG_SCHEMA}.messages AS m WHERE m.topic = $1 AND m."offset" >= $2
      ORDER BY m."offset" LIMIT $3`,
    [topic, from, limit],
  );
  return rows;
}

/** The group's next offset in `topic` ("0" when it has committed nothing: it reads from the beginning). */
export async function positionOf(db: ClientBase, group: string, topic: string): Promise<string> {
  const { rows } = await db.query<{ next: string }>(
    `SELECT next_offset::text AS next FROM ${EVENT_LOG_SCHEMA}.positions WHERE group_id = $1 AND topic = $2`,
    [group, topic],
  );
  return rows[0]?.next ?? '0';
}

export async function commitPosition(
  db: ClientBase,
  group: string,
  topic: string,
  next: string,
): Promise<void> {
  await db.query(
    `INSERT INTO ${EVENT_LOG_SCHEMA}.positions (group_id, topic, next_offset) VALUES ($1, $2, $3)
     ON CONFLICT (group_id, topic) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()`,
    [group, topic, next],
  );
}

/** Records not yet consumed by the groups on the topics each reads (0 = caught up). */
export async function logLag(db: ClientBase, groups: Record<string, readonly string[]>): Promise<number> {
  let lag = 0;
  for (const [group, topics] of Object.entries(groups)) {
    const { rows } = await db.query<{ lag: string }>(
      `SELECT coalesce(sum(t.next_offset - coalesce(p.next_offset, 0)), 0)::text AS lag
         FROM ${EVENT_LOG_SCHEMA}.topics t
         LEFT JOIN ${EVENT_LOG_SCHEMA}.positions p ON p.topic = t.name AND p.group_id = $1
        WHERE t.name = ANY($2::text[])`,
      [group, topics],
    );
    lag += Number(rows[0].lag);
  }
  return lag;
}
