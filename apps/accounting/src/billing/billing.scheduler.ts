import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { BillingService } from './billing.service';

/** How often the scheduler asks "is the open cycle's business day over?" (a cheap indexed read). */
export const BILLING_CHECK_INTERVAL_MS = 15_000;

/**
 * Closes each business day's cycle once the day is over in ATES_TIMEZONE. Checking on an interval rather
 * than firing once at midnight catches up after downtime and needs no coordination between replicas: the
 * close is exactly-once on its own (BillingService), so a late or doubled check pays nobody twice.
 */
@Injectable()
export class BillingScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(BillingScheduler.name);

  constructor(private readonly billing: BillingService) {}

  /** Before the Kafka consumer starts (bootstrapService): an open cycle exists, yesterday's is closed. */
  async onApplicationBootstrap(): Promise<void> {
    await this.billing.ensureOpenCycle();
    await this.billing.closeOverdue();
  }

  @Interval('billing-cycle-close', BILLING_CHECK_INTERVAL_MS)
  async closeOverdue(): Promise<void> {
    try {
      await this.billing.closeOverdue();
    } catch (error) {
      this.logger.error({ err: error }, 'scheduled close failed; the next check retries');
    }
  }
}
