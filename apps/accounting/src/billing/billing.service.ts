import { OutboxWriter } from '@ates/messaging';
import { businessDate } from '@ates/platform';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CLOSE_SLICE, TIME_ZONE } from '../accounting.tokens';
import { BillingCyclesRepository, CycleRow } from '../ledger/billing-cycles.repository';
import { PostingGate } from '../ledger/posting-gate.repository';
import { cycleClosedEvent, payoutEvents } from './billing.events';
import { describePayout, isOverdue, planPayouts } from './billing.rules';
import { PayoutsRepository } from './payouts.repository';

/** Accounts paid per statement of a close (keyset slices inside its one transaction). */
export const DEFAULT_CLOSE_SLICE = 5_000;

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
 * next, and write PaymentMade/TransactionCreated/BillingCycleClosed to the outbox. The balances are paid in
 * keyset slices of `sliceSize` accounts (their payouts and events written per slice), so a close of 100,000
 * accounts never holds them all in memory. A crash anywhere rolls all of it back, every slice included; two
 * closes serialise on the gate, so the second sees the fresh cycle.
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
    @Optional() @Inject(CLOSE_SLICE) private readonly sliceSize: number = DEFAULT_CLOSE_SLICE,
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
      const description = describePayout(open.business_date);
      const { payouts, totalPaid } = await this.payAll(tx, open, description);
      const closed = await this.cycles.close(tx, open.id, payouts, totalPaid);
      const today = businessDate(clock(), this.timeZone);
      const next = await this.cycles.openNext(tx, today > open.business_date ? today : open.business_date);
      await this.outbox.append(tx, [cycleClosedEvent(closed, next)]);
      return {
        cycleId: closed.public_id,
        date: closed.business_date,
        payouts,
        totalPaid,
        currency: 'USD' as const,
      };
    });
    if (result) this.logger.log({ ...result }, 'billing cycle closed');
    return result;
  }

  /** Pays the open cycle's positive balances slice by slice, in account order; the caller holds the gate. */
  private async payAll(
    tx: EntityManager,
    open: CycleRow,
    description: string,
  ): Promise<{ payouts: number; totalPaid: number }> {
    let payouts = 0;
    let totalPaid = 0;
    for (let after: string | null = null; ;) {
      const balances = await this.payouts.nonZeroBalances(tx, after, this.sliceSize);
      if (balances.length === 0) return { payouts, totalPaid };
      const paid = await this.payouts.pay(tx, open.id, planPayouts(balances).payouts, description);
      await this.outbox.append(tx, payoutEvents(open, paid, description));
      payouts += paid.length;
      totalPaid += paid.reduce((sum, p) => sum + p.amount, 0);
      after = balances[balances.length - 1].accountId;
    }
  }
}
