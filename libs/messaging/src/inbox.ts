import type { EventEnvelope } from '@ates/contracts';
import { isTransactionConflict } from '@ates/database';
import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ChunkWork } from './chunk-work';
import { InboxContext } from './inbox.context';
import { metrics } from './metrics';
import { ProcessedEventsRepository } from './processed-events.repository';

/** Tries of a chunk's transaction that deadlocks with another one before it counts as failed. */
const CONFLICT_ATTEMPTS = 5;

export interface InboxEvent {
  envelope: EventEnvelope;
  topic: string;
  partition: number;
  offset: string;
}

/** Applies one event inside the inbox transaction; resolves when its effects are written to `ctx.tx`. */
export type EventDispatcher = (envelope: EventEnvelope, ctx: InboxContext) => Promise<unknown>;

/** Thrown by `Inbox.apply`: the events before `index` are committed; `events[index]` failed with `cause`. */
export class InboxFailure extends Error {
  constructor(
    readonly index: number,
    readonly event: InboxEvent,
    override readonly cause: unknown,
  ) {
    super((cause as { message?: string })?.message ?? String(cause));
    this.name = 'InboxFailure';
  }
}

/**
 * The idempotent-consumer side (inbox). Events are applied in order, many in one transaction, together
 * with their `processed_events` rows: an event already recorded is skipped, so redelivery is harmless.
 * When a multi-event transaction fails, the events are re-applied one per transaction so that those before
 * the failing one commit; the failing one is rethrown and must not be acknowledged.
 */
export class Inbox {
  private readonly processed: ProcessedEventsRepository;
  private readonly logger = new Logger(Inbox.name);

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
    private readonly consumer: string,
    private readonly dispatch: EventDispatcher,
  ) {
    this.processed = new ProcessedEventsRepository(schema);
  }

  /**
   * `between` runs after each transaction of the one-by-one pass (the Kafka consumer heartbeats there: a chunk of
   * 500 applied one by one on a loaded machine outlasted the 10 s session, and the group took the partition away).
   */
  async apply(events: readonly InboxEvent[], between?: () => Promise<void>): Promise<void> {
    if (events.length === 0) return;
    try {
      this.count(await this.transaction(events));
    } catch (error) {
      if (events.length === 1) throw this.failure(0, events[0], error);
      this.logger.warn(`a batch of ${events.length} events failed; applying them one by one`);
      for (const [index, event] of events.entries()) {
        try {
          this.count(await this.transaction([event]));
        } catch (single) {
          throw this.failure(index, event, single);
        }
        await between?.();
      }
    }
  }

  /**
   * One transaction over the events, run again (after a short random pause) when it collided with a concurrent
   * chunk: a deadlock says nothing about the events, so it must not split the chunk or count as a handler failure.
   */
  private async transaction(events: readonly InboxEvent[]): Promise<[InboxEvent, boolean][]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((tx) => this.applyIn(tx, events));
      } catch (error) {
        if (!isTransactionConflict(error) || attempt === CONFLICT_ATTEMPTS) throw error;
        metrics.inc('ates_consumer_conflicts_total', { consumer: this.consumer });
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }

  /** Applies the events not seen before; returns which were applied (true) and which skipped (false). */
  private async applyIn(tx: EntityManager, events: readonly InboxEvent[]): Promise<[InboxEvent, boolean][]> {
    const ids = events.map((e) => e.envelope.event_id);
    const todo = await this.processed.claim(tx, this.consumer, ids);
    const work = new ChunkWork();
    const outcome: [InboxEvent, boolean][] = [];
    for (const event of events) {
      const isNew = todo.delete(event.envelope.event_id); // else seen before (or twice in this batch)
      outcome.push([event, isNew]);
      if (!isNew) continue;
      await this.dispatch(
        event.envelope,
        new InboxContext(tx, event.envelope, event.topic, event.partition, event.offset, work),
      );
    }
    await work.flush(); // the set-based writes of the handlers that deferred theirs
    return outcome;
  }

  /** Counted once committed (a rolled-back transaction applied nothing), one increment per topic and outcome. */
  private count(outcome: [InboxEvent, boolean][]): void {
    const tally = new Map<string, { topic: string; applied: boolean; n: number }>();
    for (const [{ topic }, applied] of outcome) {
      const key = `${applied} ${topic}`;
      const entry = tally.get(key) ?? { topic, applied, n: 0 };
      entry.n += 1;
      tally.set(key, entry);
    }
    for (const { topic, applied, n } of tally.values())
      metrics.inc(
        applied ? 'ates_consumer_events_applied_total' : 'ates_consumer_events_duplicate_total',
        { consumer: this.consumer, topic },
        n,
      );
  }

  private failure(index: number, event: InboxEvent, error: unknown): InboxFailure {
    const { envelope, topic, partition, offset } = event;
    this.logger.warn(
      `${this.consumer}: ${envelope.event_name} v${envelope.event_version} event_id=${envelope.event_id} ` +
        `(${topic}/${partition}@${offset}) failed: ${(error as { message?: string })?.message ?? String(error)}`,
    );
    return new InboxFailure(index, event, error);
  }
}
