import type { BillingCycleClosedV1, PaymentMadeV1, TransactionCreatedV1 } from '@ates/contracts';
import type { OutgoingEvent } from '@ates/messaging';
import type { CycleRow } from '../ledger/billing-cycles.repository';
import type { PaidRow } from './payouts.repository';

/** The events of a close's payouts: per payout its ledger entry (CUD) and PaymentMade. */
export function payoutEvents(
  cycle: Pick<CycleRow, 'public_id' | 'business_date'>,
  paid: readonly PaidRow[],
  description: string,
): OutgoingEvent[] {
  return paid.flatMap((p): OutgoingEvent[] => {
    const entry: OutgoingEvent<TransactionCreatedV1> = {
      name: 'TransactionCreated',
      version: 1,
      key: p.account_public_id,
      data: {
        public_id: p.entry_id,
        account_id: p.account_public_id,
        kind: 'payout',
        debit: p.amount,
        credit: 0,
        currency: 'USD',
        task_id: null,
        description,
        cycle_id: cycle.public_id,
        created_at: p.paid_at,
      },
    };
    const payment: OutgoingEvent<PaymentMadeV1> = {
      name: 'PaymentMade',
      version: 1,
      key: p.account_public_id,
      data: {
        payment_id: p.payment_id,
        account_id: p.account_public_id,
        cycle_id: cycle.public_id,
        business_date: cycle.business_date,
        amount: p.amount,
        currency: 'USD',
        entry_id: p.entry_id,
        paid_at: p.paid_at,
      },
    };
    return [entry, payment];
  });
}

/** The last event of a close, written after every payout's: the cycle closed, and the next one. */
export function cycleClosedEvent(closed: CycleRow, next: CycleRow): OutgoingEvent<BillingCycleClosedV1> {
  return {
    name: 'BillingCycleClosed',
    version: 1,
    key: closed.public_id,
    data: {
      cycle_id: closed.public_id,
      business_date: closed.business_date,
      opened_at: closed.opened_at,
      closed_at: closed.closed_at ?? new Date().toISOString(),
      payouts: closed.payouts ?? 0,
      total_paid: closed.total_paid ?? 0,
      currency: 'USD',
      next_cycle_id: next.public_id,
      next_business_date: next.business_date,
    },
  };
}
