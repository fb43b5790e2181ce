import type { IHeaders } from 'kafkajs';

/** The consumer group whose committed position marks dead letters replayed or dropped. */
export const DLQ_GROUP = 'ates-dlq';

/** A dead letter as it lies in a `<topic>.dlq` topic, for the `npm run dlq` tool. */
export interface StoredDeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** Dead letters on one transport: Kafka, or the PostgreSQL event log. */
export interface DeadLetterStore {
  /** The dead letters after the group's position, in order per partition. */
  pending(dlqTopics: string[]): Promise<StoredDeadLetter[]>;
  /** Moves the group's position past them. */
  markDone(letters: StoredDeadLetter[]): Promise<void>;
  /** Puts them back on their original topic without the `dlq_*` headers, then marks them done. */
  replay(letters: StoredDeadLetter[]): Promise<void>;
  close(): Promise<void>;
}

export const header = (headers: IHeaders, name: string): string => headers[name]?.toString() ?? '';

/** The headers an event had before it was dead-lettered. */
export const originalHeaders = (headers: IHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !name.startsWith('dlq_'))
      .map(([name, value]) => [name, String(value)]),
  );

/** The last letter of each topic and partition: where the group's position goes. */
export function lastPerPartition(letters: StoredDeadLetter[]): StoredDeadLetter[] {
  const last = new Map<string, StoredDeadLetter>();
  for (const l of letters) {
    const key = `${l.topic}:${l.partition}`;
    const seen = last.get(key);
    if (!seen || BigInt(l.offset) > BigInt(seen.offset)) last.set(key, l);
  }
  return [...last.values()];
}
