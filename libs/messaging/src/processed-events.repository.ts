import { col, queryRows, quoteIdent, rowOf } from '@ates/database';
import { EntityManager } from 'typeorm';

const EVENT_ID = rowOf('processed event', { event_id: col.text });

/** `<schema>.processed_events`: the inbox's record of the events each consumer has applied. */
export class ProcessedEventsRepository {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${quoteIdent(schema)}.processed_events`;
  }

  /** Records the events for `consumer` in one statement; returns the ids not recorded before. */
  async claim(tx: EntityManager, consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
    const fresh = await queryRows(
      tx,
      EVENT_ID,
      `INSERT INTO ${this.table} (consumer, event_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, eventIds],
    );
    return new Set(fresh.map((row) => row.event_id));
  }
}
