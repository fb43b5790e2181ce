import { SchemaRegistry } from '@ates/contracts';
import type { DataSource } from 'typeorm';

/**
 * Producer contract: every event a service wrote to its outbox honours its schema, and the catalog names that
 * service as its producer and its topic as the one written. Returns what is wrong (empty when all is well).
 */
export async function outboxContractViolations(
  db: DataSource,
  schema: string,
  producer: string,
): Promise<string[]> {
  const registry: SchemaRegistry = new SchemaRegistry();
  const rows: { event_name: string; event_version: number; topic: string; payload: string }[] =
    await db.query(`SELECT event_name, event_version, topic, payload FROM ${schema}.outbox ORDER BY id`);
  return rows.flatMap((row) => {
    const what = `${row.event_name} v${row.event_version}`;
    try {
      registry.validate(JSON.parse(row.payload));
      const def = registry.definition(row.event_name, row.event_version);
      if (def.producer !== producer)
        return [`${what} is cataloged for ${def.producer}, written by ${producer}`];
      if (def.topic !== row.topic) return [`${what} written to ${row.topic}, cataloged for ${def.topic}`];
      return [];
    } catch (error) {
      return [`${what}: ${(error as Error).message}`];
    }
  });
}
