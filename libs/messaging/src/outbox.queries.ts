import { col, queryRows, rowOf } from '@ates/database';
import type { ClientBase } from 'pg';

export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event_name: string;
  event_version: number;
  payload: string;
  traceparent: string;
}

const outboxRow = rowOf<OutboxRow>('outbox row', {
  id: col.text,
  topic: col.text,
  message_key: col.text,
  event_name: col.text,
  event_version: col.int,
  payload: col.text,
  traceparent: col.text,
});

/** The oldest `limit` unsent rows of `outbox` (a quoted `schema.outbox`), in id order. */
export function unsentRows(db: ClientBase, outbox: string, limit: number): Promise<OutboxRow[]> {
  return queryRows(
    db,
    outboxRow,
    `SELECT id::text, topic, message_key, event_name, event_version, payload, traceparent
       FROM ${outbox} WHERE sent_at IS NULL ORDER BY id LIMIT $1`,
    [limit],
  );
}

export async function markSent(db: ClientBase, outbox: string, rows: readonly OutboxRow[]): Promise<void> {
  await db.query(`UPDATE ${outbox} SET sent_at = now() WHERE id = ANY($1::bigint[])`, [
    rows.map((r) => r.id),
  ]);
}
