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

/**
 * The oldest `limit` unsent rows of `outbox` (a quoted `schema.outbox`), in id order. Ordered by the table's
 * bigint column (`o.id`), not by the text column of the same name in the select list, which a bare `ORDER BY id`
 * picks: that sorted "10" before "9" (a batch straddling a power of ten sent later events of a key before
 * earlier ones), and it could not walk `outbox_unsent_idx`, so every pass scanned and sorted all unsent rows.
 */
export function unsentRows(db: ClientBase, outbox: string, limit: number): Promise<OutboxRow[]> {
  return queryRows(
    db,
    outboxRow,
    `SELECT o.id::text AS id, o.topic, o.message_key, o.event_name, o.event_version, o.payload, o.traceparent
       FROM ${outbox} AS o WHERE o.sent_at IS NULL ORDER BY o.id LIMIT $1`,
    [limit],
  );
}

export async function markSent(db: ClientBase, outbox: string, rows: readonly OutboxRow[]): Promise<void> {
  await db.query(`UPDATE ${outbox} SET sent_at = now() WHERE id = ANY($1::bigint[])`, [
    rows.map((r) => r.id),
  ]);
}
