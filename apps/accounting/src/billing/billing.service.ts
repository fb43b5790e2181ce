import { OutboxWriter } from '@ates/messaging';
import { businessDate } from '@ates/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TIME_ZONE } from '../accounting.tokens';
import { BillingCyclesRepository, CycleRow } from '../ledger/billing-cycles.repository';
import { PostingGate } from '../ledger/posting-gate.repository';
import { closeEvents } from './billing.events';
import { describePayout, isOverdue, planPayouts } from './billing.rules';
import { PayoutsRepository } from './payouts.repository';

export interface CloseResult {
  cycleId: string;
  date: string;
  payouts: number;
  totalPaid: number;
  currency: 'USD';
}

/**
 * Closes billing cycles (SPEC §3.6). A close is one transaction behind the posting gate: pay every positive
 * balance (payout row + ledger entry + balance, unique per cycle and account), close the cycle, open the
 * next, and write PaymentMade/TransactionCreated/BillingCycleClosed to the outbox. A crash anywhere rolls
 * all of it back; two closes serialise on the gate, so the second sees the fresh cycle.
 */
@Injectable()
export class BillingService {
  private readonly logger = new Logger(BillingService.name);

  constructor(
    private readonly db: DataSource,
    private readonly gate: PostingGate,
    private readonly cycles: BillingCyclesRepository,
    private readonly payouts: PayoutsRepository,
    private readonly outbox: OutboxWriter,
    @Inject(TIME_ZONE) private readonly timeZone: string,
  ) {}

  /** Admin: close the open cycle now, whatever its date. */
  async closeNow(clock: () => Date = () => new Date()): Promise<CloseResult> {
    const result = await this.closeIf(clock, () => true);
    if (!result) throw new Error('unreachable: an unconditional close always closes');
    return result;
  }

  /**
   * Scheduler: close the open cycle if its business day is over in ATES_TIMEZONE; null when it is not. The
   * check is first made without the gate (a plain read), so a check with nothing to do never pauses postings.
   */
  async closeOverdue(clock: () => Date = () => new Date()): Promise<CloseResult | null> {
    const overdue = (cycle: { business_date: string }) =>
      isOverdue(cycle.business_date, businessDate(clock(), this.timeZone));
    const open = await this.cycles.peekOpen();
    if (open && !overdue(open)) return null;
    return this.closeIf(clock, overdue);
  }

  /** At start: an open cycle for today must exist before anything is posted. */
  ensureOpenCycle(now = new Date()): Promise<void> {
    return this.cycles.ensureOpen(businessDate(now, this.timeZone));
  }

  private async closeIf(
    clock: () => Date,
    shouldClose: (open: CycleRow) => boolean,
  ): Promise<CloseResult | null> {
    const result = await this.db.transaction(async (tx) => {
      await this.gate.enterToClose(tx);
      const open = await this.cycles.open(tx); // read (and the clock below) only once the gate is ours
      if (!shouldClose(open)) return null;
      const plan = planPayouts(await this.payouts.nonZeroBalances(tx));
      const description = describePayout(open.business_date);
      const paid = await this.payouts.pay(tx, open.id, plan.payouts, description);
      const totalPaid = paid.reduce((sum, p) => sum + p.amount, 0);
      const closed = await this.cycles.close(tx, open.id, paid.length, totalPaid);
      const today = businessDate(clock(), this.timeZone);
      const next = await this.cycles.openNext(tx, today > open.business_date ? today : open.business_date);
      await this.outbox.append(tx, closeEvents(closed, next, paid, description));
      return {
        cycleId: closed.public_id,
        date: closed.business_date,
        payouts: paid.length,
        totalPaid,
        currency: 'USD' as const,
      };
    });
    if (result) this.logger.log({ ...result }, 'billing cycle closed');
    return result;
  }
}
