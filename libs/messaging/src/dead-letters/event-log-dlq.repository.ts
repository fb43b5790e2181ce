import { col, queryRows, rowOf, type Queryable } from '@ates/database';

const TOPIC = rowOf('event-log topic', { name: col.text });

/** Serialises dlq runs on the event log, inside the caller's transaction. */
export async function lockDlqRuns(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('eventlog.dlq'))`);
}

/** Those of `names` the event log has as topics, by name. */
export async function existingTopics(db: Queryable, names: readonly string[]): Promise<string[]> {
  const rows = await queryRows(
    db,
    TOPIC,
    'SELECT name FROM eventlog.topics WHERE name = ANY($1::text[]) ORDER BY name',
    [names],
  );
  return rows.map((row) => row.name);
}
