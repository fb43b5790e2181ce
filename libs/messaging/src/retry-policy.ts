import { isDatabaseUnavailable } from '@ates/database';
import { Logger } from '@nestjs/common';
import { Inbox, InboxEvent, InboxFailure } from './inbox';
import { metrics } from './metrics';

export interface RetryPolicy {
  /** Tries of one failing event before it is dead-lettered (the first try included). */
  attempts: number;
  /** First wait between tries; doubles each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8_000 };

export const retryDelayMs = (policy: RetryPolicy, attempt: number): number =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));

export interface HandlerDeadLetter {
  event: InboxEvent;
  reason: string;
  attempts: number;
}

export interface RetryHooks {
  /** Called while waiting between tries (the Kafka consumer heartbeats here). */
  heartbeat(): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** False once the consumer is stopping or its partitions were revoked: stop, don't dead-letter. */
  isRunning(): boolean;
}

/**
 * Applies events through the inbox, in order; an event whose handler fails is tried again in place with
 * exponential back-off (heartbeating), then handed back to be dead-lettered so the partition keeps moving.
 * An unavailable database is not the event's fault: that error is rethrown (nothing is acknowledged and
 * kafkajs retries the batch later) instead of dead-lettering everything while the database is down.
 */
export class RetryingApplier {
  private readonly logger = new Logger(RetryingApplier.name);

  constructor(
    private readonly inbox: Inbox,
    private readonly consumer: string,
    private readonly policy: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async apply(events: readonly InboxEvent[], hooks: RetryHooks): Promise<HandlerDeadLetter[]> {
    const deadLetters: HandlerDeadLetter[] = [];
    let rest = [...events];
    while (rest.length > 0) {
      try {
        await this.inbox.apply(rest, () => hooks.heartbeat());
        return deadLetters;
      } catch (error) {
        if (!(error instanceof InboxFailure) || isDatabaseUnavailable(error.cause)) throw error;
        const dead = await this.retry(error, hooks);
        if (dead) deadLetters.push(dead);
        rest = rest.slice(error.index + 1);
      }
    }
    return deadLetters;
  }

  private async retry(failure: InboxFailure, hooks: RetryHooks): Promise<HandlerDeadLetter | null> {
    let last: unknown = failure.cause;
    const { envelope } = failure.event;
    for (let attempt = 2; attempt <= this.policy.attempts; attempt++) {
      const wait = retryDelayMs(this.policy, attempt - 1);
      this.logger.warn(
        `${this.consumer}: retry ${attempt}/${this.policy.attempts} of ${envelope.event_name} ${envelope.event_id} in ${wait} ms`,
      );
      metrics.inc('ates_consumer_retries_total', { consumer: this.consumer, topic: failure.event.topic });
      await hooks.heartbeat();
      await hooks.sleep(wait);
      if (!hooks.isRunning()) throw failure;
      try {
        await this.inbox.apply([failure.event]);
        return null;
      } catch (error) {
        last = error instanceof InboxFailure ? error.cause : error;
        if (isDatabaseUnavailable(last)) throw error;
      }
    }
    const reason = `handler failed ${this.policy.attempts} times: ${(last as { message?: string })?.message ?? String(last)}`;
    return { event: failure.event, reason, attempts: this.policy.attempts };
  }
}
