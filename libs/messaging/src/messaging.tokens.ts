export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Kafka, or the PostgreSQL event log of the embedded mode (same interface, see event-log/event-log.repository.ts). */
export type EventTransport = 'kafka' | 'postgres';

export interface MessagingOptions {
  /** Service name: producer name in envelopes, Kafka client id and consumer group. */
  service: string;
  /** The service's schema, where its outbox and processed_events live. */
  schema: string;
  transport: EventTransport;
  /** Kafka's brokers (empty with the PostgreSQL event log). */
  brokers: string[];
  /** Topics this service produces to or consumes from; created at start if missing. */
  topics: readonly string[];
  relay?: Partial<RelayOptions>;
  /** How the consumer retries a failing handler before dead-lettering its event. */
  consumerRetry?: { attempts: number; baseDelayMs: number; maxDelayMs: number };
}

export interface RelayOptions {
  batchSize: number;
  /** How long the relay sleeps when the outbox is empty. */
  idleDelayMs: number;
  /** Upper bound of the back-off when Kafka or the database fails. */
  maxBackoffMs: number;
  /**
   * After a pass that published something but not a full batch, how long commits may gather before the next
   * pass: a stream of small commits goes out in fewer, larger batches (one statement or send each).
   */
  gatherMs: number;
}
